import { DependencyCaching } from './caching';
import { buildAndCopy, buildDependencies } from './cargo-command';
import { execForm, quoted, shellWord } from './escape';
import { Linking } from './linking';
import { ins, Instruction, Stage } from './model';
import { stubDirs, stubFiles } from './stubs';
import { ImagePlan } from '../plan/plan';

export const BUILDER_STAGE = 'builder';
export const BUILD_DIR = '/app';

/** The builder stage: toolchain, dependency caching per the plan, then the real build. */
export function builderStage(plan: ImagePlan): Stage {
  const instructions: Instruction[] = [...toolchainSetup(plan), ins.plain('WORKDIR', BUILD_DIR)];
  const channel = plan.toolchain.installChannel;
  if (channel) {
    const extras = [
      ...plan.workspace.toolchain.components.flatMap((c) => ['--component', c]),
      ...plan.workspace.toolchain.targets.flatMap((t) => ['--target', t]),
    ];
    instructions.push(ins.run([['rustup', 'toolchain', 'install', channel, '--profile', 'minimal', ...extras].map(shellWord).join(' ')], {
      comments: [`${plan.workspace.toolchain.file} asks for "${channel}", which no official image carries.`],
    }));
  }
  switch (plan.caching) {
    case DependencyCaching.LAYER:
      instructions.push(...layerCaching(plan));
      break;
    case DependencyCaching.CACHE_MOUNT:
      instructions.push(...cacheMounts(plan));
      break;
    default:
      instructions.push(
        ins.copy(['.'], '.', { comments: ['No dependency caching: every change rebuilds all dependencies.'] }),
        ins.run(buildAndCopy(plan)),
      );
  }
  return {
    comments: [`Builder: ${plan.toolchain.builderImage} (Rust ${plan.toolchain.rustVersion}, from ${plan.toolchain.explanation}).`],
    from: plan.toolchain.builderImage,
    name: BUILDER_STAGE,
    instructions,
  };
}

function toolchainSetup(plan: ImagePlan): Instruction[] {
  switch (plan.linking) {
    case Linking.STATIC_GLIBC:
      return [
        ins.plain('SHELL', execForm(['/bin/bash', '-o', 'pipefail', '-c'])),
        ins.plain('ENV', `RUSTFLAGS=${quoted('-C target-feature=+crt-static')}`, [
          'Static glibc: +crt-static applies to the --target build only, so build scripts and proc-macros still load.',
        ]),
      ];
    case Linking.STATIC_MUSL:
      return [ins.run(['apk add --no-cache musl-dev'], { comments: ['musl: the alpine builder links statically by default; musl-dev brings the C runtime files.'] })];
    default:
      return [];
  }
}

/** Files and directories that decide the compiled dependencies, each with its COPY. */
export function dependencyInputs(plan: ImagePlan): Instruction[] {
  const ws = plan.workspace;
  const copies: Instruction[] = [];
  const wholeDirs = [...ws.cargoConfig.sourceDirs, ...ws.pathDependencyDirs].sort();
  const inWholeDir = (file: string) => wholeDirs.some((dir) => file.startsWith(`${dir}/`));
  for (const manifest of ws.manifests.filter((m) => !inWholeDir(m))) {
    if (manifest === 'Cargo.toml') {
      copies.push(ins.copy(['Cargo.toml', ...(ws.lockfile ? [ws.lockfile] : [])], './'));
    } else {
      copies.push(ins.copy([manifest], `${parent(manifest)}/`));
    }
  }
  for (const file of [ws.toolchain.file, ws.cargoConfig.file]) {
    if (file) {
      copies.push(ins.copy([file], file.includes('/') ? `${parent(file)}/` : './'));
    }
  }
  for (const dir of wholeDirs) {
    copies.push(ins.copy([`${dir}/`], `${dir}/`));
  }
  return copies;
}

function layerCaching(plan: ImagePlan): Instruction[] {
  const stubs = stubFiles(plan.workspace);
  const libs = stubs.filter((s) => s.kind === 'lib').map((s) => shellWord(s.path));
  const mains = stubs.filter((s) => s.kind === 'main').map((s) => shellWord(s.path));
  const dirs = stubDirs(stubs).map(shellWord);
  const stubCommands = [
    ...(dirs.length ? [`mkdir -p ${dirs.join(' ')}`] : []),
    ...(libs.length ? [`touch ${libs.join(' ')}`] : []),
    ...(mains.length ? [`for f in ${mains.join(' ')}; do echo 'fn main() {}' > "$f"; done`] : []),
  ];
  const inputs = dependencyInputs(plan);
  return [
    {
      ...inputs[0],
      comments: [
        'Dependencies: copy only the files that decide them, write stub targets, and compile.',
        'This layer is rebuilt only when a manifest, Cargo.lock, the toolchain file, the cargo',
        'config or vendored sources change; a source-only edit reuses it.',
      ],
    },
    ...inputs.slice(1),
    ins.run([...stubCommands, ...buildDependencies(plan)]),
    ins.copy(['.'], '.', {
      comments: [
        'Sources: the real files replace the stubs. COPY keeps the files\' old timestamps, so touch',
        'them to make cargo rebuild the workspace crates instead of keeping the stub binary.',
      ],
    }),
    ins.run([`touch ${stubs.map((s) => shellWord(s.path)).join(' ')}`, ...buildAndCopy(plan)]),
  ];
}

function cacheMounts(plan: ImagePlan): Instruction[] {
  const id = `${plan.package.name}-${plan.binary.name}-${plan.linking}-${plan.profile}`;
  return [
    ins.copy(['.'], '.'),
    ins.run(buildAndCopy(plan), {
      comments: [
        'BuildKit cache mounts keep the registry and target/ between builds on this machine.',
        'They are not exported to registry or CI caches; the binary is copied out of the mount.',
      ],
      flags: [
        '--mount=type=cache,id=cargo-registry,target=/usr/local/cargo/registry,sharing=locked',
        '--mount=type=cache,id=cargo-git,target=/usr/local/cargo/git/db,sharing=locked',
        `--mount=type=cache,id=${id},target=${BUILD_DIR}/target,sharing=locked`,
      ],
    }),
  ];
}

function parent(file: string): string {
  return file.slice(0, file.lastIndexOf('/'));
}
