import * as path from 'path';
import { FIXTURES, cleanupTemp, writeTree } from './cargo-oracle';
import { readCargoConfig } from '../../src/cargo/cargo-config';
import { loadWorkspace } from '../../src/cargo/workspace';
import { RustDockerError } from '../../src/core/errors';

afterAll(() => cleanupTemp());

const PKG = { 'Cargo.toml': '[package]\nname = "p"\nedition = "2021"\n', 'src/main.rs': 'fn main() {}\n' };

describe('.cargo/config', () => {
  test('directory and local-registry sources, relative to the directory holding .cargo/', () => {
    expect(loadWorkspace(path.join(FIXTURES, 'cargo-config-vendor')).cargoConfig).toEqual({
      file: '.cargo/config.toml', sourceDirs: ['registry/local', 'vendor'], directorySources: [{ name: 'vendored-sources', dir: 'vendor' }], targetDir: null, buildTargets: [], registries: [],
    });
  });

  test('legacy .cargo/config wins over .cargo/config.toml', () => {
    const dir = writeTree({
      '.cargo/config': '[source.v]\ndirectory = "old-vendor"\n',
      '.cargo/config.toml': '[source.v]\ndirectory = "new-vendor"\n',
    });
    expect(readCargoConfig(dir).info).toEqual({ file: '.cargo/config', sourceDirs: ['old-vendor'], directorySources: [{ name: 'v', dir: 'old-vendor' }], targetDir: null, buildTargets: [], registries: [] });
  });

  test('no config', () => {
    expect(readCargoConfig(writeTree({ x: '' }))).toEqual({ info: { file: null, sourceDirs: [], targetDir: null, buildTargets: [], registries: [] }, patchDirs: [] });
  });

  test('[registries.*]: the names, sorted (a non-table entry is not a registry)', () => {
    const dir = writeTree({ '.cargo/config.toml': '[registries]\nzeta = { index = "sparse+https://z.example/" }\ncorp = { index = "sparse+https://c.example/" }\nodd = "x"\n' });
    expect(readCargoConfig(dir).info.registries).toEqual(['corp', 'zeta']);
  });

  test('sources outside the root are reported relative to it; registries without a path are ignored', () => {
    const dir = writeTree({ '.cargo/config.toml': '[source.a]\ndirectory = "../shared/vendor"\n[source.b]\nregistry = "https://example.com"\n' });
    expect(readCargoConfig(dir).info.sourceDirs).toEqual(['../shared/vendor']);
    expect(readCargoConfig(dir).info.directorySources).toEqual([{ name: 'a', dir: '../shared/vendor' }]);
  });

  test('[patch] paths in the config are needed by the build', () => {
    const dir = writeTree({
      ...PKG,
      '.cargo/config.toml': '[patch.crates-io]\nfoo = { path = "patched/foo" }\n',
      'patched/foo/Cargo.toml': '[package]\nname = "foo"\n',
      'patched/foo/src/lib.rs': '',
    });
    const ws = loadWorkspace(dir);
    expect(ws.pathDependencyDirs).toEqual(['patched/foo']);
    expect(ws.manifests).toEqual(['Cargo.toml', 'patched/foo/Cargo.toml']);
  });

  test('a TOML error names the config file, line and column', () => {
    const dir = writeTree({ ...PKG, '.cargo/config.toml': '[source.v]\ndirectory = "a"\ndirectory = "b"\n' });
    let error: unknown;
    try {
      loadWorkspace(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RustDockerError);
    expect((error as RustDockerError).file).toBe(path.join(dir, '.cargo/config.toml'));
    const e = error as RustDockerError;
    expect(e.line).toBe(3);
    expect(e.column).toBeGreaterThan(0);
    expect(e.problem).toMatch(/^invalid TOML: /);
    expect(e.fix).toBe('Fix the syntax at that position (cargo rejects this file as well).');
    expect(e.message.startsWith(`${path.join(dir, '.cargo/config.toml')}:3:${e.column}: invalid TOML: `)).toBe(true);
  });
});
