import * as fs from 'fs';
import * as path from 'path';
import { cleanupTemps, fixtureCopy, lockedFixture, lockfileFor, plan, planJson, writeFiles } from './support';
import { DependencyCaching, Linking, Runtime } from '../../src/index';

afterAll(cleanupTemps);

const RUNTIMES = ['debian-slim', 'distroless-cc', 'distroless-static', 'scratch', 'alpine'];

/** exit 2, nothing on stdout, the message on stderr. */
function badUsage(args: string[], cwd: string): string {
  const { code, out, err } = plan(args, cwd);
  expect(code).toBe(2);
  expect(out).toBe('');
  expect(err).toMatch(/^projen-rust-docker plan: /);
  return err;
}

/** exit 1 with the planning error; the JSON report carries the same message. */
function planningError(args: string[], cwd: string): string {
  const { code, report, err } = planJson(args, cwd);
  expect(code).toBe(1);
  expect(report.error).not.toBeNull();
  expect(err).toBe(`projen-rust-docker plan: ${report.error}\n`);
  return report.error!;
}

describe('--binary and --package', () => {
  test('--binary overrides the default-run, and the report says why', () => {
    const dir = lockedFixture('multi-bin-default-run');
    expect(planJson([], dir).report.selected?.binary).toBe('beta');
    const { code, report } = planJson(['--binary', 'alpha'], dir);
    expect(code).toBe(0);
    expect(report.selected).toMatchObject({ package: 'multi', binary: 'alpha' });
    expect(report.images).toHaveLength(1);
    expect(report.images[0]).toMatchObject({ binary: 'alpha', package: 'multi', reason: "binary 'alpha' was asked for", stage: 'runtime' });
    expect(report.options).toEqual({ binary: 'alpha' });
  });

  test('--package chooses the member whose only binary is built', () => {
    const dir = lockedFixture('root-package');
    expect(planJson(['--package', 'worker'], dir).report.selected).toMatchObject({ package: 'worker', binary: 'worker' });
    expect(planJson(['--package=root-app'], dir).report.selected).toMatchObject({ package: 'root-app', binary: 'root-app' });
  });

  test('an unknown binary or package is a planning error with the library\'s message', () => {
    const dir = lockedFixture('multi-bin-default-run');
    expect(planningError(['--binary', 'nope'], dir)).toMatch(/^RustDockerImage \(Dockerfile\): option 'binary' is 'nope', but package 'multi' has no binary named 'nope'\. Candidates/);
    expect(planningError(['--package', 'nope'], dir)).toMatch(/^RustDockerImage \(Dockerfile\): option 'package' is 'nope', which is not a member .*: multi\.$/);
  });

  test('a malformed name or a missing value is bad usage naming the flag', () => {
    const dir = lockedFixture('single-crate');
    expect(badUsage(['--binary', 'a b'], dir)).toMatch(/--binary: option 'binary' is "a b", which is not valid\. Use the name of a \[\[bin\]\] target/);
    expect(badUsage(['--package', ''], dir)).toMatch(/--package: option 'package' is empty\./);
    expect(badUsage(['--binary'], dir)).toMatch(/--binary needs a value \(NAME\)\./);
    expect(badUsage(['--binary', '--json'], dir)).toMatch(/--binary needs a value/);
  });
});

describe('--features and --no-default-features', () => {
  test('features are added to the binary\'s required features, comma-separated and repeatable', () => {
    const dir = lockedFixture('required-features');
    const required = planJson(['--binary', 'feat-cli'], dir).report;
    expect(required.images[0].features).toEqual(['cli', 'fast']);
    const repeated = planJson(['--binary', 'feat', '--features', 'fast', '--features=cli'], dir).report;
    const listed = planJson(['--binary', 'feat', '--features', 'cli,fast'], dir).report;
    expect(repeated.images[0].features).toEqual(['cli', 'fast']);
    expect(listed.build).toEqual(repeated.build);
    expect(listed.build).toMatchObject({ features: ['cli', 'fast'], noDefaultFeatures: false });
    expect(listed.options).toEqual({ binary: 'feat', features: ['cli', 'fast'] });
  });

  test('--no-default-features is reported in the build', () => {
    const dir = lockedFixture('required-features');
    expect(planJson(['--binary', 'feat', '--no-default-features'], dir).report.build?.noDefaultFeatures).toBe(true);
    expect(badUsage(['--no-default-features=yes'], dir)).toMatch(/--no-default-features takes no value/);
  });

  test('an unknown feature is a planning error; a malformed or empty one is bad usage', () => {
    const dir = lockedFixture('required-features');
    expect(planningError(['--binary', 'feat', '--features', 'turbo'], dir)).toMatch(/option 'features' names 'turbo', not a feature of package 'feat' \(Cargo\.toml\)\. Known features: cli, default, extra, fast/);
    expect(badUsage(['--features', 'cli,,fast'], dir)).toMatch(/--features 'cli,,fast' has an empty entry/);
    expect(badUsage(['--features', 'a b'], dir)).toMatch(/--features: option 'features\[0\]' is "a b", which is not valid/);
  });
});

describe('--runtime, --linking and --caching', () => {
  test('the usage and the error list the built-in runtimes from the Runtime class', () => {
    const dir = lockedFixture('single-crate');
    const err = badUsage(['--runtime', 'debian'], dir);
    expect(err).toContain(`--runtime 'debian' is not a valid runtime name. Valid values: ${RUNTIMES.join(', ')}.`);
    expect(plan(['--help'], dir).out).toContain(`One of: ${RUNTIMES.join(', ')}.`);
  });

  test.each([
    ['debian-slim', Runtime.DEBIAN_SLIM, 'dynamic-glibc', 'rust:1.95-bookworm', '10001'],
    ['distroless-cc', Runtime.DISTROLESS_CC, 'dynamic-glibc', 'rust:1.95-bookworm', '65532'],
    ['distroless-static', Runtime.DISTROLESS_STATIC, 'static-glibc', 'rust:1.95-bookworm', '65532'],
    ['scratch', Runtime.SCRATCH, 'static-glibc', 'rust:1.95-bookworm', '10001'],
    ['alpine', Runtime.ALPINE, 'static-musl', 'rust:1.95-alpine', '10001'],
  ])('--runtime %s: final stage, default linking, builder and user', (name, runtime, linking, builder, user) => {
    const dir = lockedFixture('single-crate');
    const { code, report } = planJson(['--runtime', name], dir);
    expect(code).toBe(0);
    expect(report.images[0]).toMatchObject({ runtime: { name, image: runtime.image }, from: runtime.image, user });
    expect(report.linking).toEqual({ value: linking, source: 'runtime', explanation: `the default for runtime ${name}` });
    expect(report.builder?.image).toBe(builder);
    expect(report.stages).toEqual([{ name: 'runtime-libraries', from: builder }, { name: 'builder', from: builder }, { name: 'runtime', from: runtime.image }]);
    expect(report.options).toEqual({ runtime: name });
  });

  test('the constant names are accepted too', () => {
    const dir = lockedFixture('single-crate');
    expect(planJson(['--runtime', 'DISTROLESS_STATIC', '--linking', 'STATIC_MUSL', '--caching', 'CACHE_MOUNT'], dir).report).toMatchObject({
      images: [{ runtime: { name: 'distroless-static' } }],
      linking: { value: 'static-musl' },
      caching: 'cache-mount',
      options: { runtime: 'distroless-static', linking: 'static-musl', caching: 'cache-mount' },
    });
  });

  test('an explicit --linking is reported as the option, and changes the builder', () => {
    const dir = lockedFixture('single-crate');
    const { report } = planJson(['--linking', Linking.STATIC_MUSL], dir);
    expect(report.linking).toEqual({ value: 'static-musl', source: 'option', explanation: 'the --linking option' });
    expect(report.builder?.image).toBe('rust:1.95-alpine');
    expect(badUsage(['--linking', 'static'], dir)).toContain(`--linking 'static' is not a valid linking name. Valid values: ${Object.values(Linking).join(', ')}.`);
  });

  test('a linking the runtime cannot run is the library\'s planning error', () => {
    const dir = lockedFixture('single-crate');
    expect(planningError(['--runtime', 'scratch', '--linking', 'dynamic-glibc'], dir))
      .toMatch(/^RustDockerImage \(Dockerfile\): option 'linking' is DYNAMIC_GLIBC but runtime scratch \(scratch\) has no C library/);
  });

  test.each(Object.values(DependencyCaching))('--caching %s', (caching) => {
    const dir = lockedFixture('single-crate');
    expect(planJson(['--caching', caching], dir).report.caching).toBe(caching);
  });

  test('a bad --caching lists the modes; a missing value too', () => {
    const dir = lockedFixture('single-crate');
    expect(badUsage(['--caching=mount'], dir)).toContain("--caching 'mount' is not a valid caching name. Valid values: layer, cache-mount, none.");
    expect(badUsage(['--caching'], dir)).toContain('--caching needs a value, one of: layer, cache-mount, none.');
  });
});

describe('--profile, --rust-version and --builder-image', () => {
  test('--profile dev builds into target/debug; a declared custom profile into its own directory', () => {
    const dir = lockedFixture('single-crate');
    expect(planJson([], dir).report.build).toMatchObject({ profile: 'release', profileDir: 'release' });
    expect(planJson(['--profile', 'dev'], dir).report.build).toMatchObject({ profile: 'dev', profileDir: 'debug' });
    fs.appendFileSync(path.join(dir, 'Cargo.toml'), '\n[profile.dist]\ninherits = "release"\n');
    expect(planJson(['--profile', 'dist'], dir).report.build).toMatchObject({ profile: 'dist', profileDir: 'dist' });
  });

  test('an undeclared custom profile is a planning error; a malformed one bad usage', () => {
    const dir = lockedFixture('single-crate');
    expect(planningError(['--profile', 'dist'], dir)).toMatch(/option 'profile' is 'dist', but .*Cargo\.toml declares no \[profile\.dist\]/);
    expect(badUsage(['--profile', 'a/b'], dir)).toMatch(/--profile: option 'profile' is "a\/b", which is not valid\. Use a Cargo profile name/);
  });

  test('the builder\'s Rust version and where it came from', () => {
    const inherited = lockedFixture('inherit');
    expect(planJson([], inherited).report.builder).toMatchObject({ image: 'rust:1.74-bookworm', rustVersion: '1.74', source: 'rust-version' });
    expect(planJson(['--rust-version', '1.82.1'], inherited).report.builder).toMatchObject({
      stage: 'builder', image: 'rust:1.82.1-bookworm', rustVersion: '1.82.1', source: 'option', explanation: 'the rustVersion option',
    });
    const toolchain = lockedFixture('toolchain-toml');
    expect(planJson([], toolchain).report.builder?.source).toBe('toolchain file');
    expect(badUsage(['--rust-version', 'stable'], toolchain)).toMatch(/--rust-version: option 'rustVersion' is "stable", which is not valid\. Use a Rust version such as "1\.80"/);
  });

  test('--builder-image replaces the builder\'s FROM', () => {
    const dir = lockedFixture('single-crate');
    const { report } = planJson(['--builder-image', 'registry.example.com/rust@sha256:' + 'a'.repeat(64)], dir);
    expect(report.builder?.image).toBe(`registry.example.com/rust@sha256:${'a'.repeat(64)}`);
    expect(report.stages[0].from).toBe(report.builder?.image);
    expect(report.selected?.builderImage).toBe(report.builder?.image);
    expect(badUsage(['--builder-image', 'Rust:Latest'], dir)).toMatch(/--builder-image: option 'builderImage' is "Rust:Latest", which is not valid/);
  });
});

describe('--dockerfile-name and files', () => {
  test('the files relative to the workspace root, with the Dockerfile name', () => {
    const dir = lockedFixture('single-crate');
    expect(planJson([], dir).report.files).toEqual(['Dockerfile', '.dockerignore']);
    expect(planJson(['--dockerfile-name', 'Dockerfile.api'], dir).report.files).toEqual(['Dockerfile.api', '.dockerignore']);
    expect(badUsage(['--dockerfile-name', 'docker/Dockerfile'], dir)).toMatch(/--dockerfile-name: option 'dockerfileName' is "docker\/Dockerfile", which is not a plain file name/);
  });

  test('errors name the Dockerfile as synthesis of a project in the current directory does', () => {
    const parent = lockedFixture('path-deps', 'ws');
    // The workspace root is ws/; run from the fixture root as a project there would be.
    expect(planningError(['--dir', 'ws', '--dockerfile-name', 'Dockerfile.app'], parent)).toMatch(/^RustDockerImage \(ws\/Dockerfile\.app\): path dependencies outside the workspace root/);
    expect(planningError([], path.join(parent, 'ws'))).toMatch(/^RustDockerImage \(Dockerfile\): path dependencies/);
  });
});

describe('--workspace, --include, --exclude and --bake-file-name', () => {
  test('plans like RustWorkspaceImages: a final stage per binary, the bake file, no single selection', () => {
    const dir = lockedFixture('virtual-globs');
    const { code, report } = planJson(['--workspace'], dir);
    expect(code).toBe(0);
    expect(report.component).toBe('RustWorkspaceImages');
    expect(report.selected).toBeNull();
    expect(report.images.map((i) => [i.stage, i.package, i.binary, i.reason])).toEqual([
      ['api', 'api', 'api', null], ['deep-cli', 'deep-cli', 'deep-cli', null], ['tools-cli', 'tools-cli', 'tools-cli', null],
    ]);
    expect(report.stages.map((s) => s.name)).toEqual(['runtime-libraries', 'builder', 'api', 'deep-cli', 'tools-cli']);
    expect(report.files).toEqual(['Dockerfile', 'docker-bake.hcl', '.dockerignore']);
    expect(report.left).toEqual([]);
  });

  test('--include and --exclude choose the images; the rest is left out', () => {
    const dir = lockedFixture('virtual-globs');
    const included = planJson(['--workspace', '--include', 'api', '--include=tools-cli/tools-cli'], dir).report;
    expect(included.images.map((i) => i.stage)).toEqual(['api', 'tools-cli']);
    expect(included.left).toEqual(['deep-cli/deep-cli']);
    const excluded = planJson(['--workspace', '--exclude', 'api,deep-cli'], dir).report;
    expect(excluded.images.map((i) => i.stage)).toEqual(['tools-cli']);
    expect(excluded.options).toEqual({ exclude: ['api', 'deep-cli'] });
    expect(planningError(['--workspace', '--include', 'nope'], dir)).toMatch(/^RustWorkspaceImages \(Dockerfile\): option 'include' names 'nope', which is not a binary/);
    expect(badUsage(['--workspace', '--exclude', 'a/b/c'], dir)).toMatch(/--exclude: option 'exclude\[0\]' is "a\/b\/c", which is not a binary/);
  });

  test('--bake-file-name names the bake file', () => {
    const dir = lockedFixture('virtual-globs');
    expect(planJson(['--workspace', '--bake-file-name', 'images.hcl'], dir).report.files).toEqual(['Dockerfile', 'images.hcl', '.dockerignore']);
    expect(badUsage(['--workspace', '--bake-file-name', 'a/b.hcl'], dir)).toMatch(/--bake-file-name: option 'bakeFileName' is "a\/b\.hcl"/);
  });

  test('one runtime for every image: its default linking, static glibc for scratch', () => {
    const dir = lockedFixture('virtual-globs');
    const { report } = planJson(['--workspace', '--runtime', 'scratch'], dir);
    expect(report.linking).toMatchObject({ value: 'static-glibc', source: 'runtime' });
    expect(new Set(report.images.map((i) => i.from))).toEqual(new Set(['scratch']));
  });

  test('workspace-only flags need --workspace; single-image flags refuse it', () => {
    const dir = lockedFixture('virtual-globs');
    for (const flag of ['--include', '--exclude', '--bake-file-name']) {
      expect(badUsage([flag, 'api'], dir)).toContain(`${flag} needs --workspace: it is an option of RustWorkspaceImages.`);
    }
    for (const flag of ['--binary', '--package', '--features']) {
      expect(badUsage(['--workspace', flag, 'api'], dir)).toContain(`${flag} cannot be combined with --workspace`);
    }
  });
});

describe('argument syntax', () => {
  test('--flag=value and --flag value give the same report; --dir is relative to the current directory', () => {
    const dir = lockedFixture('single-crate');
    const parent = path.dirname(dir);
    const spaced = planJson(['--dir', path.basename(dir), '--runtime', 'scratch', '--rust-version', '1.80', '--caching', 'none'], parent);
    const joined = planJson([`--dir=${path.basename(dir)}`, '--runtime=scratch', '--rust-version=1.80', '--caching=none'], parent);
    expect(spaced.code).toBe(0);
    expect(joined.report).toEqual(spaced.report);
    expect(joined.report.builder?.image).toBe('rust:1.80-bookworm');
  });

  test('a flag given twice, an unknown flag and a stray argument are bad usage', () => {
    const dir = lockedFixture('single-crate');
    expect(badUsage(['--runtime', 'scratch', '--runtime=alpine'], dir)).toContain("--runtime is given twice ('scratch' and 'alpine'): give it once.");
    expect(badUsage(['--frobnicate'], dir)).toContain("unknown option '--frobnicate'.\n\nUsage: projen-rust-docker plan");
    expect(badUsage(['-x'], dir)).toContain("unknown option '-x'.");
    expect(badUsage(['scratch'], dir)).toContain("unexpected argument 'scratch'");
  });

  test('--help prints the usage with every flag', () => {
    const { code, out } = plan(['--help'], '.');
    expect(code).toBe(0);
    for (const flag of ['--dir', '--json', '--binary', '--package', '--rust-version', '--runtime', '--linking', '--caching', '--profile', '--features',
      '--no-default-features', '--builder-image', '--dockerfile-name', '--workspace', '--include', '--exclude', '--bake-file-name']) {
      expect(out).toMatch(new RegExp(`^  ${flag}\\b`, 'm'));
    }
    expect(out).toContain(`One of: ${Object.values(Linking).join(', ')}.`);
  });
});

describe('the readable summary', () => {
  test('single image: selection, builder, linking, caching, build, runtime, stages and files', () => {
    const dir = lockedFixture('inherit');
    const { code, out, err } = plan(['--runtime', 'distroless-cc', '--caching', 'cache-mount'], dir);
    expect(err).toBe('');
    expect(code).toBe(0);
    const tail = out.slice(out.indexOf('Selected:')).split('\n');
    expect(tail).toEqual([
      "Selected: binary 'full' of package 'full', because it is the only binary of the workspace.",
      '',
      'RustDockerImage would generate Dockerfile, .dockerignore (in the workspace root):',
      "  Builder:  rust:1.74-bookworm (Rust 1.74, from rust-version of package 'full')",
      '  Linking:  dynamic-glibc (the default for runtime distroless-cc)',
      '  Caching:  cache-mount',
      '  Build:    profile release (target/release); no extra features; default features',
      '  Runtime:  distroless-cc (gcr.io/distroless/cc-debian12:nonroot), user 65532, no ports',
      '  Native:   no crate of Cargo.lock needs a C library or a build tool',
      '            runtime libraries: read off the binary in the builder; it fails there unless distroless-cc carries them (packages libc6 libgcc-s1 libgomp1 libssl3 libstdc++6)',
      '  Stages:   FROM rust:1.74-bookworm AS runtime-libraries',
      '            FROM rust:1.74-bookworm AS builder',
      '            FROM gcr.io/distroless/cc-debian12:nonroot AS runtime',
      '',
    ]);
  });

  test('workspace: one line per image and the left-out binaries', () => {
    const dir = lockedFixture('virtual-globs');
    const { out } = plan(['--workspace', '--exclude', 'deep-cli', '--runtime', 'alpine'], dir);
    expect(out).toContain('RustWorkspaceImages would generate Dockerfile, docker-bake.hcl, .dockerignore (in the workspace root):\n' +
      "  Images:   api: binary 'api' of package 'api'; runtime alpine (alpine:3.22), user 10001, no ports\n" +
      "            tools-cli: binary 'tools-cli' of package 'tools-cli'; runtime alpine (alpine:3.22), user 10001, no ports\n" +
      '  Left out: deep-cli/deep-cli\n');
    expect(out).toContain('  Native:   no crate of Cargo.lock needs a C library or a build tool\n' +
      '            api: runtime libraries: read off the binary in the builder, their packages installed with apk\n' +
      '            tools-cli: runtime libraries: read off the binary in the builder, their packages installed with apk\n' +
      '  Stages:   FROM rust:1.95-alpine AS runtime-libraries\n            FROM rust:1.95-alpine AS builder\n            FROM alpine:3.22 AS api\n            FROM alpine:3.22 AS tools-cli\n');
  });

  test('a planning error: the inventory on stdout, nothing generated, the error on stderr', () => {
    const dir = fixtureCopy('single-crate');
    const { code, out, err } = plan([], dir);
    expect(code).toBe(1);
    expect(out).toContain("Selected: binary 'hello-world' of package 'hello-world'");
    expect(out).toContain('RustDockerImage: nothing would be generated; synthesis fails with the error below.');
    expect(out).not.toContain('Stages:');
    expect(err).toMatch(/^projen-rust-docker plan: RustDockerImage \(Dockerfile\): .*Cargo\.lock: Cargo\.lock not found/);
    writeFiles(dir, { 'Cargo.lock': lockfileFor(dir) });
    expect(plan([], dir).code).toBe(0);
  });
});

describe('--user and --ports', () => {
  test('they reach the runtime stage of the report, as the options of the same name', () => {
    const dir = lockedFixture('single-crate');
    const { code, report } = planJson(['--user', '20001:20001', '--ports', '8080,9090', '--ports', '7070'], dir);
    expect(code).toBe(0);
    expect(report.images[0]).toMatchObject({ user: '20001:20001', ports: [8080, 9090, 7070] });
    expect(report.options).toEqual({ user: '20001:20001', ports: ['8080', '9090', '7070'] });
    expect(planJson([], dir).report.images[0]).toMatchObject({ user: '10001', ports: [] });
  });

  test('bad values are bad usage naming the flag and the option', () => {
    const dir = lockedFixture('single-crate');
    expect(badUsage(['--ports', '80,http'], dir)).toMatch(/--ports: option 'ports\[1\]' is NaN, which is not a port/);
    expect(badUsage(['--ports', '70000'], dir)).toMatch(/--ports: option 'ports\[0\]' is 70000, which is not a port/);
    expect(badUsage(['--user', 'app'], dir)).toMatch(/--user: option 'user' is "app"/);
  });
});

describe('--allow-system-user', () => {
  test('root is refused as --user unless --allow-system-user says so', () => {
    const dir = lockedFixture('single-crate');
    expect(badUsage(['--user', '0'], dir)).toMatch(/--user: option 'user' is "0", which runs the binary as root/);
    const { code, report } = planJson(['--user', '0', '--allow-system-user'], dir);
    expect(code).toBe(0);
    expect(report.images[0]).toMatchObject({ user: '0' });
  });
});
