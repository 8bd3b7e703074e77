/**
 * Cross-compilation without QEMU (issue 12 item 4): the plan from `platforms`, the builder's
 * setup step (run in dash with stub dpkg/apt-get/rustc/rustup), and the Dockerfile's shape.
 * The engine proof (an arm64 binary built natively and run under qemu-aarch64-static) is
 * test/e2e/cross-compile.e2e.ts.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CROSS_ENV, crossSetup, crossVariables, targetLibraryPackages } from '../../src/dockerfile/cross';
import { renderImageDockerfile } from '../../src/dockerfile/dockerfile';
import { DependencyCaching } from '../../src/plan/caching';
import { CROSS_TARGETS, planCross } from '../../src/plan/cross';
import { CrossCompilation } from '../../src/plan/cross-compilation';
import { Linking } from '../../src/plan/linking';
import { planImage } from '../../src/plan/plan';
import { Platform } from '../../src/plan/platform';
import { Runtime } from '../../src/plan/runtime';
import { builderSummary } from '../../src/plan/summary';
import { renderWorkspaceDockerfile } from '../../src/workspace/dockerfile';
import { planWorkspaceImages } from '../../src/workspace/plan';
import { caught } from '../support/errors';
import { fakePackage, fakeWorkspace } from '../support/fake-workspace';

const ws = fakeWorkspace([fakePackage({ name: 'svc' })]);
const ARM = [Platform.LINUX_AMD64, Platform.LINUX_ARM64];

describe('planCross', () => {
  test('no platforms, or linux/amd64 only: nothing to cross-compile', () => {
    expect(planCross([], Linking.DYNAMIC_GLIBC, undefined).targets).toEqual([]);
    expect(planCross(['linux/amd64'], Linking.DYNAMIC_GLIBC, undefined).targets).toEqual([]);
  });

  test('a foreign platform: the builder knows it and linux/amd64 (a plain docker build), sorted, once each', () => {
    const plan = planCross(['linux/arm64', 'linux/arm/v7', 'linux/arm64'], Linking.DYNAMIC_GLIBC, undefined);
    expect(plan.targets.map((t) => [t.platform, t.triple, t.debianArch])).toEqual([
      ['linux/amd64', 'x86_64-unknown-linux-gnu', 'amd64'],
      ['linux/arm/v7', 'armv7-unknown-linux-gnueabihf', 'armhf'],
      ['linux/arm64', 'aarch64-unknown-linux-gnu', 'arm64'],
    ]);
    expect(plan.reason).toContain('linux/arm64 (aarch64-unknown-linux-gnu)');
  });

  test('EMULATION and musl builders: no cross targets, and the reason says the platforms are emulated', () => {
    const emulated = planCross(['linux/arm64'], Linking.DYNAMIC_GLIBC, CrossCompilation.EMULATION);
    expect(emulated.targets).toEqual([]);
    expect(emulated.reason).toBe('crossCompilation is EMULATION: linux/arm64 compiled under QEMU emulation');
    const musl = planCross(['linux/arm64'], Linking.STATIC_MUSL, undefined);
    expect(musl.targets).toEqual([]);
    expect(musl.reason).toContain('musl (alpine) builders do not cross-compile');
  });

  test('a platform outside the table is an error naming the option, the platform and the fallback', () => {
    const error = caught(() => planCross(['linux/mips64le'], Linking.DYNAMIC_GLIBC, undefined));
    expect(error.message).toContain('platforms');
    expect(error.message).toContain('linux/mips64le: no cross toolchain is known for it');
    expect(error.message).toContain('CrossCompilation.EMULATION');
    expect(planCross(['linux/mips64le'], Linking.DYNAMIC_GLIBC, CrossCompilation.EMULATION).targets).toEqual([]);
  });

  test('the table: each Debian cross toolchain is named from its GNU triplet (gcc-x86-64-linux-gnu has dashes)', () => {
    const amd64 = CROSS_TARGETS.find((t) => t.platform === 'linux/amd64')!;
    expect(amd64.toolchainPackages).toEqual(['gcc-x86-64-linux-gnu', 'g++-x86-64-linux-gnu', 'libc6-dev-amd64-cross']);
    for (const t of CROSS_TARGETS) {
      expect(t.toolchainPackages.join(' ')).toMatch(/^[a-z0-9+.-]+( [a-z0-9+.-]+)*$/);
    }
  });
});

describe('what synthesis logs', () => {
  test('a platforms line only when a foreign platform is asked for: cross-compiled, or emulated and why', () => {
    expect(builderSummary(planImage(ws, {})).join('\n')).not.toContain('platforms:');
    expect(builderSummary(planImage(ws, { platforms: [Platform.LINUX_AMD64] })).join('\n')).not.toContain('platforms:');
    expect(builderSummary(planImage(ws, { platforms: ARM }))).toContain(
      'platforms: the builder runs on the build platform and cross-compiles for linux/arm64 (aarch64-unknown-linux-gnu): no emulated Rust compilation');
    expect(builderSummary(planImage(ws, { platforms: ARM, crossCompilation: CrossCompilation.EMULATION })))
      .toContain('platforms: crossCompilation is EMULATION: linux/arm64 compiled under QEMU emulation');
  });
});

describe('the options', () => {
  test('crossCompilation and platforms are checked: a wrong value names the option', () => {
    expect(caught(() => planImage(ws, { crossCompilation: 'qemu' as any })).message).toContain('crossCompilation');
    expect(caught(() => planImage(ws, { platforms: ['linux/arm64'] as any })).message).toContain('platforms');
  });
});

/** The RUN lines of the builder stage. */
function builderRuns(text: string): string[] {
  const builder = text.slice(text.indexOf(' AS builder'), text.indexOf('\nFROM ', text.indexOf(' AS builder')));
  return builder.split(/\n(?=RUN )/).filter((b) => b.startsWith('RUN ')).map((b) => b.split(/\n\n/)[0]);
}

describe('the Dockerfile', () => {
  test('without foreign platforms nothing changes: no --platform, no TARGETPLATFORM, no rust-target.env', () => {
    for (const platforms of [undefined, [Platform.LINUX_AMD64]]) {
      const text = renderImageDockerfile(planImage(ws, { platforms }));
      expect(text).not.toContain('--platform');
      expect(text).not.toContain('TARGETPLATFORM');
      expect(text).not.toContain(CROSS_ENV);
    }
  });

  test('with linux/arm64: the builder and the script stage run on $BUILDPLATFORM, the final stage on the target', () => {
    const text = renderImageDockerfile(planImage(ws, { platforms: ARM }));
    expect(text).toContain('\nFROM --platform=$BUILDPLATFORM rust:1.95-bookworm AS builder\n');
    expect(text).toContain('\nFROM --platform=$BUILDPLATFORM rust:1.95-bookworm AS runtime-libraries\n');
    expect(text).toContain('\nFROM debian:bookworm-slim AS runtime\n');
    expect(text).toContain('\nARG TARGETPLATFORM\nRUN case "$TARGETPLATFORM" in');
  });

  test.each([
    ['LAYER', DependencyCaching.LAYER, 2],
    ['CACHE_MOUNT', DependencyCaching.CACHE_MOUNT, 1],
    ['NONE', DependencyCaching.NONE, 1],
  ])('%s: every cargo build sources the target first and builds --target "$RUST_TARGET"; the binary comes from target/$RUST_TARGET', (_name, caching, builds) => {
    const text = renderImageDockerfile(planImage(ws, { platforms: ARM, caching }));
    const cargo = builderRuns(text).filter((r) => r.includes('cargo build'));
    expect(cargo).toHaveLength(builds);
    for (const run of cargo) {
      expect(run).toMatch(/&& \. \/usr\/local\/etc\/rust-target\.env \\\n {4}&& cargo build [^\n]* --target "\$RUST_TARGET"|RUN (--mount=[^\n]*\\\n {4})*\. \/usr\/local\/etc\/rust-target\.env \\\n {4}&& cargo build [^\n]* --target "\$RUST_TARGET"/);
    }
    // LAYER keeps the target directory in the dependency layer (/target), the others in the build directory.
    expect(text).toContain(`cp ${caching === DependencyCaching.LAYER ? '/target' : 'target'}/"$RUST_TARGET"/release/svc /usr/local/bin/svc`);
    // The check runs in the build's shell, after the sourced variables (LIBRARY_DIRS).
    const check = builderRuns(text).find((r) => r.includes('runtime-libraries.sh svc'))!;
    expect(check.indexOf('. /usr/local/etc/rust-target.env')).toBeGreaterThan(-1);
    expect(check.indexOf('. /usr/local/etc/rust-target.env')).toBeLessThan(check.indexOf('sh /tmp/runtime-libraries.sh svc'));
  });

  test('static glibc: the target is $RUST_TARGET, not the host triple ($HOST is not set)', () => {
    const text = renderImageDockerfile(planImage(ws, { platforms: ARM, runtime: Runtime.SCRATCH }));
    expect(text).toContain('--target "$RUST_TARGET"');
    expect(text).not.toContain('$HOST');
    expect(text).toContain('RUSTFLAGS="-C target-feature=+crt-static"');
  });

  test('the target\'s -dev packages of linked C libraries are installed for the target arch, even those the builder image has', () => {
    const packages = [{ name: 'svc', version: '0.1.0', dependencies: ['pq-sys'] }, { name: 'pq-sys', version: '0.6.3', dependencies: [] }];
    const pq = fakeWorkspace([fakePackage({ name: 'svc' })], { lock: { packages } });
    expect(planImage(pq, {}).native.builderPackages).toEqual([]);
    const text = renderImageDockerfile(planImage(pq, { platforms: ARM }));
    expect(text).toContain('libc6-dev-arm64-cross libpq-dev:arm64\'');
    expect(text).toContain('libc6-dev-amd64-cross libpq-dev:amd64\'');
  });

  test('workspace images: one cross-compiling builder for all images', () => {
    const two = fakeWorkspace([fakePackage({ name: 'api' }), fakePackage({ name: 'worker' })]);
    const text = renderWorkspaceDockerfile(planWorkspaceImages(two, { platforms: ARM }));
    expect(text.match(/FROM --platform=\$BUILDPLATFORM/g)).toHaveLength(2);
    expect(text).toContain('--workspace --bins --target-dir /target --target "$RUST_TARGET"');
    expect(text).toContain('cp /target/"$RUST_TARGET"/release/api /target/"$RUST_TARGET"/release/worker /usr/local/bin/');
  });

  test('the same options synthesize the same bytes twice', () => {
    const options = { platforms: [Platform.LINUX_ARM64, Platform.LINUX_ARM_V7] };
    expect(renderImageDockerfile(planImage(ws, options))).toBe(renderImageDockerfile(planImage(ws, options)));
  });
});

describe('targetLibraryPackages', () => {
  test('the C libraries\' -dev packages; build tools and bindgen\'s libclang stay on the build platform', () => {
    expect(targetLibraryPackages(['libclang-dev', 'libpq-dev', 'libssl-dev', 'pkg-config', 'protobuf-compiler'])).toEqual(['libpq-dev', 'libssl-dev']);
  });
});

// --- the setup step, run in dash with stub tools: what it installs and what it writes ---

interface Setup {
  readonly status: number | null;
  readonly stderr: string;
  /** The stub tools' calls, one line each. */
  readonly calls: string[];
  /** The env file it wrote, or undefined. */
  readonly env?: string;
}

function runSetup(targetPlatform: string, buildArch: string, stdInstalled: boolean, libraries: string[] = []): Setup {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-cross-'));
  try {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const log = path.join(dir, 'calls');
    const stub = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/sh\necho "${name} $*" >> ${log}\n${body}\n`, { mode: 0o755 });
    stub('dpkg', `[ "$1" = --print-architecture ] && echo ${buildArch}; exit 0`);
    stub('apt-get', 'exit 0');
    stub('rustup', 'exit 0');
    stub('rustc', `echo ${stdInstalled ? dir : `${dir}/missing`}`);
    const plan = planCross(['linux/arm64'], Linking.DYNAMIC_GLIBC, undefined);
    const run = crossSetup(plan, libraries)[1];
    const envFile = path.join(dir, 'etc', 'rust-target.env');
    const script = run.args.join(' && ').split(CROSS_ENV).join(envFile).split('mkdir -p /usr/local/etc').join(`mkdir -p ${dir}/etc`)
      .split('rm -rf /var/lib/apt/lists/*').join('true');
    const result = cp.spawnSync('dash', ['-c', script], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, TARGETPLATFORM: targetPlatform } });
    return {
      status: result.status,
      stderr: result.stderr,
      calls: fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [],
      env: fs.existsSync(envFile) ? fs.readFileSync(envFile, 'utf8') : undefined,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const hasDash = cp.spawnSync('dash', ['-c', 'true']).status === 0;
const withDash = hasDash ? test : test.skip;

describe('the setup step in dash', () => {
  withDash('foreign target: adds the architecture, installs the cross gcc, libc and the -dev packages for it, writes the variables', () => {
    const out = runSetup('linux/arm64', 'amd64', true, ['libssl-dev', 'pkg-config']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.calls).toContain('dpkg --add-architecture arm64');
    expect(out.calls).toContain('apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross libssl-dev:arm64');
    expect(out.calls.some((c) => c.startsWith('rustup'))).toBe(false);
    const arm = CROSS_TARGETS.find((t) => t.platform === 'linux/arm64')!;
    expect(out.env).toBe(['RUST_TARGET=aarch64-unknown-linux-gnu', ...crossVariables(arm)].map((v) => `export ${v}\n`).join(''));
    const sourced = cp.spawnSync('dash', ['-c', `${out.env}\necho "$RUST_TARGET|$CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER|$LIBRARY_DIRS"`], { encoding: 'utf8' });
    expect(sourced.stdout).toBe('aarch64-unknown-linux-gnu|aarch64-linux-gnu-gcc|/lib/aarch64-linux-gnu:/usr/lib/aarch64-linux-gnu:/usr/aarch64-linux-gnu/lib\n');
  });

  withDash('the build platform itself: installs nothing, names the target only (ldd works, no LIBRARY_DIRS)', () => {
    const out = runSetup('linux/amd64', 'amd64', true);
    expect(out.status).toBe(0);
    expect(out.calls.filter((c) => !c.startsWith('dpkg --print-architecture') && !c.startsWith('rustc'))).toEqual([]);
    expect(out.env).toBe('export RUST_TARGET=x86_64-unknown-linux-gnu\n');
  });

  withDash('a toolchain without the target\'s standard library gets it from rustup', () => {
    const out = runSetup('linux/arm64', 'amd64', false);
    expect(out.status).toBe(0);
    expect(out.calls).toContain('rustup target add aarch64-unknown-linux-gnu');
  });

  withDash('an arm64 build machine building linux/amd64 cross-compiles the other way', () => {
    const out = runSetup('linux/amd64', 'arm64', true);
    expect(out.status).toBe(0);
    expect(out.calls).toContain('dpkg --add-architecture amd64');
    expect(out.env).toContain('export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER=x86_64-linux-gnu-gcc\n');
  });

  withDash('a platform the Dockerfile was not generated for fails, naming it and the fix', () => {
    const out = runSetup('linux/s390x', 'amd64', true);
    expect(out.status).toBe(1);
    expect(out.stderr).toBe('error: this Dockerfile cross-compiles for linux/amd64, linux/arm64, not linux/s390x: add it to platforms in .projenrc.ts and run npx projen.\n');
    expect(out.env).toBeUndefined();
  });
});
