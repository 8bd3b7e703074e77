/**
 * What cargo accepts but a container build cannot take, found when planning from a real
 * Cargo reading (loadWorkspace on temporary trees and fixtures): a lockfile that
 * `cargo build --locked` would have to change, `.cargo/config.toml` keys that move the
 * binaries or sources outside the build context, target paths outside it, binary names
 * rustc refuses, required-features `cargo build` refuses. Each is an error naming the file,
 * what is wrong and how to fix it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadWorkspace } from '../../src/cargo/workspace';
import { RustDockerError } from '../../src/core/errors';
import { Linking } from '../../src/plan/linking';
import type { BinaryImageOptions } from '../../src/plan/options';
import type { ImagePlan } from '../../src/plan/plan';
import { planImage } from '../../src/plan/plan';
import { resolveToolchain } from '../../src/plan/toolchain';
import { cleanupTemp, copyFixture, memberLockfile, runCargo, tempDir, writeTree } from '../cargo/cargo-oracle';

afterAll(() => cleanupTemp());

const MAIN = 'fn main() {}\n';
const PKG = '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n';
const LOCK = 'version = 4\n\n[[package]]\nname = "svc"\nversion = "0.1.0"\n';

/** A tree with a Cargo.lock listing its members (unless `Cargo.lock` is given). */
function tree(files: Record<string, string>): string {
  const dir = writeTree(files);
  if (files['Cargo.lock'] === undefined) {
    fs.writeFileSync(path.join(dir, 'Cargo.lock'), memberLockfile(dir));
  }
  return dir;
}

function plan(dir: string, options: BinaryImageOptions = {}): ImagePlan {
  return planImage(loadWorkspace(dir), options);
}

function planError(dir: string, options: BinaryImageOptions = {}): RustDockerError {
  const ws = loadWorkspace(dir); // the reader accepts it: cargo does
  try {
    planImage(ws, options);
  } catch (e) {
    expect(e).toBeInstanceOf(RustDockerError);
    return e as RustDockerError;
  }
  throw new Error('expected a RustDockerError');
}

/** cargo itself: metadata accepts the tree (so the reader must), `cargo build --locked` may not. */
function cargoAccepts(dir: string, args = ['metadata', '--no-deps', '--format-version', '1', '--offline']): boolean {
  return runCargo(dir, args).status === 0;
}

describe('Cargo.lock must list every member, or `cargo build --locked` fails', () => {
  test.each([
    ['empty', '', /^Cargo\.lock lists no packages, not even the workspace members \(svc 0\.1\.0\)/],
    ['only a version', 'version = 4\n', /^Cargo\.lock lists no packages/],
    ['another package only', 'version = 4\n\n[[package]]\nname = "other"\nversion = "0.1.0"\n', /^Cargo\.lock lacks the workspace member svc 0\.1\.0 \(Cargo\.toml\): `cargo build --locked` would have to update it, and fails\.$/],
    ['an old version of the member', 'version = 4\n\n[[package]]\nname = "svc"\nversion = "0.0.9"\n', /^Cargo\.lock lacks the workspace member svc 0\.1\.0 \(Cargo\.toml; Cargo\.lock has 0\.0\.9\)/],
  ])('%s: cargo build --locked fails, and planning says why and how to fix it', (_name, lock, problem) => {
    const dir = tree({ 'Cargo.toml': PKG, 'src/main.rs': MAIN, 'Cargo.lock': lock });
    expect(cargoAccepts(dir)).toBe(true);
    expect(cargoAccepts(dir, ['build', '--locked', '--offline'])).toBe(false);
    const e = planError(dir);
    expect(e.file).toBe(path.join(dir, 'Cargo.lock'));
    expect(e.option).toBeUndefined();
    expect(e.problem).toMatch(problem);
    expect(e.fix).toBe('Run `cargo update --workspace` (or `cargo generate-lockfile`) in the workspace root and commit Cargo.lock.');
    expect(e.message).toBe(`${e.file}: ${e.problem} ${e.fix}`);
  });

  test('a lock file that lists the member is fine (and cargo build --locked agrees)', () => {
    const dir = tree({ 'Cargo.toml': PKG, 'src/main.rs': MAIN, 'Cargo.lock': LOCK });
    expect(cargoAccepts(dir, ['build', '--locked', '--offline'])).toBe(true);
    expect(plan(dir).binary.name).toBe('svc');
  });

  test('a workspace: every member lacking is named, with its manifest', () => {
    const dir = copyFixture('test-bench-example-members');
    fs.writeFileSync(path.join(dir, 'Cargo.lock'), 'version = 4\n\n[[package]]\nname = "service"\nversion = "0.1.0"\n\n[[package]]\nname = "tests"\nversion = "0.1.0"\n');
    expect(planError(dir).problem).toBe(
      'Cargo.lock lacks the workspace members benchmarks 0.1.0 (benchmarks/Cargo.toml), examples-only 0.1.0 (examples-only/Cargo.toml), ' +
      'tests-auto 0.2.0 (tests-auto/Cargo.toml): `cargo build --locked` would have to update it, and fails.');
  });

  test('a lock file cargo cannot parse: the position and how to regenerate it', () => {
    const dir = tree({ 'Cargo.toml': PKG, 'src/main.rs': MAIN, 'Cargo.lock': 'version = 4\n[[package]\n' });
    const e = planError(dir);
    expect([e.file, e.line]).toEqual([path.join(dir, 'Cargo.lock'), 2]);
    expect(e.problem).toMatch(/^cargo cannot read Cargo\.lock, so `cargo build --locked` fails: invalid TOML: /);
    expect(e.fix).toMatch(/^Delete Cargo\.lock and run `cargo generate-lockfile`/);
  });
});

describe('members with only tests, benches or examples beside a service', () => {
  test('the service is planned; the other members are in the model with their targets to stub', () => {
    const dir = copyFixture('test-bench-example-members');
    fs.writeFileSync(path.join(dir, 'Cargo.lock'), memberLockfile(dir));
    const p = plan(dir);
    expect([p.package.name, p.binary.name]).toEqual(['service', 'service']);
    expect(p.selectionReason).toBe('it is the only binary of the workspace');
    const targets = Object.fromEntries(p.workspace.members.map((m) => [m.name, m.targets.map((t) => `${t.kind}:${t.path}`)]));
    expect(targets).toEqual({
      'benchmarks': ['bench:benchmarks/benches/latency.rs', 'bench:benchmarks/benches/throughput.rs'],
      'examples-only': ['example:examples-only/examples/demo.rs', 'example:examples-only/examples/tour/main.rs'],
      'service': ['bin:service/src/main.rs'],
      'tests': ['test:tests/src/tests.rs'],
      'tests-auto': ['test:tests-auto/tests/api/main.rs', 'test:tests-auto/tests/smoke.rs'],
    });
  });

  test('loaded from the test-only member, there is no binary to choose, and the error says so', () => {
    const dir = copyFixture('test-bench-example-members');
    fs.writeFileSync(path.join(dir, 'Cargo.lock'), memberLockfile(dir));
    const e = planError(path.join(dir, 'tests'));
    expect(e.problem).toMatch(/cannot choose a binary to build in the workspace at .*: package 'tests' has no binary target\.$/);
  });
});

describe('.cargo/config.toml: keys that move the binaries, sources outside the context', () => {
  const base = { 'Cargo.toml': PKG, 'src/main.rs': MAIN };

  test.each([
    ['a relative target-dir', '[build]\ntarget-dir = "out"\n', /^`build\.target-dir` is set \(to "out", relative to the workspace root\): cargo in the builder would write the binaries there/, /^Remove `target-dir` from `\[build\]`/],
    ['a target-dir outside the root', '[build]\ntarget-dir = "../../shared-target"\n', /^`build\.target-dir` is set \(to "\.\.\/\.\.\/shared-target"/, /CARGO_TARGET_DIR/],
    ['build.target', '[build]\ntarget = "x86_64-unknown-linux-musl"\n', /^`build\.target` is set \("x86_64-unknown-linux-musl"\): cargo in the builder would build for it and write the binaries to `target\/<triple>\/`/, /^Remove `target` from `\[build\]`.*`linking` option\.$/],
    ['build.target as an array', '[build]\ntarget = ["a-b-c", "d-e-f"]\n', /^`build\.target` is set \("a-b-c", "d-e-f"\)/, /^Remove `target`/],
    ['a vendor directory outside the root', '[source.crates-io]\nreplace-with = "v"\n[source.v]\ndirectory = "../vendor"\n', /^the source replacement directory "\.\.\/vendor" .* lies outside the workspace root \(.*\), the Docker build context: the image cannot copy it\.$/, /^Vendor into a directory inside the workspace/],
    ['a local registry outside the root', '[source.r]\nlocal-registry = "/srv/registry"\n', /^the source replacement directory "(\.\.\/)+srv\/registry"/, /^Vendor into/],
  ])('%s: cargo accepts it, planning names the file and the key', (_name, config, problem, fix) => {
    const dir = tree({ ...base, '.cargo/config.toml': config });
    expect(cargoAccepts(dir)).toBe(true);
    const e = planError(dir);
    expect(e.file).toBe(path.join(dir, '.cargo/config.toml'));
    expect(e.problem).toMatch(problem);
    expect(e.fix).toMatch(fix);
    expect(e.message).toBe(`${e.file}: ${e.problem} ${e.fix}`);
  });

  test('an absolute target-dir is named relative to the root', () => {
    const outside = tempDir('elsewhere-');
    const dir = tree({ ...base, '.cargo/config.toml': `[build]\ntarget-dir = ${JSON.stringify(outside)}\n` });
    expect(planError(dir).problem).toMatch(/^`build\.target-dir` is set \(to "(\.\.\/)+elsewhere-[^"]+", relative to the workspace root\)/);
  });

  test('vendored sources inside the root, and other [build] keys, are fine', () => {
    const dir = tree({ ...base, '.cargo/config.toml': '[build]\njobs = 2\nrustflags = ["-Cdebuginfo=1"]\n[source.v]\ndirectory = "vendor"\n' });
    expect(plan(dir).workspace.cargoConfig).toMatchObject({ sourceDirs: ['vendor'], targetDir: null, buildTargets: [] });
  });
});

describe('target and build-script paths outside the build context', () => {
  test.each([
    ['an absolute bin path', '[[bin]]\nname = "svc"\npath = "/etc/shadow"\n', /the bin target `svc` resolves to "(\.\.\/)+etc\/shadow"/],
    ['a bin path that climbs out', '[[bin]]\nname = "svc"\npath = "../../etc/passwd"\n', /the bin target `svc` resolves to "\.\.\/\.\.\/etc\/passwd"/],
    ['a build script outside', 'build = "../build.rs"\n', /the build script \(`package\.build`\) resolves to "\.\.\/build\.rs"/],
    ['an absolute lib path', '[lib]\npath = "/opt/lib.rs"\n', /the lib target `svc` resolves to "(\.\.\/)+opt\/lib\.rs"/],
    ['a declared example outside', '[[example]]\nname = "e"\npath = "../e.rs"\n', /the example target `e` resolves to "\.\.\/e\.rs"/],
  ])('%s: cargo uses it as written; planning refuses it, naming the manifest', (_name, extra, problem) => {
    const root = writeTree({ 'ws/Cargo.toml': `${PKG}${extra}`, 'ws/src/main.rs': MAIN });
    const dir = path.join(root, 'ws');
    fs.writeFileSync(path.join(dir, 'Cargo.lock'), LOCK);
    expect(cargoAccepts(dir)).toBe(true);
    const e = planError(dir);
    expect(e.file).toBe(path.join(dir, 'Cargo.toml'));
    expect(e.problem).toMatch(problem);
    expect(e.problem).toMatch(/outside the workspace root \(.*\), the Docker build context: the image cannot copy it\.$/);
    expect(e.fix).toBe('Move the file into the package and give a relative `path` inside the workspace.');
  });

  test('the fixture: cargo metadata lists the targets, planning refuses the first one outside', () => {
    const dir = copyFixture('target-paths-outside');
    fs.writeFileSync(path.join(dir, 'Cargo.lock'), memberLockfile(dir));
    expect(planError(dir).problem).toMatch(/^the path of the bin target `absolute` resolves to "(\.\.\/)+opt\/outside-the-context\/main\.rs"/);
  });
});

describe('binary names that cargo metadata lists but rustc refuses', () => {
  test.each([
    ['../../etc/passwd', '"."'],
    ['a.b', '"."'],
    ['a b', '" "'],
    ['svc\nRUN x', '"\\n"'],
  ])('%j: cargo build fails, planning says why', (name, bad) => {
    const dir = tree({ 'Cargo.toml': `${PKG}[[bin]]\nname = ${JSON.stringify(name)}\npath = "src/main.rs"\n`, 'src/main.rs': MAIN });
    expect(cargoAccepts(dir)).toBe(true);
    const e = planError(dir);
    expect(e.file).toBe(path.join(dir, 'Cargo.toml'));
    expect(e.problem).toBe(`the binary target name ${JSON.stringify(name)} is not a crate name rustc accepts (invalid character ${bad}): cargo lists it, but \`cargo build --bin\` fails on it.`);
    expect(e.fix).toBe('Rename the `[[bin]]` to letters, digits, `-` and `_` (e.g. `name = "my-tool"`).');
  });

  test.each(['café', '1tool', 'my-tool'])('%j builds with cargo, and is planned', (name) => {
    const dir = tree({ 'Cargo.toml': `${PKG}[[bin]]\nname = ${JSON.stringify(name)}\npath = "src/main.rs"\n`, 'src/main.rs': MAIN });
    expect(plan(dir).binary.name).toBe(name);
  });
});

describe('required-features and features with a dependency part', () => {
  const manifest = `${PKG}[dependencies]\nh = { path = "h", optional = true }\n[build-dependencies]\nb = { path = "h", package = "h" }\n[dev-dependencies]\nd = { path = "h", package = "h" }\n[features]\ntls = []\nx = ["dep:h"]\n`;
  const files = (required: string[]) => ({
    'Cargo.toml': `${manifest}[[bin]]\nname = "svc"\npath = "src/main.rs"\nrequired-features = ${JSON.stringify(required)}\n`,
    'src/main.rs': MAIN,
    'h/Cargo.toml': '[package]\nname = "h"\nversion = "0.1.0"\n[features]\nfast = []\n',
    'h/src/lib.rs': '',
  });

  test.each([
    ['dep:h', /has "dep:h": cargo does not accept the explicit `dep:` syntax here/],
    ['h?/fast', /has "h\?\/fast": an optional dependency with `\?` is not allowed in required-features\.$/],
    ['nope/fast', /has "nope\/fast": `nope` is not a dependency of package 'svc'\.$/],
    ['d/fast', /has "d\/fast": `d` is only a dev-dependency, which `cargo build` does not build/],
    ['h/-fast', /has "h\/-fast": the part after `\/` is not a feature name: invalid character `-`/],
    ['h/a/b', /has "h\/a\/b": the part after `\/` is not a feature name: .*slashes/],
    ['turbo', /has "turbo": `turbo` is not a feature of package 'svc' \(known: tls, x\)\.$/],
  ])('required-features %j: cargo metadata accepts it, planning names the manifest and the binary', (feature, problem) => {
    const dir = tree(files([feature]));
    expect(cargoAccepts(dir)).toBe(true);
    const e = planError(dir);
    expect(e.file).toBe(path.join(dir, 'Cargo.toml'));
    expect(e.option).toBeUndefined();
    expect(e.problem).toMatch(/^`required-features` of binary `svc` has /);
    expect(e.problem).toMatch(problem);
    expect(e.fix).toBe('List features of this package (`name`), or features of a dependency as `dependency/feature`.');
  });

  test.each([['h/fast'], ['b/fast'], ['tls', 'h/fast']])('required-features %j are planned and enabled', (...required) => {
    const p = plan(tree(files(required)));
    expect(p.features).toEqual([...required].sort());
  });

  test('the features option: a dependency part must name a dependency', () => {
    const dir = tree(files([]));
    const e = planError(dir, { features: ['nope/fast'] });
    expect(e.option).toBe('features');
    expect(e.problem).toBe("has 'nope/fast': `nope` is not a dependency of package 'svc'.");
    expect(plan(dir, { features: ['h/fast', 'd/fast'] }).features).toEqual(['d/fast', 'h/fast']);
  });
});

describe('other values cargo accepts', () => {
  test('a NUL in the description becomes a space in the image label', () => {
    const dir = tree({ 'Cargo.toml': `${PKG}description = "line\\u0000two\\nthree"\n`, 'src/main.rs': MAIN });
    expect(cargoAccepts(dir)).toBe(true);
    expect(Object.fromEntries(plan(dir).labels)['org.opencontainers.image.description']).toBe('line two three');
  });

  test('a toolchain path names a directory the builder does not have', () => {
    const dir = tree({ 'Cargo.toml': PKG, 'src/main.rs': MAIN, 'rust-toolchain.toml': '[toolchain]\npath = "/opt/my-rust"\n' });
    const e = planError(dir);
    expect(e.file).toBe(path.join(dir, 'rust-toolchain.toml'));
    expect(e.problem).toBe('`toolchain.path` names a toolchain directory on this machine ("/opt/my-rust"), which the builder image does not have.');
    expect(e.fix).toMatch(/^Name an official toolchain with `channel = "\.\.\."`/);
  });
});

describe('toolchain channels with a host', () => {
  const glibc = { linking: Linking.DYNAMIC_GLIBC };
  const file = (channel: string) => ({ file: 'rust-toolchain.toml', channel, components: [], targets: [] });

  test('a Linux host: the builder installs exactly that toolchain (rustup uses a host-suffixed file only when it is installed)', () => {
    expect(resolveToolchain(file('1.80-x86_64-unknown-linux-gnu'), undefined, glibc)).toMatchObject({ installChannel: '1.80-x86_64-unknown-linux-gnu' });
    expect(resolveToolchain(file('stable-x86_64-unknown-linux-gnu'), undefined, glibc)).toMatchObject({ installChannel: 'stable-x86_64-unknown-linux-gnu' });
    expect(resolveToolchain(file('stable'), undefined, glibc)).toMatchObject({ installChannel: null, builderImage: 'rust:1-bookworm' });
  });

  test('another host is an error naming the toolchain file', () => {
    let error: unknown;
    try {
      resolveToolchain(file('1.80-x86_64-pc-windows-msvc'), undefined, glibc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RustDockerError);
    const e = error as RustDockerError;
    expect(e.file).toBe('rust-toolchain.toml');
    expect(e.problem).toBe('channel "1.80-x86_64-pc-windows-msvc" names the host "x86_64-pc-windows-msvc", but the builder image runs Linux: rustup cannot run that toolchain there.');
  });
});
