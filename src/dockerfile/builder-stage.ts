import { createHash } from 'crypto';
import { auditableSetup } from './auditable';
import type { CargoBuildSpec } from './cargo-command';
import { buildAndCopyBinaries, buildDependenciesOnly, cargoBuildSpec } from './cargo-command';
import { knownHostsSetup, withCredentials } from './credentials';
import { BUILD_PLATFORM, crossSetup } from './cross';
import { fileTimeUnits, fileTimesDir, settleFileTimes } from './file-times';
import type { Instruction, Stage } from './model';
import { ins } from './model';
import type { RelocatedSource } from './relocated-sources';
import { relocatedSources, relocationConfig } from './relocated-sources';
import type { RuntimeLibraryCheck } from './runtime-libraries';
import { LIBRARIES_STAGE, runtimeLibrariesCheck, runtimeLibrariesStage } from './runtime-libraries';
import { stubDirs, stubFiles } from './stubs';
import type { CargoWorkspace } from '../cargo/model';
import { execForm, dockerfileQuoted, shellWord } from '../core/quote';
import { DependencyCaching } from '../plan/caching';
import type { BuildCredentials } from '../plan/credentials-plan';
import { NO_CREDENTIALS } from '../plan/credentials-plan';
import type { CrossPlan } from '../plan/cross';
import { Linking } from '../plan/linking';
import type { BuilderKind } from '../plan/native/detect';
import { sqlxOfflineReasons } from '../plan/native/sqlx';
import type { ImagePlan } from '../plan/plan';
import type { ResolvedToolchain } from '../plan/toolchain';

export const BUILDER_STAGE = 'builder';
export const BUILD_DIR = '/app';

/**
 * What a builder stage needs: the workspace, toolchain, linking and caching, and the one
 * `cargo build` it runs. An image's plan gives one; a workspace image set gives one shared
 * by all its images.
 */
export interface BuilderSpec {
  readonly workspace: CargoWorkspace;
  readonly toolchain: ResolvedToolchain;
  readonly linking: Linking;
  readonly caching: DependencyCaching;
  readonly build: CargoBuildSpec;
  /** The id of the `target/` cache mount (CACHE_MOUNT caching). */
  readonly cacheId: string;
  /** The stage name. @default BUILDER_STAGE */
  readonly name?: string;
  /** Packages the builder installs before the dependency layer (native crates of Cargo.lock, `builderPackages`). */
  readonly packages: BuilderPackages;
  /** One runtime-library check per binary, against the runtime of its image. */
  readonly runtimeLibraries: RuntimeLibraryCheck[];
  /** Crates of Cargo.lock that link a C library of the soname table (their sonames get a crate and a fix in the check's errors). */
  readonly libraryCrates: string[];
  /** The name of the stage that writes the runtime-libraries script. @default LIBRARIES_STAGE */
  readonly librariesStage?: string;
  /** Why the build runs with SQLX_OFFLINE=true (sqlx's query macros and their offline data), one line per image; empty: it does not. */
  readonly sqlxOffline: string[];
  /** Cross-compilation for the images' platforms (no targets: none). */
  readonly cross: CrossPlan;
  /** Build packages of the linked C libraries: their `-dev` packages are installed for a foreign target. */
  readonly targetLibraries: string[];
  /** Private registries' tokens and git over SSH for the steps that fetch crates. Absent: none. */
  readonly credentials?: BuildCredentials;
}

/** What the builder installs, with apt (Debian builder) or apk (alpine builder), and why. */
export interface BuilderPackages {
  readonly kind: BuilderKind;
  /** Sorted, unique. */
  readonly names: string[];
  /** One line per reason, for the Dockerfile comment. */
  readonly reasons: string[];
}

/** The builder of one image's plan. */
export function builderSpec(plan: ImagePlan): BuilderSpec {
  return {
    workspace: plan.workspace,
    toolchain: plan.toolchain,
    linking: plan.linking,
    caching: plan.caching,
    build: cargoBuildSpec(plan),
    cacheId: cacheId([plan.package.name, plan.binary.name, plan.linking, plan.profile]),
    packages: { kind: plan.native.builder, names: plan.native.builderPackages, reasons: plan.native.builderPackageReasons },
    runtimeLibraries: [{ binary: plan.binary.name, runtime: plan.runtime }],
    libraryCrates: plan.native.libraryCrates,
    sqlxOffline: sqlxOfflineReasons(plan.native.sqlx),
    cross: plan.cross,
    targetLibraries: plan.native.libraryBuildPackages,
    credentials: plan.credentials,
  };
}

/** The builder stage: toolchain, dependency caching per the plan, then the real build. */
export function builderStage(plan: ImagePlan): Stage {
  return builderStageFor(builderSpec(plan));
}

/** The runtime-libraries script's stage of one image's plan. */
export function librariesStage(plan: ImagePlan): Stage {
  return librariesStageFor(builderSpec(plan));
}

/** `builderStage` for any builder spec. */
export function builderStageFor(spec: BuilderSpec): Stage {
  const credentials = spec.credentials ?? NO_CREDENTIALS;
  const instructions: Instruction[] = [
    ...toolchainSetup(spec.linking, spec.packages),
    ...crossSetup(spec.cross, spec.targetLibraries),
    ...auditableSetup(spec.build.auditable),
    ...knownHostsSetup(credentials, spec.packages.kind),
    ins.plain('WORKDIR', BUILD_DIR),
  ];
  const channel = spec.toolchain.installChannel;
  if (channel) {
    const extras = [
      ...spec.workspace.toolchain.components.flatMap((c) => ['--component', c]),
      ...spec.workspace.toolchain.targets.flatMap((t) => ['--target', t]),
    ];
    instructions.push(ins.run([['rustup', 'toolchain', 'install', channel, '--profile', 'minimal', ...extras].map(shellWord).join(' ')], {
      comments: [`${spec.workspace.toolchain.file} asks for "${channel}", which no official image carries.`],
    }));
  }
  switch (spec.caching) {
    case DependencyCaching.LAYER:
      instructions.push(...layerCaching(spec));
      break;
    case DependencyCaching.CACHE_MOUNT:
      instructions.push(...cacheMounts(spec));
      break;
    default:
      instructions.push(
        ...sqlxOffline(spec),
        ins.copy(['.'], '.', { comments: ['No dependency caching: every change rebuilds all dependencies.'] }),
        withCredentials(ins.run(buildAndCopyBinaries(spec.build)), credentials),
      );
  }
  // The check ends the build's own step: a step of its own costs a container start and a
  // layer (about 0.6 s of every source edit) for a script that runs in 0.1 s.
  const check = runtimeLibrariesCheck(spec.librariesStage ?? LIBRARIES_STAGE, spec.runtimeLibraries);
  const build = instructions.pop()!;
  instructions.push({
    ...build,
    flags: [...(build.flags ?? []), ...(check.flags ?? [])],
    args: [...build.args, ...check.args],
    comments: [...(build.comments ?? []), ...(check.comments ?? [])],
  });
  return {
    comments: [`Builder: ${spec.toolchain.builderImage} (Rust ${spec.toolchain.rustVersion}, from ${spec.toolchain.explanation}).`],
    from: spec.toolchain.builderImage,
    platform: spec.build.cross ? BUILD_PLATFORM : undefined,
    name: spec.name ?? BUILDER_STAGE,
    instructions,
  };
}

/** The stage that writes the runtime-libraries script the builder runs last; it comes before the builder. */
export function librariesStageFor(spec: BuilderSpec): Stage {
  const script = { builder: spec.packages.kind, crates: spec.libraryCrates };
  const stage = runtimeLibrariesStage(script, spec.toolchain.builderImage, spec.librariesStage ?? LIBRARIES_STAGE);
  return spec.build.cross ? { ...stage, platform: BUILD_PLATFORM } : stage;
}

function toolchainSetup(linking: Linking, packages: BuilderPackages): Instruction[] {
  const why = packages.reasons.map((r) => `  ${r}`);
  switch (linking) {
    case Linking.STATIC_GLIBC:
      return [
        ins.plain('SHELL', execForm(['/bin/bash', '-o', 'pipefail', '-c'])),
        ins.plain('ENV', `RUSTFLAGS=${dockerfileQuoted('-C target-feature=+crt-static')}`, [
          'Static glibc: +crt-static applies to the --target build only, so build scripts and proc-macros still load.',
        ]),
        ...aptPackages(packages),
      ];
    case Linking.STATIC_MUSL:
      return [ins.run([`apk add --no-cache ${['musl-dev', ...packages.names.filter((p) => p !== 'musl-dev')].map(shellWord).join(' ')}`], {
        comments: [
          'musl: the alpine builder links statically by default; musl-dev brings the C runtime files.',
          ...(why.length ? ['Packages for native crates:', ...why] : []),
        ],
      })];
    default:
      return aptPackages(packages);
  }
}

/** The Debian builder's packages for native crates, before anything is compiled. */
function aptPackages(packages: BuilderPackages): Instruction[] {
  if (packages.names.length === 0) {
    return [];
  }
  return [ins.run([
    'apt-get update',
    `apt-get install -y --no-install-recommends ${packages.names.map(shellWord).join(' ')}`,
    'rm -rf /var/lib/apt/lists/*',
  ], { comments: ['Packages the native crates need to build (before the dependency layer, so it stays cached):', ...packages.reasons.map((r) => `  ${r}`)] })];
}

/** Files and directories that decide the compiled dependencies, each with its COPY (a relocated vendored directory to its new place). */
export function dependencyInputs(ws: CargoWorkspace, relocated: readonly RelocatedSource[] = []): Instruction[] {
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
    const moved = relocated.find((r) => r.dir === dir);
    copies.push(ins.copy([`${dir}/`], moved ? `${moved.to}/` : `${dir}/`));
  }
  return copies;
}

/** cargo's target directory in LAYER caching: in the dependency layer, out of the build directory the sources are mounted on. */
export const LAYER_TARGET_DIR = '/target';

/**
 * The build step's view of the sources: the build context mounted on the build directory,
 * writable (cargo and `touch` may write; nothing written stays). Unlike `COPY . .`, nothing
 * is copied into a layer: BuildKit has the context already, and a copy costs a layer of every
 * file (vendored crates included, which this engine's COPY cannot exclude) on each edit.
 */
export const SOURCES_MOUNT = `--mount=type=bind,target=${BUILD_DIR},rw`;

function layerCaching(original: BuilderSpec): Instruction[] {
  const relocated = relocatedSources(original);
  const spec: BuilderSpec = { ...original, build: { ...original.build, config: relocationConfig(relocated), targetDir: LAYER_TARGET_DIR } };
  const skipVendored = relocated.length > 0;
  const records = fileTimesDir(LAYER_TARGET_DIR);
  const stubs = stubFiles(spec.workspace);
  const libs = stubs.filter((s) => s.kind === 'lib').map((s) => shellWord(s.path));
  const mains = stubs.filter((s) => s.kind === 'main').map((s) => shellWord(s.path));
  const dirs = stubDirs(stubs).map(shellWord);
  const stubCommands = [
    ...(dirs.length ? [`mkdir -p ${dirs.join(' ')}`] : []),
    ...(libs.length ? [`touch ${libs.join(' ')}`] : []),
    ...(mains.length ? [`for f in ${mains.join(' ')}; do echo 'fn main() {}' > "$f"; done`] : []),
  ];
  const inputs = dependencyInputs(spec.workspace, relocated);
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
    // Relocated vendored crates need no settling: this layer compiles them from its own copy.
    // The one step that fetches: the build step finds every crate in CARGO_HOME, in this layer.
    withCredentials(ins.run([...stubCommands, ...settleFileTimes(spec.workspace, { skipVendored, records }), ...buildDependenciesOnly(spec.build)], {
      comments: [`cargo's target directory is ${LAYER_TARGET_DIR}, in this layer: the build step mounts the sources on ${BUILD_DIR}.`],
    }), spec.credentials ?? NO_CREDENTIALS),
    ...sqlxOffline(spec),
    ins.run([...settleFileTimes(spec.workspace, { skipVendored, records }), touchTargets(spec.workspace), ...buildAndCopyBinaries(spec.build)], {
      flags: [SOURCES_MOUNT],
      comments: [
        `Sources: the build context, mounted on ${BUILD_DIR} (nothing copied into a layer), replaces the stubs.`,
        'Its files keep the checkout\'s times, which can be older than the stub build: touch the',
        'targets so that cargo rebuilds the workspace crates instead of keeping the stub binary.',
        ...relocatedComment(relocated),
        ...settledComment(spec, skipVendored),
      ],
    }),
  ];
}

/** The settling of the relocated vendored crates alone (path dependencies are settled with the build). */
function settleVendored(ws: CargoWorkspace, vendored: (dir: string) => string): string[] {
  return settleFileTimes({ ...ws, pathDependencyDirs: [] }, { vendored });
}

/** Why cargo reads the vendored crates from RELOCATED_SOURCES (none relocated: nothing). */
function relocatedComment(relocated: readonly RelocatedSource[]): string[] {
  if (relocated.length === 0) {
    return [];
  }
  return [
    `cargo reads the vendored crates from the dependency layer's copy (${relocated.map((r) => r.to).join(', ')}),`,
    'so their file times in the mounted checkout change nothing.',
  ];
}

/**
 * SQLX_OFFLINE=true when sqlx's query macros and their offline data are both there. Set
 * after the dependency layer (the macros read it when they expand, in the workspace crates,
 * not when they compile), so data appearing or going does not rebuild the dependencies.
 */
function sqlxOffline(spec: BuilderSpec): Instruction[] {
  if (spec.sqlxOffline.length === 0) {
    return [];
  }
  return [ins.plain('ENV', 'SQLX_OFFLINE=true', ['sqlx: the query macros read the offline query data, never a database.', ...spec.sqlxOffline.map((l) => `  ${l}`)])];
}

/** Why the build settles the file times of vendored crates and path dependencies (none: nothing). */
function settledComment(spec: BuilderSpec, skipVendored: boolean = false): string[] {
  if (fileTimeUnits(spec.workspace, { skipVendored }).length === 0) {
    return [];
  }
  return [
    'A fresh checkout has the same dependency sources with new file times: vendored crates and',
    'path dependencies whose contents were compiled before get a fixed old time (so cargo keeps',
    'their artifacts), changed ones the current time (so cargo rebuilds them).',
  ];
}

/**
 * `touch` of every target's root file. Docker's COPY keeps the context's (old) file times,
 * so without it cargo can judge artifacts built from other sources fresh: the stub build in
 * LAYER mode, or another checkout's build in a shared cache mount.
 */
function touchTargets(ws: CargoWorkspace): string {
  return `touch ${stubFiles(ws).map((s) => shellWord(s.path)).join(' ')}`;
}

function cacheMounts(original: BuilderSpec): Instruction[] {
  const relocated = relocatedSources(original);
  const spec: BuilderSpec = { ...original, build: { ...original.build, config: relocationConfig(relocated) } };
  const id = spec.cacheId;
  const skipVendored = relocated.length > 0;
  const targetMount = `--mount=type=cache,id=${id},target=${BUILD_DIR}/target,sharing=locked`;
  const vendored = (dir: string) => relocated.find((r) => r.dir === dir)?.to ?? dir;
  const relocation: Instruction[] = relocated.length === 0 ? [] : [
    ...relocated.map((r, i) => ins.copy([`${r.dir}/`], `${r.to}/`, i > 0 ? {} : {
      comments: [
        'Vendored crates in a layer of their own, cached by their contents: their file times are',
        'settled once per contents (against the target/ mount\'s record), so a fresh checkout of',
        `the same crates reuses this layer and cargo reads them from it (${relocated.map((moved) => moved.to).join(', ')}).`,
      ],
    })),
    ins.run(settleVendored(spec.workspace, vendored), { flags: [targetMount] }),
  ];
  return [
    ...relocation,
    ...sqlxOffline(spec),
    withCredentials(ins.run([
      ...settleFileTimes(spec.workspace, { skipVendored }),
      touchTargets(spec.workspace),
      ...buildAndCopyBinaries(spec.build),
    ], {
      comments: [
        `The sources: the build context, mounted on ${BUILD_DIR} (nothing copied into a layer).`,
        'BuildKit cache mounts keep the registry, git checkouts and target/ between builds on this',
        'machine. They are not exported to registry or CI caches; the binary is copied out of the mount.',
        'The target mount may hold another checkout\'s build: touch the targets so the workspace',
        'crates always compile from these sources.',
        ...settledComment(spec, relocated.length > 0),
      ],
      flags: [
        SOURCES_MOUNT,
        '--mount=type=cache,id=cargo-registry,target=/usr/local/cargo/registry,sharing=locked',
        '--mount=type=cache,id=cargo-git,target=/usr/local/cargo/git,sharing=locked',
        targetMount,
      ],
    }), spec.credentials ?? NO_CREDENTIALS),
  ];
}

/**
 * A cache mount id from names: lower-case letters, digits and `-` (a mount flag is a
 * comma-separated list, so nothing else may reach it), plus a short hash of the names so
 * that names differing only in other characters keep apart.
 */
export function cacheId(parts: string[]): string {
  const text = parts.join('-');
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${slug || 'build'}-${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;
}

function parent(file: string): string {
  return file.slice(0, file.lastIndexOf('/'));
}
