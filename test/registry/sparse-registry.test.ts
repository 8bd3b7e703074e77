/**
 * The loopback sparse registry of the e2e support (test/e2e/support/sparse-registry.ts): index
 * layout and entries per cargo's registry-index reference, and the server's auth-required mode.
 * Real cargo builds through it: test/e2e/cargo-registry.e2e.ts (the generated Dockerfile, both
 * caching modes) and the bench's registry flavour (scripts/bench/registry.ts).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { buildRegistry, indexEntry, indexPath, serveRegistry } from '../e2e/support/sparse-registry';
import { tempDir, writeTree } from '../support/temp-project';

describe('index', () => {
  test.each([['a', '1/a'], ['ab', '2/ab'], ['abc', '3/a/abc'], ['Serde_JSON', 'se/rd/serde_json'], ['libc', 'li/bc/libc']])('%s lives at %s', (name, file) => {
    expect(indexPath(name)).toBe(file);
  });

  test('an entry: every dependency kind and target, renames, features (dep: syntax in features2), links', () => {
    const entry = indexEntry([
      '[package]', 'name = "demo"', 'version = "1.2.3"', 'links = "z"', 'rust-version = "1.70"',
      '[dependencies]', 'itoa = "1"', 'json = { package = "serde_json", version = "1.0", optional = true, default-features = false, features = ["std"] }',
      '[build-dependencies]', 'cc = "1.0"',
      '[dev-dependencies]', 'local = { path = "../local" }', 'proptest = "1"',
      '[target."cfg(unix)".dependencies]', 'libc = "0.2"',
      '[features]', 'default = ["json"]', 'fast = ["dep:json", "itoa?/std"]',
    ].join('\n'), 'ab'.repeat(32));
    expect(entry).toEqual({
      name: 'demo',
      vers: '1.2.3',
      cksum: 'ab'.repeat(32),
      yanked: false,
      links: 'z',
      v: 2,
      rust_version: '1.70',
      features: { default: ['json'] },
      features2: { fast: ['dep:json', 'itoa?/std'] },
      deps: [
        { name: 'cc', req: '1.0', features: [], optional: false, default_features: true, target: null, kind: 'build', registry: null },
        { name: 'itoa', req: '1', features: [], optional: false, default_features: true, target: null, kind: 'normal', registry: null },
        { name: 'json', req: '1.0', features: ['std'], optional: true, default_features: false, target: null, kind: 'normal', registry: null, package: 'serde_json' },
        { name: 'libc', req: '0.2', features: [], optional: false, default_features: true, target: 'cfg(unix)', kind: 'normal', registry: null },
        { name: 'proptest', req: '1', features: [], optional: false, default_features: true, target: null, kind: 'dev', registry: null },
      ],
    });
  });
});

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('registry', () => {
  const vendor = tempDir('vendor');
  writeTree(vendor, {
    'tiny/Cargo.toml': '[package]\nname = "tiny"\nversion = "0.1.0"\n',
    'tiny/src/lib.rs': 'pub fn f() {}\n',
    'tiny/.cargo-checksum.json': '{"files":{},"package":"x"}',
  });
  const built = buildRegistry(vendor, tempDir('registry'));

  test('a .crate per crate (deterministic, without the vendor checksum file) and its index line', () => {
    const crate = path.join(built.dir, 'crates', 'tiny-0.1.0.crate');
    expect(execFileSync('tar', ['-tzf', crate], { encoding: 'utf8' }).split('\n').filter(Boolean).sort())
      .toEqual(['tiny-0.1.0/', 'tiny-0.1.0/Cargo.toml', 'tiny-0.1.0/src/', 'tiny-0.1.0/src/lib.rs']);
    const again = buildRegistry(vendor, tempDir('registry'));
    expect(again.entries[0].cksum).toBe(built.entries[0].cksum);
    expect(fs.readFileSync(path.join(built.dir, 'index', 'ti/ny/tiny'), 'utf8'))
      .toBe(`${JSON.stringify(built.entries[0])}\n`);
  });

  test('served: config.json names the download URL; with a token, everything else needs it', async () => {
    const open = await serveRegistry(built.dir);
    const base = open.index.replace('sparse+', '').replace(/\/index\/$/, '');
    const config = JSON.parse((await get(`${base}/index/config.json`)).body);
    expect(config).toEqual({ dl: `${base}/crates/{crate}-{version}.crate`, api: null });
    expect((await get(`${base}/index/ti/ny/tiny`)).status).toBe(200);
    expect((await get(`${base}/index/../../etc/passwd`)).status).toBe(404);
    await open.close();

    const locked = await serveRegistry(built.dir, { token: 'Bearer t0k' });
    const lbase = locked.index.replace('sparse+', '').replace(/\/index\/$/, '');
    expect((await get(`${lbase}/index/config.json`)).status).toBe(401);
    expect(JSON.parse((await get(`${lbase}/index/config.json`, { authorization: 'Bearer t0k' })).body)['auth-required']).toBe(true);
    expect((await get(`${lbase}/crates/tiny-0.1.0.crate`)).status).toBe(401);
    expect((await get(`${lbase}/crates/tiny-0.1.0.crate`, { authorization: 'Bearer t0k' })).status).toBe(200);
    expect(locked.requests.filter((r) => r.startsWith('401'))).toHaveLength(2);
    await locked.close();
  });
});
