import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, cargoMetadata, cleanupTemp, runCargo, sorted, writeTree } from './cargo-oracle';
import { loadWorkspace } from '../../src/cargo/workspace';
import { RustDockerError } from '../../src/core/errors';

afterAll(() => cleanupTemp());

const MAIN = 'fn main() {}\n';
const fixture = (name: string) => path.join(FIXTURES, name);

function loadError(dir: string): RustDockerError {
  try {
    loadWorkspace(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(RustDockerError);
    return e as RustDockerError;
  }
  throw new Error('expected a RustDockerError');
}

/** Member and default-member names as cargo reports them for `dir`. */
function cargoNames(dir: string): { members: string[]; defaults: string[] } {
  const { meta } = cargoMetadata(dir);
  const name = (id: string) => meta.packages.find((p) => p.id === id)!.name;
  return { members: sorted(meta.workspace_members.map(name)), defaults: sorted(meta.workspace_default_members.map(name)) };
}

function ourNames(dir: string): { members: string[]; defaults: string[] } {
  const ws = loadWorkspace(dir);
  return { members: ws.members.map((m) => m.name), defaults: ws.defaultMembers };
}

describe('workspace discovery', () => {
  test('currentPackage: the package in the start directory, null for a virtual root', () => {
    expect(loadWorkspace(fixture('root-package')).currentPackage).toBe('root-app');
    expect(loadWorkspace(fixture('virtual-globs')).currentPackage).toBeNull();
    const fromMember = loadWorkspace(fixture('virtual-globs/crates/api'));
    expect(fromMember.currentPackage).toBe('api');
    expect(fromMember.root).toBe(fixture('virtual-globs'));
  });

  test('default-members counts only from the root; from a member the default is that member', () => {
    expect(loadWorkspace(fixture('virtual-globs')).defaultMembers).toEqual(['api']);
    expect(loadWorkspace(fixture('virtual-globs/crates/core-types')).defaultMembers).toEqual(['core-types']);
    expect(loadWorkspace(fixture('targets-misc')).defaultMembers).toHaveLength(5);
    expect(loadWorkspace(fixture('root-package')).defaultMembers).toEqual(['root-app']);
  });

  test('members are sorted by name and paths are relative to the root', () => {
    const ws = loadWorkspace(fixture('virtual-globs'));
    expect(ws.members.map((m) => m.name)).toEqual(['api', 'core-types', 'deep-cli', 'hidden-crate', 'svc-b', 'svc-d', 'tools-cli', 'xyz']);
    expect(ws.members.find((m) => m.name === 'deep-cli')).toMatchObject({
      dir: 'tools/nested/deep/cli', manifestPath: 'tools/nested/deep/cli/Cargo.toml',
    });
    expect(ws.manifests[0]).toBe('Cargo.toml');
  });

  test('path dependencies: members, non-member dirs, external paths and manifests', () => {
    const ws = loadWorkspace(fixture('path-deps/ws/app'));
    expect(ws.root).toBe(fixture('path-deps/ws'));
    expect(ws.members.map((m) => m.name)).toEqual(['app', 'codegen', 'core', 'nested', 'shared-types', 'testing', 'winonly']);
    expect(ws.pathDependencyDirs).toEqual(['patches/serde', 'vendored/forked', 'vendored/forked-helper']);
    expect(ws.externalPathDependencies).toEqual(['../shared']);
    expect(ws.manifests).toEqual([
      'Cargo.toml', 'app/Cargo.toml', 'libs/codegen/Cargo.toml', 'libs/core/Cargo.toml', 'libs/nested/Cargo.toml',
      'libs/shared-types/Cargo.toml', 'libs/testing/Cargo.toml', 'libs/winonly/Cargo.toml', 'patches/serde/Cargo.toml',
      'vendored/forked-helper/Cargo.toml', 'vendored/forked/Cargo.toml',
    ]);
  });

  test('a single package without [workspace]: its path dependencies are not members', () => {
    const ws = loadWorkspace(fixture('required-features'));
    expect(ws.members.map((m) => m.name)).toEqual(['feat']);
    expect(ws.pathDependencyDirs).toEqual(['extra', 'named', 'speedy', 'unixy']);
  });

  test('workspace.package inheritance and cargo defaults', () => {
    const ws = loadWorkspace(fixture('inherit'));
    const [bare, full, partial] = ws.members;
    expect(full).toMatchObject({
      name: 'full',
      version: '3.1.4-beta.1',
      edition: '2021',
      rustVersion: '1.74',
      description: 'Inherited description',
      license: 'MIT OR Apache-2.0',
      repository: 'https://example.com/repo',
      homepage: 'https://example.com',
      authors: ['Jane Doe <jane@example.com>'],
    });
    expect(partial).toMatchObject({ version: '3.1.4-beta.1', edition: '2024', rustVersion: '1.85', license: 'MIT', description: null });
    expect(bare).toMatchObject({ version: '0.0.0', edition: '2015', rustVersion: null, authors: [] });
  });

  test('features: declared plus implicit features of optional dependencies not named by dep:', () => {
    expect(loadWorkspace(fixture('required-features')).members[0].features)
      .toEqual(['cli', 'default', 'extra', 'fast', 'renamed', 'unixy']);
  });

  test('targets to stub: lib, bins, declared examples/tests/benches, build script', () => {
    const ws = loadWorkspace(fixture('targets-misc'));
    const declared = ws.members.find((m) => m.name === 'declared-targets')!;
    expect(declared.targets.map((t) => `${t.kind}:${t.name}:${t.path}`)).toEqual([
      'lib:declared:declared-targets/lib/mod.rs',
      'example:custom:declared-targets/samples/custom.rs',
      'example:demo:declared-targets/examples/demo/main.rs',
      'test:integration:declared-targets/tests/integration.rs',
      'bench:speed:declared-targets/benches/speed.rs',
    ]);
    expect(ws.members.find((m) => m.name === 'custom-build')!.targets.map((t) => t.name))
      .toEqual(['custom_build', 'build-script-codegen']);
  });

  test('lockfile, toolchain and config are null when absent', () => {
    const ws = loadWorkspace(fixture('single-crate'));
    expect(ws.lockfile).toBeNull();
    expect(ws.toolchain.file).toBeNull();
    expect(ws.cargoConfig.file).toBeNull();
    const dir = writeTree({ 'Cargo.toml': '[package]\nname = "a"\n', 'src/main.rs': MAIN, 'Cargo.lock': 'version = 3\n' });
    expect(loadWorkspace(dir).lockfile).toBe('Cargo.lock');
  });

  test('reading is deterministic and writes nothing', () => {
    const list = (d: string): string[] => fs.readdirSync(d, { recursive: true }).map(String).sort();
    const before = list(fixture('path-deps'));
    expect(loadWorkspace(fixture('path-deps/ws'))).toEqual(loadWorkspace(fixture('path-deps/ws')));
    expect(list(fixture('path-deps'))).toEqual(before);
  });
});

describe('member rules checked against cargo on small trees', () => {
  const lib = (name: string) => ({ [`${name}/Cargo.toml`]: `[package]\nname = "${name.replace(/\W/g, '-')}"\n`, [`${name}/src/lib.rs`]: '' });

  test('a literal member under an excluded directory stays a member; exclude is a path prefix, not a glob', () => {
    const dir = writeTree({
      'Cargo.toml': '[workspace]\nmembers = ["x/sub/deep", "crates/*"]\nexclude = ["x", "crates/e*", "crates/ex"]\n',
      ...lib('x/sub/deep'),
      ...lib('crates/ex'),
      ...lib('crates/ex2'),
      ...lib('crates/e-star'),
    });
    expect(ourNames(dir)).toEqual(cargoNames(dir));
    expect(ourNames(dir).members).toEqual(['crates-e-star', 'crates-ex2', 'x-sub-deep']);
  });

  test('a member entry naming a file (not a directory) is silently ignored, as cargo does', () => {
    const dir = writeTree({ 'Cargo.toml': '[workspace]\nmembers = ["a/Cargo.toml", "*.md"]\n', 'README.md': '', ...lib('a') });
    expect(ourNames(dir)).toEqual(cargoNames(dir));
    expect(ourNames(dir).members).toEqual([]);
  });

  test('an excluded glob match needs no Cargo.toml; excluded default-members are skipped', () => {
    const dir = writeTree({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\nexclude = ["crates/docs"]\ndefault-members = ["crates/*"]\n',
      'crates/docs/README.md': '',
      ...lib('crates/a'),
    });
    expect(ourNames(dir)).toEqual(cargoNames(dir));
    expect(ourNames(dir)).toEqual({ members: ['crates-a'], defaults: ['crates-a'] });
  });

  test('an excluded package loaded from its own directory is its own workspace', () => {
    const dir = writeTree({ 'Cargo.toml': '[workspace]\nmembers = []\nexclude = ["tool"]\n', ...lib('tool') });
    const ws = loadWorkspace(path.join(dir, 'tool'));
    expect(ws.root).toBe(path.join(dir, 'tool'));
    expect(ourNames(path.join(dir, 'tool'))).toEqual(cargoNames(path.join(dir, 'tool')));
  });

  test('a path dependency in the root package of a [workspace] becomes a member, recursively', () => {
    const dir = writeTree({
      'Cargo.toml': '[package]\nname = "r"\n[workspace]\n[dependencies]\na = { path = "a" }\n',
      'src/main.rs': MAIN,
      'a/Cargo.toml': '[package]\nname = "a"\n[dev-dependencies]\nb = { path = "../b" }\n',
      'a/src/lib.rs': '',
      ...lib('b'),
    });
    expect(ourNames(dir)).toEqual(cargoNames(dir));
    expect(ourNames(dir).members).toEqual(['a', 'b', 'r']);
  });
});

describe('members and dependencies outside the root', () => {
  test('a member outside the root that points back with package.workspace', () => {
    const base = writeTree({
      'ws/Cargo.toml': '[workspace]\nmembers = ["../ext"]\n',
      'ext/Cargo.toml': '[package]\nname = "ext"\nworkspace = "../ws"\n',
      'ext/src/lib.rs': '',
    });
    const dir = path.join(base, 'ws');
    expect(ourNames(dir)).toEqual(cargoNames(dir));
    const ws = loadWorkspace(dir);
    expect(ws.members.map((m) => [m.name, m.dir, m.manifestPath])).toEqual([['ext', '../ext', '../ext/Cargo.toml']]);
    expect(ws.externalPathDependencies).toEqual(['../ext']);
    expect(ws.manifests).toEqual(['Cargo.toml']);
    expect(loadWorkspace(path.join(base, 'ext')).root).toBe(dir);
  });

  test('a path dependency outside the root is recorded, not loaded as a member', () => {
    const base = writeTree({
      'app/Cargo.toml': '[package]\nname = "app"\n[workspace]\n[dependencies]\nshared = { path = "../shared" }\n',
      'app/src/main.rs': MAIN,
      'shared/Cargo.toml': '[package]\nname = "shared"\n',
      'shared/src/lib.rs': '',
    });
    const ws = loadWorkspace(path.join(base, 'app'));
    expect(ws.members.map((m) => m.name)).toEqual(['app']);
    expect(ws.externalPathDependencies).toEqual(['../shared']);
    expect(ws.pathDependencyDirs).toEqual([]);
  });

  test('a missing path dependency outside the root is an error (cargo loads it to find its workspace)', () => {
    const base = writeTree({
      'app/Cargo.toml': '[package]\nname = "app"\n[workspace]\n[dependencies]\nshared = { path = "../shared" }\n',
      'app/src/main.rs': MAIN,
    });
    const e = loadError(path.join(base, 'app'));
    expect(e.file).toBe(path.join(base, 'app', 'Cargo.toml'));
    expect(e.message).toMatch(/path dependency `shared` \(in `dependencies`\) points to `\.\.\/shared`, which has no Cargo\.toml/);
    expect(e.problem).toBe('path dependency `shared` (in `dependencies`) points to `../shared`, which has no Cargo.toml (cargo fails on this too).');
    expect(e.fix).toBe('Fix the `path` of the dependency, or add the missing crate.');
    expect(e.message).toBe(`${e.file}: ${e.problem} ${e.fix}`);
    expect(runCargo(path.join(base, 'app'), ['metadata', '--no-deps', '--format-version', '1', '--offline']).status).not.toBe(0);
  });
});

describe('dependency tables', () => {
  test.each([
    ['a dependency that is neither a string nor a table', '[dependencies]\nfoo = 1\n', /`dependencies\.foo` must be a version string or a table/],
    ['workspace = false', '[dependencies]\nfoo = { workspace = false }\n', /`dependencies\.foo\.workspace` cannot be `false`/],
    ['a target entry that is not a table', '[target]\nunix = 1\n', /`target\.unix` must be a table/],
    ['a path of the wrong type', '[dev-dependencies]\nfoo = { path = 1 }\n', /`dev-dependencies\.foo\.path` must be a string/],
  ])('%s', (_name, deps, message) => {
    const dir = writeTree({ 'Cargo.toml': `[package]\nname = "a"\n${deps}`, 'src/main.rs': MAIN });
    const e = loadError(dir);
    expect(e.message).toMatch(message);
    expect(e.file).toBe(path.join(dir, 'Cargo.toml'));
  });

  test('workspace.dependencies paths are relative to the root, not to the member', () => {
    const dir = writeTree({
      'Cargo.toml': '[workspace]\nmembers = ["apps/a"]\n[workspace.dependencies]\nutil = { path = "libs/util", version = "0.1" }\n',
      'apps/a/Cargo.toml': '[package]\nname = "a"\n[build-dependencies]\nutil.workspace = true\n',
      'apps/a/src/main.rs': MAIN,
      ...{ 'libs/util/Cargo.toml': '[package]\nname = "util"\nversion = "0.1.0"\n', 'libs/util/src/lib.rs': '' },
    });
    expect(ourNames(dir)).toEqual(cargoNames(dir));
    expect(ourNames(dir).members).toEqual(['a', 'util']);
  });
});

describe('errors', () => {
  test('missing Cargo.toml: says where it looked, what it found, and suggests cargoDir', () => {
    const dir = writeTree({ 'services/api/Cargo.toml': '[package]\nname = "api"\n', 'README.md': '' });
    const e = loadError(dir);
    expect(e.file).toBe(path.join(dir, 'Cargo.toml'));
    expect(e.message).toContain(`looked for ${path.join(dir, 'Cargo.toml')}`);
    expect(e.message).toContain('found below: services/api/Cargo.toml');
    expect(e.message).toContain('`cargoDir`');
    const below = loadError(path.join(dir, 'services'));
    expect(below.message).toContain('found below: api/Cargo.toml');
  });

  test('missing Cargo.toml under a workspace names the nearest one above', () => {
    const dir = writeTree({ 'Cargo.toml': '[workspace]\n', 'docs/x.md': '' });
    expect(loadError(path.join(dir, 'docs')).message).toContain(`the nearest one above is ${path.join(dir, 'Cargo.toml')}`);
  });

  test.each([
    ['neither [package] nor [workspace]', { 'Cargo.toml': '[dependencies]\n' }, /missing either a `\[package\]` or a `\[workspace\]`/],
    ['virtual manifest with dependencies', { 'Cargo.toml': '[workspace]\n[dependencies]\na = "1"\n' }, /virtual manifest .* specifies a `dependencies` section/],
    ['name of the wrong type', { 'Cargo.toml': '[package]\nname = 1\n' }, /`package\.name` must be a string, but it is a number/],
    ['invalid package name', { 'Cargo.toml': '[package]\nname = "my app"\n', 'src/main.rs': MAIN }, /invalid character ` ` in package name: `my app`/],
    ['name starting with a digit', { 'Cargo.toml': '[package]\nname = "1x"\n', 'src/main.rs': MAIN }, /cannot start with a digit/],
    ['invalid version', { 'Cargo.toml': '[package]\nname = "a"\nversion = "1.0"\n', 'src/main.rs': MAIN }, /`package\.version` = "1\.0" is not a valid SemVer version/],
    ['unknown edition', { 'Cargo.toml': '[package]\nname = "a"\nedition = "2030"\n', 'src/main.rs': MAIN }, /`package\.edition` = "2030"/],
    ['inheriting without a workspace', { 'Cargo.toml': '[package]\nname = "a"\nversion.workspace = true\n', 'src/main.rs': MAIN }, /the package is not in a workspace/],
    ['workspace = false', { 'Cargo.toml': '[package]\nname = "a"\nversion.workspace = false\n', 'src/main.rs': MAIN }, /`package\.version\.workspace` cannot be `false`/],
    ['dependency not in workspace.dependencies', {
      'Cargo.toml': '[package]\nname = "a"\n[workspace]\n[dependencies]\nfoo = { workspace = true }\n', 'src/main.rs': MAIN,
    }, /`dependencies\.foo` inherits from the workspace, but `foo` was not found in `workspace\.dependencies`/],
  ])('%s', (_name, files, message) => {
    const dir = writeTree(files);
    const e = loadError(dir);
    expect(e.message).toMatch(message);
    expect(e.file).toBe(path.join(dir, 'Cargo.toml'));
    // cargo rejects these manifests too
    expect(runCargo(dir, ['metadata', '--no-deps', '--format-version', '1', '--offline']).status).not.toBe(0);
  });

  test('package.workspace pointing at a manifest without [workspace]', () => {
    const dir = writeTree({
      'Cargo.toml': '[package]\nname = "outer"\n',
      'src/lib.rs': '',
      'inner/Cargo.toml': '[package]\nname = "inner"\nworkspace = ".."\n',
      'inner/src/lib.rs': '',
    });
    const e = loadError(path.join(dir, 'inner'));
    expect(e.file).toBe(path.join(dir, 'Cargo.toml'));
    expect(e.message).toMatch(/root of a workspace inferred but wasn't a root/);
  });

  test('a member pointing at another workspace is in the wrong workspace', () => {
    const dir = writeTree({
      'Cargo.toml': '[workspace]\nmembers = ["m"]\n',
      'other/Cargo.toml': '[workspace]\n',
      'm/Cargo.toml': '[package]\nname = "m"\nworkspace = "../other"\n',
      'm/src/lib.rs': '',
    });
    const e = loadError(dir);
    expect(e.file).toBe(path.join(dir, 'm/Cargo.toml'));
    expect(e.message).toMatch(/member of the wrong workspace/);
    expect(runCargo(dir, ['metadata', '--no-deps', '--format-version', '1', '--offline']).status).not.toBe(0);
  });

  test('a [patch] path without Cargo.toml names the root manifest', () => {
    const dir = writeTree({ 'Cargo.toml': '[package]\nname = "a"\n[patch.crates-io]\nfoo = { path = "gone" }\n', 'src/main.rs': MAIN });
    const e = loadError(dir);
    expect(e.file).toBe(path.join(dir, 'Cargo.toml'));
    expect(e.message).toMatch(/`patch\.crates-io\.foo` points to `gone`, which has no Cargo\.toml/);
  });
});

describe('profiles', () => {
  test('the root manifest\'s [profile.*] names are listed; member manifests\' are not (cargo ignores them)', () => {
    const dir = writeTree({
      'Cargo.toml': '[workspace]\nmembers = ["a"]\nresolver = "2"\n\n[profile.release]\nlto = true\n\n[profile.production]\ninherits = "release"\n',
      'a/Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\nedition = "2021"\n\n[profile.memberonly]\ninherits = "dev"\n',
      'a/src/main.rs': MAIN,
    });
    expect(loadWorkspace(dir).profiles).toEqual(['production', 'release']);
    // cargo itself accepts the root's custom profile.
    const build = runCargo(dir, ['build', '--offline', '--profile', 'production', '--bin', 'a']);
    expect(build.status).toBe(0);
  });

  test('a manifest without profiles lists none', () => {
    const dir = writeTree({ 'Cargo.toml': '[package]\nname = "p"\nversion = "0.1.0"\n', 'src/main.rs': MAIN });
    expect(loadWorkspace(dir).profiles).toEqual([]);
  });
});
