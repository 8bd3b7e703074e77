import { cleanupTemp, writeTree } from './cargo-oracle';
import { inspectWorkspace, loadWorkspace } from '../../src/cargo/workspace';
import { RustDockerError } from '../../src/core/errors';

afterAll(() => cleanupTemp());

const MAIN = 'fn main() {}\n';

function pkg(manifest: string, files: Record<string, string>) {
  const dir = writeTree({ 'Cargo.toml': manifest, ...files });
  const ins = inspectWorkspace(dir);
  expect(ins.packages).toHaveLength(1);
  return ins.packages[0];
}

function bins(manifest: string, files: Record<string, string>): Array<[string, string]> {
  return pkg(manifest, files).pkg.bins.map((b) => [b.name, b.path]);
}

function loadError(manifest: string, files: Record<string, string>): RustDockerError {
  const dir = writeTree({ 'Cargo.toml': manifest, ...files });
  try {
    loadWorkspace(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(RustDockerError);
    return e as RustDockerError;
  }
  throw new Error('expected a RustDockerError');
}

const P2021 = '[package]\nname = "p"\nedition = "2021"\n';
const P2015 = '[package]\nname = "p"\n';

describe('binary targets', () => {
  test('auto-discovery: src/main.rs (named after the package), src/bin/*.rs, src/bin/*/main.rs; dotfiles and non-.rs skipped', () => {
    expect(bins(P2021, {
      'src/main.rs': MAIN,
      'src/bin/a.rs': MAIN,
      'src/bin/b/main.rs': MAIN,
      'src/bin/c/lib.rs': '',
      'src/bin/.d.rs': MAIN,
      'src/bin/.e/main.rs': MAIN,
      'src/bin/f.txt': '',
    })).toEqual([['a', 'src/bin/a.rs'], ['b', 'src/bin/b/main.rs'], ['p', 'src/main.rs']]);
  });

  test('[[bin]] with a path is taken as written, whether or not the file exists', () => {
    expect(bins(`${P2021}[[bin]]\nname = "x"\npath = "cmd/../tools/./x.rs"\n`, {})).toEqual([['x', 'tools/x.rs']]);
  });

  test('[[bin]] without path resolves by name among the inferred files', () => {
    expect(bins(`${P2021}[[bin]]\nname = "a"\n[[bin]]\nname = "b"\n[[bin]]\nname = "p"\n`, {
      'src/main.rs': MAIN, 'src/bin/a.rs': MAIN, 'src/bin/b/main.rs': MAIN,
    })).toEqual([['a', 'src/bin/a.rs'], ['b', 'src/bin/b/main.rs'], ['p', 'src/main.rs']]);
  });

  test('edition 2018+: declared bins plus inferred ones not declared by name or path', () => {
    expect(bins(`${P2021}[[bin]]\nname = "tool"\npath = "src/main.rs"\n[[bin]]\nname = "a"\npath = "other.rs"\n`, {
      'src/main.rs': MAIN, 'src/bin/a.rs': MAIN, 'src/bin/b.rs': MAIN,
    })).toEqual([['a', 'other.rs'], ['b', 'src/bin/b.rs'], ['tool', 'src/main.rs']]);
  });

  test('edition 2015: declaring any [[bin]] turns discovery off, unless autobins = true', () => {
    const files = { 'src/main.rs': MAIN, 'src/bin/y.rs': MAIN, 'src/x.rs': MAIN };
    expect(bins(`${P2015}[[bin]]\nname = "x"\npath = "src/x.rs"\n`, files)).toEqual([['x', 'src/x.rs']]);
    expect(bins(`${P2015}autobins = true\n[[bin]]\nname = "x"\npath = "src/x.rs"\n`, files))
      .toEqual([['p', 'src/main.rs'], ['x', 'src/x.rs'], ['y', 'src/bin/y.rs']]);
    // an empty `bin = []` counts as declared
    expect(pkg(`bin = []\n${P2015}`, { ...files, 'src/lib.rs': '' }).pkg.bins).toEqual([]);
  });

  test('autobins = false keeps only declared bins', () => {
    expect(bins(`${P2021}autobins = false\n[[bin]]\nname = "only"\npath = "only.rs"\n`, { 'src/main.rs': MAIN }))
      .toEqual([['only', 'only.rs']]);
  });

  test('edition 2015 legacy paths: src/<name>.rs (without a lib), then src/main.rs, then src/bin/main.rs', () => {
    expect(bins(`${P2015}[[bin]]\nname = "legacy"\n`, { 'src/legacy.rs': MAIN, 'src/main.rs': MAIN })).toEqual([['legacy', 'src/legacy.rs']]);
    expect(bins(`${P2015}[[bin]]\nname = "legacy"\n`, { 'src/legacy.rs': MAIN, 'src/main.rs': MAIN, 'src/lib.rs': '' }))
      .toEqual([['legacy', 'src/main.rs']]);
    expect(bins(`${P2015}[[bin]]\nname = "legacy"\n`, { 'src/bin/main.rs': MAIN })).toEqual([['legacy', 'src/bin/main.rs']]);
  });

  test('required-features and default-run', () => {
    const p = pkg(`${P2021}default-run = "b"\n[[bin]]\nname = "b"\npath = "b.rs"\nrequired-features = ["x"]\n[features]\nx = []\n`, { 'src/main.rs': MAIN });
    expect(p.pkg.defaultRun).toBe('b');
    expect(p.pkg.bins).toEqual([
      { kind: 'bin', name: 'b', path: 'b.rs', requiredFeatures: ['x'] },
      { kind: 'bin', name: 'p', path: 'src/main.rs', requiredFeatures: [] },
    ]);
  });

  test.each([
    ['no name', `${P2021}[[bin]]\npath = "a.rs"\n`, {}, /binary target bin\.name is required/],
    ['empty name', `${P2021}[[bin]]\nname = " "\npath = "a.rs"\n`, {}, /binary target names cannot be empty/],
    ['forbidden name', `${P2021}[[bin]]\nname = "deps"\npath = "a.rs"\n`, {}, /the binary target name `deps` is forbidden/],
    ['not found', `${P2021}[[bin]]\nname = "x"\n`, { 'src/main.rs': MAIN }, /can't find `x` bin at `src\/bin\/x\.rs` or `src\/bin\/x\/main\.rs`/],
    ['not found (2015, nothing legacy)', `${P2015}[[bin]]\nname = "x"\n`, { 'src/lib.rs': '' }, /can't find `x` bin/],
    ['ambiguous', `${P2021}[[bin]]\nname = "x"\n`, { 'src/bin/x.rs': MAIN, 'src/bin/x/main.rs': MAIN }, /cannot infer path for `x` bin/],
    ['duplicate', `${P2021}[[bin]]\nname = "x"\npath = "a.rs"\n[[bin]]\nname = "x"\npath = "b.rs"\n`, {}, /found duplicate binary name x/],
    ['no targets', P2021, {}, /no targets specified in the manifest/],
    ['wrong type', `bin = "x"\n${P2021}`, { 'src/main.rs': MAIN }, /`bin` must be an array of tables/],
  ])('error: %s', (_name, manifest, files, message) => {
    const e = loadError(manifest, files);
    expect(e.message).toMatch(message);
    expect(e.file!.endsWith('Cargo.toml')).toBe(true);
    expect(e.problem).toMatch(/\.$/);
    expect(e.fix).toMatch(/\.$/);
    expect(e.message).toBe(`${e.file}: ${e.problem} ${e.fix}`);
  });
});

describe('examples, tests and benches (the same discovery)', () => {
  test('auto-discovered ones are resolved, only declared ones are in `targets`', () => {
    const p = pkg(`${P2021}[[example]]\nname = "demo"\n[[test]]\nname = "it"\npath = "checks/it.rs"\n[[bench]]\nname = "speed"\n`, {
      'src/lib.rs': '', 'examples/demo/main.rs': MAIN, 'examples/auto.rs': MAIN, 'tests/t.rs': '', 'benches/speed.rs': '', 'benches/more/main.rs': '',
    });
    const all = p.allTargets.filter((t) => t.kind !== 'lib').map((t) => `${t.kind}:${t.name}:${t.path}:${t.declared}`);
    expect(all).toEqual([
      'example:auto:examples/auto.rs:false',
      'example:demo:examples/demo/main.rs:true',
      'test:it:checks/it.rs:true',
      'test:t:tests/t.rs:false',
      'bench:more:benches/more/main.rs:false',
      'bench:speed:benches/speed.rs:true',
    ]);
    expect(p.pkg.targets.map((t) => `${t.kind}:${t.name}`)).toEqual(['lib:p', 'example:demo', 'test:it', 'bench:speed']);
  });

  test('edition 2015 turns discovery off per kind, and knows the legacy src/bench.rs', () => {
    const p = pkg(`${P2015}[[bench]]\nname = "bench"\n`, { 'src/lib.rs': '', 'benches/other.rs': '', 'src/bench.rs': '', 'examples/e.rs': MAIN });
    expect(p.allTargets.map((t) => `${t.kind}:${t.name}:${t.path}`)).toEqual([
      'lib:p:src/lib.rs', 'example:e:examples/e.rs', 'bench:bench:src/bench.rs',
    ]);
  });

  test('autoexamples = false', () => {
    const p = pkg(`${P2021}autoexamples = false\n`, { 'src/lib.rs': '', 'examples/e.rs': MAIN });
    expect(p.allTargets.map((t) => t.kind)).toEqual(['lib']);
  });

  test.each([
    ['example', `${P2021}[[example]]\nname = "nope"\n`, /can't find `nope` example at `examples\/nope\.rs` or `examples\/nope\/main\.rs`/],
    ['test', `${P2021}[[test]]\nname = "nope"\n`, /can't find `nope` test at `tests\/nope\.rs`/],
    ['bench', `${P2021}[[bench]]\nname = "nope"\n`, /can't find `nope` bench at `benches\/nope\.rs`/],
    ['example without name', `${P2021}[[example]]\npath = "e.rs"\n`, /example target example\.name is required/],
  ])('declared %s whose file cannot be found is an error (cargo build fails on it)', (_kind, manifest, message) => {
    expect(loadError(manifest, { 'src/lib.rs': '' }).message).toMatch(message);
  });
});

describe('library and build script', () => {
  test('lib: src/lib.rs, name from the package with - replaced by _', () => {
    const p = pkg('[package]\nname = "my-lib"\nedition = "2021"\n', { 'src/lib.rs': '' });
    expect(p.pkg.targets).toEqual([{ kind: 'lib', name: 'my_lib', path: 'src/lib.rs', requiredFeatures: [] }]);
  });

  test('lib: [lib] path and name; autolib = false; edition 2015 legacy src/<name>.rs', () => {
    expect(pkg(`${P2021}[lib]\nname = "core2"\npath = "lib/mod.rs"\n`, {}).pkg.targets[0]).toMatchObject({ name: 'core2', path: 'lib/mod.rs' });
    expect(pkg(`${P2021}autolib = false\n`, { 'src/lib.rs': '', 'src/main.rs': MAIN }).pkg.targets.map((t) => t.kind)).toEqual(['bin']);
    expect(pkg(`${P2021}autolib = false\n[lib]\n`, { 'src/lib.rs': '' }).pkg.targets[0]).toMatchObject({ kind: 'lib', path: 'src/lib.rs' });
    expect(pkg(`${P2015}[lib]\nname = "old"\n`, { 'src/old.rs': '' }).pkg.targets[0]).toMatchObject({ name: 'old', path: 'src/old.rs' });
  });

  test('lib errors', () => {
    expect(loadError(`${P2021}[lib]\n`, {}).message).toMatch(/can't find library `p`, rename file to `src\/lib\.rs` or specify lib\.path/);
    expect(loadError(`${P2021}[lib]\nname = "a-b"\n`, { 'src/lib.rs': '' }).message).toMatch(/library target names cannot contain hyphens: a-b/);
  });

  test.each([
    ['auto build.rs', '', { 'build.rs': MAIN }, { name: 'build-script-build', path: 'build.rs' }],
    ['build = "x.rs"', 'build = "tools/gen.rs"\n', {}, { name: 'build-script-gen', path: 'tools/gen.rs' }],
    ['build = true', 'build = true\n', { 'build.rs': MAIN }, { name: 'build-script-build', path: 'build.rs' }],
    ['build = false', 'build = false\n', { 'build.rs': MAIN }, null],
    ['no build.rs', '', {}, null],
  ])('build script: %s', (_name, extra, files, expected) => {
    const p = pkg(`${P2021}${extra}`, { 'src/main.rs': MAIN, ...files });
    const build = p.pkg.targets.find((t) => t.kind === 'custom-build') ?? null;
    expect(build === null ? null : { name: build.name, path: build.path }).toEqual(expected);
  });
});
