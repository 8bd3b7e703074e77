/**
 * `plan` must explain exactly what synthesis writes: for every Cargo fixture and a set of
 * option combinations, the CLI (in-process, --json) and a real projen synthesis with the
 * component and the same options must agree on the stages, the builder image, the images,
 * the generated files, and, where planning fails, on the error message.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Project, Testing } from 'projen';
import { cleanupTemps, FIXTURES, fixtureCopy, lockfileFor, fromLines, listFiles, plan, tempDir, writeFiles } from './support';
import type { PlanReport } from '../../src/cli/plan-report';
import type { RustDockerImageOptions, RustWorkspaceImagesOptions } from '../../src/index';
import { DependencyCaching, Healthcheck, Linking, Runtime, RustDockerImage, RustWorkspaceImages } from '../../src/index';

afterAll(cleanupTemps);

interface Combo {
  readonly name: string;
  readonly args: string[];
  /** The same choices as component options (written out here, not derived from the CLI). */
  readonly workspace?: RustWorkspaceImagesOptions;
  readonly image?: RustDockerImageOptions;
  /** Write a Cargo.lock next to the Cargo directory's manifest (default true). */
  readonly lock?: boolean;
}

interface Case extends Combo {
  readonly fixture: string;
  /** The Cargo directory, relative to the copied fixture (the project outdir). */
  readonly cargoDir: string;
  /** Edits to the copy before planning (e.g. declaring a profile). */
  readonly edit?: (dir: string) => void;
  /** Where the Cargo.lock goes when it is not the Cargo directory. */
  readonly lockDir?: string;
  /** The outcome the case was chosen for. */
  readonly outcome?: 'planned' | 'failed';
}

/** Every Cargo directory of the fixtures: a fixture with a Cargo.toml, else each child that has one. */
function fixtureDirs(): { fixture: string; cargoDir: string }[] {
  return fs.readdirSync(FIXTURES).sort().flatMap((fixture) => {
    if (fs.existsSync(path.join(FIXTURES, fixture, 'Cargo.toml'))) {
      return [{ fixture, cargoDir: '.' }];
    }
    return fs.readdirSync(path.join(FIXTURES, fixture)).sort()
      .filter((child) => fs.existsSync(path.join(FIXTURES, fixture, child, 'Cargo.toml')))
      .map((child) => ({ fixture, cargoDir: child }));
  });
}

/** Applied to every fixture directory. */
const COMBOS: Combo[] = [
  { name: 'defaults', args: [], image: {} },
  { name: 'defaults, no Cargo.lock', args: [], image: {}, lock: false },
  { name: 'static runtime scratch', args: ['--runtime', 'scratch'], image: { runtime: Runtime.SCRATCH } },
  {
    name: 'alpine, rust-version, cache mounts',
    args: ['--runtime=alpine', '--rust-version', '1.80', '--caching', 'cache-mount'],
    image: { runtime: Runtime.ALPINE, rustVersion: '1.80', caching: DependencyCaching.CACHE_MOUNT },
  },
  { name: 'workspace', args: ['--workspace'], workspace: {} },
  {
    name: 'init and stop signal on distroless-cc',
    args: ['--runtime', 'distroless-cc', '--init', '--stop-signal', 'SIGINT'],
    image: { runtime: Runtime.DISTROLESS_CC, init: true, stopSignal: 'SIGINT' },
  },
  {
    name: 'workspace, distroless-static, dev profile, no caching',
    args: ['--workspace', '--runtime', 'distroless-static', '--profile', 'dev', '--caching', 'none'],
    workspace: { runtime: Runtime.DISTROLESS_STATIC, profile: 'dev', caching: DependencyCaching.NONE },
  },
];

const declareDist = (dir: string) => fs.appendFileSync(path.join(dir, 'Cargo.toml'), '\n[profile.dist]\ninherits = "release"\n');

/** Chosen for fixtures where they mean something. */
const TARGETED: Case[] = [
  { fixture: 'multi-bin-default-run', cargoDir: '.', name: 'explicit binary', outcome: 'planned', args: ['--binary', 'alpha'], image: { binary: 'alpha' } },
  { fixture: 'bin-inferred-paths', cargoDir: '.', name: 'explicit binary and package', outcome: 'planned', args: ['--binary=daemon', '--package=tools'], image: { binary: 'daemon', package: 'tools' } },
  { fixture: 'root-package', cargoDir: '.', name: 'explicit package', outcome: 'planned', args: ['--package', 'worker'], image: { package: 'worker' } },
  { fixture: 'root-package', cargoDir: 'crates/worker', lockDir: '.', name: 'member directory as cargoDir', outcome: 'planned', args: [], image: {} },
  { fixture: 'virtual-globs', cargoDir: '.', name: 'binary in a virtual workspace', outcome: 'planned', args: ['--binary', 'tools-cli'], image: { binary: 'tools-cli' } },
  { fixture: 'virtual-globs', cargoDir: '.', name: 'unknown binary', outcome: 'failed', args: ['--binary', 'nope'], image: { binary: 'nope' } },
  { fixture: 'virtual-globs', cargoDir: '.', name: 'unknown package', outcome: 'failed', args: ['--package', 'nope'], image: { package: 'nope' } },
  {
    fixture: 'required-features',
    cargoDir: '.',
    name: 'binary with required features, extra features, no default features',
    outcome: 'planned',
    args: ['--binary', 'feat-cli', '--features', 'fast', '--no-default-features'],
    image: { binary: 'feat-cli', features: ['fast'], noDefaultFeatures: true },
  },
  { fixture: 'required-features', cargoDir: '.', name: 'unknown feature', outcome: 'failed', args: ['--binary', 'feat', '--features', 'cli,turbo'], image: { binary: 'feat', features: ['cli', 'turbo'] } },
  { fixture: 'single-crate', cargoDir: '.', edit: declareDist, name: 'declared custom profile', outcome: 'planned', args: ['--profile', 'dist'], image: { profile: 'dist' } },
  { fixture: 'single-crate', cargoDir: '.', name: 'undeclared custom profile', outcome: 'failed', args: ['--profile', 'dist'], image: { profile: 'dist' } },
  { fixture: 'inherit', cargoDir: '.', edit: declareDist, name: 'workspace, declared custom profile', outcome: 'planned', args: ['--workspace', '--profile', 'dist'], workspace: { profile: 'dist' } },
  { fixture: 'inherit', cargoDir: '.', name: 'rust-version option over rust-version', outcome: 'planned', args: ['--rust-version', '1.82.1'], image: { rustVersion: '1.82.1' } },
  { fixture: 'toolchain-toml', cargoDir: '.', name: 'rust-version option over the toolchain file', outcome: 'planned', args: ['--rust-version', '1.79'], image: { rustVersion: '1.79' } },
  { fixture: 'single-crate', cargoDir: '.', name: 'explicit static-musl on scratch', outcome: 'planned', args: ['--runtime', 'scratch', '--linking', 'static-musl'], image: { runtime: Runtime.SCRATCH, linking: Linking.STATIC_MUSL } },
  { fixture: 'single-crate', cargoDir: '.', name: 'dynamic glibc on scratch', outcome: 'failed', args: ['--runtime', 'scratch', '--linking', 'dynamic-glibc'], image: { runtime: Runtime.SCRATCH, linking: Linking.DYNAMIC_GLIBC } },
  { fixture: 'single-crate', cargoDir: '.', name: 'static glibc on distroless-cc', outcome: 'planned', args: ['--runtime', 'distroless-cc', '--linking', 'static-glibc'], image: { runtime: Runtime.DISTROLESS_CC, linking: Linking.STATIC_GLIBC } },
  {
    fixture: 'single-crate',
    cargoDir: '.',
    name: 'Dockerfile name and builder image',
    outcome: 'planned',
    args: ['--dockerfile-name', 'Dockerfile.api', '--builder-image', 'registry.example.com/rust:1.80-bookworm'],
    image: { dockerfileName: 'Dockerfile.api', builderImage: 'registry.example.com/rust:1.80-bookworm' },
  },
  { fixture: 'virtual-globs', cargoDir: '.', name: 'workspace, include', outcome: 'planned', args: ['--workspace', '--include', 'api,tools-cli'], workspace: { include: ['api', 'tools-cli'] } },
  { fixture: 'virtual-globs', cargoDir: '.', name: 'workspace, exclude', outcome: 'planned', args: ['--workspace', '--exclude', 'deep-cli/deep-cli'], workspace: { exclude: ['deep-cli/deep-cli'] } },
  { fixture: 'virtual-globs', cargoDir: '.', name: 'workspace, include unknown', outcome: 'failed', args: ['--workspace', '--include', 'nope'], workspace: { include: ['nope'] } },
  {
    fixture: 'virtual-globs',
    cargoDir: '.',
    name: 'workspace, exclude everything',
    outcome: 'failed',
    args: ['--workspace', '--exclude', 'api', '--exclude', 'deep-cli,tools-cli'],
    workspace: { exclude: ['api', 'deep-cli', 'tools-cli'] },
  },
  {
    fixture: 'virtual-globs',
    cargoDir: '.',
    name: 'workspace, file names, linking, builder image',
    outcome: 'planned',
    args: ['--workspace', '--dockerfile-name', 'Dockerfile.all', '--bake-file-name', 'images.hcl', '--linking', 'static-musl', '--builder-image', 'rust:1.90-alpine'],
    workspace: { dockerfileName: 'Dockerfile.all', bakeFileName: 'images.hcl', linking: Linking.STATIC_MUSL, builderImage: 'rust:1.90-alpine' },
  },
  {
    fixture: 'single-crate',
    cargoDir: '.',
    name: 'init and stop signal on scratch',
    outcome: 'planned',
    args: ['--runtime', 'scratch', '--init', '--stop-signal=SIGQUIT'],
    image: { runtime: Runtime.SCRATCH, init: true, stopSignal: 'SIGQUIT' },
  },
  { fixture: 'virtual-globs', cargoDir: '.', name: 'workspace, init and stop signal', outcome: 'planned', args: ['--workspace', '--init', '--stop-signal', '15'], workspace: { init: true, stopSignal: '15' } },
  { fixture: 'virtual-globs', cargoDir: '.', name: 'workspace, alpine runtime with dynamic glibc', outcome: 'failed', args: ['--workspace', '--runtime', 'alpine', '--linking', 'dynamic-glibc'], workspace: { runtime: Runtime.ALPINE, linking: Linking.DYNAMIC_GLIBC } },
  ...assetCases(),
  ...healthcheckCases(),
  ...nativeCases(),
];

/** A Cargo.lock for single-crate whose package reaches pq-sys and prost-build (through tonic-build). */
function nativeLock(dir: string): void {
  fs.writeFileSync(path.join(dir, 'Cargo.lock'), [
    'version = 4',
    '',
    '[[package]]\nname = "hello-world"\nversion = "0.1.0"\ndependencies = [\n "pq-sys",\n "tonic-build",\n]',
    '[[package]]\nname = "pq-sys"\nversion = "0.6.3"',
    '[[package]]\nname = "tonic-build"\nversion = "0.12.3"\ndependencies = [\n "prost-build",\n]',
    '[[package]]\nname = "prost-build"\nversion = "0.13.5"',
  ].join('\n\n') + '\n');
}

/** Native crates of Cargo.lock and the builderPackages / runtimePackages options. */
function nativeCases(): Case[] {
  return [
    {
      fixture: 'single-crate',
      cargoDir: '.',
      name: 'native crates, builder and runtime packages',
      outcome: 'planned',
      lock: false,
      edit: nativeLock,
      args: ['--builder-packages', 'cmake', '--runtime-packages', 'tzdata,libjemalloc2'],
      image: { builderPackages: ['cmake'], runtimePackages: ['tzdata', 'libjemalloc2'] },
    },
    { fixture: 'single-crate', cargoDir: '.', name: 'pq-sys on scratch', outcome: 'failed', lock: false, edit: nativeLock, args: ['--runtime', 'scratch'], image: { runtime: Runtime.SCRATCH } },
    {
      fixture: 'single-crate',
      cargoDir: '.',
      name: 'runtime packages on distroless-cc',
      outcome: 'failed',
      args: ['--runtime', 'distroless-cc', '--runtime-packages', 'tzdata'],
      image: { runtime: Runtime.DISTROLESS_CC, runtimePackages: ['tzdata'] },
    },
    {
      fixture: 'single-crate', cargoDir: '.', name: 'an Alpine package name on the Debian builder', outcome: 'failed', args: ['--builder-packages', 'py3-a_b'], image: { builderPackages: ['py3-a_b'] },
    },
    {
      fixture: 'virtual-globs',
      cargoDir: '.',
      name: 'workspace, builder and runtime packages',
      outcome: 'planned',
      args: ['--workspace', '--builder-packages', 'protobuf-compiler,cmake', '--runtime-packages', 'tzdata'],
      workspace: { builderPackages: ['protobuf-compiler', 'cmake'], runtimePackages: ['tzdata'] },
    },
  ];
}

/** `--healthcheck-http` cases: the probe's stage and the HEALTHCHECK; without ports it fails in both. */
function healthcheckCases(): Case[] {
  return [
    {
      fixture: 'single-crate',
      cargoDir: '.',
      name: 'HTTP health check on scratch',
      outcome: 'planned',
      args: ['--runtime', 'scratch', '--ports', '8080', '--healthcheck-http', '/ready?full=1'],
      image: { runtime: Runtime.SCRATCH, ports: [8080], healthcheck: Healthcheck.http({ path: '/ready?full=1' }) },
    },
    { fixture: 'single-crate', cargoDir: '.', name: 'HTTP health check without ports', outcome: 'failed', args: ['--healthcheck-http=/healthz'], image: { healthcheck: Healthcheck.http() } },
    {
      fixture: 'virtual-globs',
      cargoDir: '.',
      name: 'workspace, HTTP health check',
      outcome: 'planned',
      args: ['--workspace', '--ports', '8080', '--healthcheck-http', '/healthz'],
      workspace: { ports: [8080], healthcheck: Healthcheck.http() },
    },
  ];
}

/** `--asset` cases: the sources are written into the copy first (a missing one fails the same way in both). */
function assetCases(): Case[] {
  const files = (dir: string) => {
    fs.mkdirSync(path.join(dir, 'static'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'static/index.html'), '<h1>hi</h1>\n');
    fs.writeFileSync(path.join(dir, 'app config.toml'), 'x = 1\n');
  };
  const assets = [{ source: 'static', destination: '/app/static' }, { source: 'app config.toml', destination: '/etc/svc/app.toml' }];
  const args = ['--asset', 'static:/app/static', '--asset=app config.toml:/etc/svc/app.toml'];
  return [
    { fixture: 'single-crate', cargoDir: '.', edit: files, name: 'assets', outcome: 'planned', args, image: { assets } },
    { fixture: 'single-crate', cargoDir: '.', name: 'assets, a source missing', outcome: 'failed', args, image: { assets } },
    { fixture: 'virtual-globs', cargoDir: '.', edit: files, name: 'workspace, assets on scratch', outcome: 'planned', args: ['--workspace', '--runtime', 'scratch', ...args], workspace: { runtime: Runtime.SCRATCH, assets } },
  ];
}

const CASES: Case[] = [
  ...fixtureDirs().flatMap((dir) => COMBOS.map((combo) => ({ ...dir, ...combo }))),
  ...TARGETED,
];

/** Files of a bare projen project without the component: they are not the component's. */
const PROJECT_FILES = new Set(Object.keys(Testing.synth(new Project({ name: 'test', outdir: tempDir('prd-cli-bare-') }), { parseJson: false })));

type Synthesis = { files: { [file: string]: string }; error?: undefined } | { error: Error };

function synthesize(outdir: string, c: Case): Synthesis {
  try {
    const project = new Project({ name: 'test', outdir });
    if (c.workspace) {
      new RustWorkspaceImages(project, { ...c.workspace, cargoDir: c.cargoDir });
    } else {
      new RustDockerImage(project, { ...c.image, cargoDir: c.cargoDir });
    }
    return { files: Testing.synth(project, { parseJson: false }) };
  } catch (e) {
    // Testing.synth removes the outdir itself; a failed construction leaves it.
    fs.rmSync(outdir, { recursive: true, force: true });
    return { error: e as Error };
  }
}

describe('plan agrees with synthesis', () => {
  test('covers every fixture directory with every combination, plus targeted cases', () => {
    const dirs = fixtureDirs();
    expect(dirs.length).toBeGreaterThanOrEqual(35); // 20 fixtures with a Cargo.toml, errors/* and path-deps/*
    expect(dirs.map((d) => path.posix.join(d.fixture, d.cargoDir))).toEqual(expect.arrayContaining(['single-crate', 'errors/bin-ambiguous', 'path-deps/ws']));
    expect(CASES.length).toBe(dirs.length * COMBOS.length + TARGETED.length);
  });

  const outcomes = { planned: 0, failed: 0 };

  test.each(CASES.map((c) => [`${path.posix.join(c.fixture, c.cargoDir)}: ${c.name}`, c] as const))('%s', (_name, c) => {
    const outdir = fixtureCopy(c.fixture);
    c.edit?.(path.join(outdir, c.cargoDir));
    if (c.lock !== false) {
      writeFiles(outdir, { [path.posix.join(c.lockDir ?? c.cargoDir, 'Cargo.lock')]: lockfileFor(path.join(outdir, c.lockDir ?? c.cargoDir)) });
    }
    const before = new Set(listFiles(outdir));

    // The CLI runs where `npx projen` would: the project outdir, with --dir the cargoDir.
    const cli = plan(['--dir', c.cargoDir, ...c.args, '--json'], outdir);
    const synth = synthesize(outdir, c);
    expect(fs.existsSync(outdir)).toBe(false);

    if (c.outcome) {
      expect(synth.error ? 'failed' : 'planned').toBe(c.outcome);
    }
    if (synth.error) {
      outcomes.failed++;
      expect(cli.code).toBe(1);
      expect(cli.err).toBe(`projen-rust-docker plan: ${synth.error.message}\n`);
      if (cli.out !== '') {
        // The workspace loaded: the report carries the same error and nothing generated.
        const report = JSON.parse(cli.out) as PlanReport;
        expect(report.error).toBe(synth.error.message);
        expect([report.files, report.stages, report.images, report.selected]).toEqual([[], [], [], null]);
      }
      return;
    }

    outcomes.planned++;
    expect(cli.err).toBe('');
    expect(cli.code).toBe(0);
    const report = JSON.parse(cli.out) as PlanReport;
    expect(report.error).toBeNull();
    expect(report.component).toBe(c.workspace ? 'RustWorkspaceImages' : 'RustDockerImage');

    // The generated files, relative to the workspace root.
    const root = path.relative(outdir, report.workspaceRoot).split(path.sep).join('/');
    const generated = Object.keys(synth.files).filter((f) => !before.has(f) && !PROJECT_FILES.has(f));
    expect(generated.map((f) => path.posix.relative(root, f)).sort()).toEqual([...report.files].sort());
    const dockerfileName = c.image?.dockerfileName ?? c.workspace?.dockerfileName ?? 'Dockerfile';
    expect(report.files[0]).toBe(dockerfileName);
    const dockerfile: string = synth.files[path.posix.join(root, dockerfileName)];

    // Stages, builder and images, against the synthesized Dockerfile.
    const stages = fromLines(dockerfile);
    expect(report.stages).toEqual(stages);
    expect(report.builder).not.toBeNull();
    expect(stages.find((s) => s.name === report.builder!.stage)?.from).toBe(report.builder!.image);
    // The stage tini is copied from (with --init) is neither the builder nor an image.
    const initStages = new Set(report.images.map((i) => i.init));
    // Nor is the stage the assets are copied from (with --asset).
    const assetStages = new Set(report.images.map((i) => i.assetsStage));
    // Nor is the stage the health check probe is copied from (with --healthcheck-http).
    const probeStages = new Set(report.images.map((i) => i.healthcheckProbeStage));
    // Nor is the stage of the runtime-libraries script, which the builder mounts.
    expect(report.native).not.toBeNull();
    // The builder installs what the report says (detected crates and builderPackages), before the dependency layer.
    const builderText = dockerfile.slice(dockerfile.indexOf(`AS ${report.builder!.stage}\n`)).split('\nFROM ')[0];
    const builderInstall = /^RUN apt-get update \\\n {4}&& apt-get install -y --no-install-recommends (.*) \\\n/m.exec(builderText);
    expect(builderInstall?.[1].split(' ') ?? []).toEqual(report.native!.builderPackages);
    for (const name of c.image?.builderPackages ?? c.workspace?.builderPackages ?? []) {
      expect(report.native!.builderPackages).toContain(name);
    }
    expect(dockerfile).toContain(`--mount=type=bind,from=${report.native!.librariesStage},source=/runtime-libraries.sh,target=/tmp/runtime-libraries.sh \\\n`);
    expect(report.images.map((i) => ({ name: i.stage, from: i.from })))
      .toEqual(stages.filter((s) => s.name !== report.builder!.stage && !initStages.has(s.name) && !assetStages.has(s.name)
        && !probeStages.has(s.name) && s.name !== report.native!.librariesStage));
    const init = c.image?.init ?? c.workspace?.init ?? false;
    expect(report.images.map((i) => i.init !== null)).toEqual(report.images.map(() => init));
    for (const image of report.images) {
      expect(dockerfile).toContain(`COPY --from=${report.builder!.stage} /usr/local/bin/${image.binary} /usr/local/bin/${image.binary}`);
      expect(dockerfile).toContain(`binary '${image.binary}' of package '${image.package}'`);
      expect(dockerfile).toContain(`# Runtime: ${image.runtime.name}, ${report.linking!.value} binary, user ${image.user}.`);
      expect(image.from).toBe(image.runtime.image);
      // runtimePackages go into the final stage's install, with the packages the builder listed for this binary.
      expect(image.runtimePackages).toEqual(c.image?.runtimePackages ?? c.workspace?.runtimePackages ?? []);
      if (image.runtimePackages.length) {
        expect(dockerfile).toContain(`xargs apt-get install -y --no-install-recommends ca-certificates ${image.runtimePackages.join(' ')} < /tmp/runtime-packages`);
      }
      expect(dockerfile.includes(`--mount=type=bind,from=${report.builder!.stage},source=/runtime-packages/${image.binary},target=/tmp/runtime-packages`))
        .toBe(image.runtimeLibraries.how === 'install');
      const entrypoint = image.init ? ['/usr/bin/tini-static', '--', `/usr/local/bin/${image.binary}`] : [`/usr/local/bin/${image.binary}`];
      expect(dockerfile).toContain(`ENTRYPOINT ${JSON.stringify(entrypoint).replace(/","/g, '", "')}`);
      expect(image.stopSignal).toBe(c.image?.stopSignal ?? c.workspace?.stopSignal ?? null);
      if (image.stopSignal !== null) {
        expect(dockerfile).toContain(`STOPSIGNAL ${image.stopSignal}\n`);
      }
      const assets = c.image?.assets ?? c.workspace?.assets ?? [];
      expect(image.assets.map((a) => ({ source: a.source, destination: a.destination }))).toEqual(assets);
      expect(image.assetsStage).toBe(assets.length ? 'assets' : null);
      for (const a of image.assets) {
        expect(dockerfile).toContain(`COPY --from=${image.assetsStage} --chown=0:0 ${JSON.stringify([`/assets/${a.source}`, a.destination]).replace(/","/g, '", "')}\n`);
      }
      const healthcheck = c.image?.healthcheck ?? c.workspace?.healthcheck;
      expect(image.healthcheckProbeStage).toBe(healthcheck?.kind === 'http' ? 'healthcheck-probe' : null);
      if (healthcheck?.kind === 'http') {
        const url = `http://127.0.0.1:${healthcheck.port ?? image.ports[0]}${healthcheck.path}`;
        expect(image.healthcheck).toBe(`HTTP GET ${url} by /usr/local/bin/healthcheck`);
        expect(dockerfile).toContain(`HEALTHCHECK CMD ["/usr/local/bin/healthcheck", "${url}", "30000"]\n`);
      } else {
        expect(image.healthcheck).toBeNull();
        expect(dockerfile).not.toContain('HEALTHCHECK');
      }
    }
    expect(dockerfile).toContain(`${report.caching} dependency caching`);

    if (c.workspace) {
      expect(report.selected).toBeNull();
      const bake: string = synth.files[path.posix.join(root, c.workspace.bakeFileName ?? 'docker-bake.hcl')];
      const targets = [...bake.matchAll(/^target "([^"]+)"/gm)].map((m) => m[1]);
      expect(report.images.map((i) => i.stage)).toEqual(targets);
    } else {
      expect(report.images).toHaveLength(1);
      const [only] = report.images;
      const builder = report.builder!;
      expect(report.selected).toEqual({ package: only.package, binary: only.binary, rustVersion: builder.rustVersion, builderImage: builder.image });
    }
  });

  // Runs after the cases above: both outcomes must occur often, or the agreement would be vacuous.
  test('both planned and failing cases were compared', () => {
    expect(outcomes.planned + outcomes.failed).toBe(CASES.length);
    expect(outcomes.planned).toBeGreaterThanOrEqual(60);
    expect(outcomes.failed).toBeGreaterThanOrEqual(60);
  });
});

describe('bad values agree with the component\'s validation', () => {
  test.each([
    ['--rust-version', '1.x', { rustVersion: '1.x' }],
    ['--builder-image', 'Not An Image', { builderImage: 'Not An Image' }],
    ['--profile', 'my profile', { profile: 'my profile' }],
    ['--dockerfile-name', 'docker/Dockerfile', { dockerfileName: 'docker/Dockerfile' }],
    ['--features', 'a b', { features: ['a b'] }],
    ['--binary', 'a.b', { binary: 'a.b' }],
    ['--stop-signal', 'sigint', { stopSignal: 'sigint' }],
    ['--stop-signal', 'SIGFOO', { stopSignal: 'SIGFOO' }],
  ] as const)('%s %j: exit 2 with the message construction gives', (flag, value, options) => {
    const outdir = fixtureCopy('single-crate');
    const cli = plan([flag, value], outdir);
    let message = '';
    try {
      new RustDockerImage(new Project({ name: 'test', outdir }), options as RustDockerImageOptions);
    } catch (e) {
      message = (e as Error).message;
    }
    fs.rmSync(outdir, { recursive: true, force: true });
    expect(cli.code).toBe(2);
    expect(cli.out).toBe('');
    // Construction: "RustDockerImage (cargoDir '.'): option '…' …"; the CLI names the flag instead.
    const reason = /^projen-rust-docker plan: (--[a-z-]+): (option .*)$/m.exec(cli.err);
    expect(reason?.[1]).toBe(flag);
    expect(message).toBe(`RustDockerImage (cargoDir '.'): ${reason?.[2]}`);
  });

  test.each([
    [['--include', 'a/b/c'], { include: ['a/b/c'] }],
    [['--bake-file-name', 'Dockerfile'], { bakeFileName: 'Dockerfile' }],
  ] as const)('--workspace %j: exit 2 with the message construction gives', (args, options) => {
    const outdir = fixtureCopy('virtual-globs');
    const cli = plan(['--workspace', ...args], outdir);
    let message = '';
    try {
      new RustWorkspaceImages(new Project({ name: 'test', outdir }), options as RustWorkspaceImagesOptions);
    } catch (e) {
      message = (e as Error).message;
    }
    fs.rmSync(outdir, { recursive: true, force: true });
    expect(cli.code).toBe(2);
    const reason = /^projen-rust-docker plan: (--[a-z-]+): (option .*)$/m.exec(cli.err);
    expect(reason?.[1]).toBe(args[0]);
    expect(message).toBe(`RustWorkspaceImages (cargoDir '.'): ${reason?.[2]}`);
  });
});
