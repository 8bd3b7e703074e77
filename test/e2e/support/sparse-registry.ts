/**
 * A cargo sparse registry on loopback, built from a vendored tree (`cargo vendor`'s output):
 * crates.io's index layout (one JSON line per version), `.crate` archives and `config.json`,
 * served over HTTP, optionally only with a token (`auth-required`). With it, a build's crates
 * come through CARGO_HOME (`registry/index`, `registry/cache`, `registry/src`) as they do from
 * crates.io, where vendoring bypasses CARGO_HOME.
 *
 * Index format: https://doc.rust-lang.org/cargo/reference/registry-index.html
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import * as TOML from '@iarna/toml';

type Table = Record<string, unknown>;

/** One dependency of an index entry. */
export interface IndexDependency {
  readonly name: string;
  readonly req: string;
  readonly features: string[];
  readonly optional: boolean;
  readonly default_features: boolean;
  readonly target: string | null;
  readonly kind: 'normal' | 'dev' | 'build';
  readonly registry: string | null;
  readonly package?: string;
}

/** One line of the index: a published version. */
export interface IndexEntry {
  readonly name: string;
  readonly vers: string;
  readonly deps: IndexDependency[];
  readonly cksum: string;
  readonly features: Record<string, string[]>;
  readonly features2?: Record<string, string[]>;
  readonly yanked: boolean;
  readonly links: string | null;
  readonly v: number;
  readonly rust_version?: string;
}

/** The index file of a crate, relative to the index root (crates.io's layout, lower case). */
export function indexPath(name: string): string {
  const n = name.toLowerCase();
  if (n.length <= 2) {
    return `${n.length}/${n}`;
  }
  if (n.length === 3) {
    return `3/${n[0]}/${n}`;
  }
  return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}

const KINDS: [string, IndexDependency['kind']][] = [['dependencies', 'normal'], ['dev-dependencies', 'dev'], ['build-dependencies', 'build']];

function dependencies(table: Table | undefined, target: string | null): IndexDependency[] {
  const deps: IndexDependency[] = [];
  for (const [key, kind] of KINDS) {
    const section = (table?.[key] ?? (key === 'dev-dependencies' ? table?.dev_dependencies : key === 'build-dependencies' ? table?.build_dependencies : undefined)) as Table | undefined;
    for (const [name, spec] of Object.entries(section ?? {})) {
      const s: Table = typeof spec === 'string' ? { version: spec } : spec as Table;
      if (s.path !== undefined && s.version === undefined) {
        // A path dependency without a version is not published (dev-dependencies only).
        continue;
      }
      deps.push({
        name,
        req: typeof s.version === 'string' ? s.version : '*',
        features: Array.isArray(s.features) ? s.features.map(String) : [],
        optional: s.optional === true,
        default_features: (s['default-features'] ?? s.default_features) !== false,
        target,
        kind,
        registry: null,
        ...(typeof s.package === 'string' ? { package: s.package } : {}),
      });
    }
  }
  return deps;
}

/** The index entry of a package from its (normalized) Cargo.toml and its `.crate`'s SHA-256. */
export function indexEntry(manifest: string, cksum: string): IndexEntry {
  const toml = TOML.parse(manifest) as Table;
  const pkg = toml.package as Table;
  const deps = [...dependencies(toml, null)];
  for (const [cfg, table] of Object.entries((toml.target ?? {}) as Table)) {
    deps.push(...dependencies(table as Table, cfg));
  }
  const all = Object.entries((toml.features ?? {}) as Table).map(([k, v]) => [k, (v as unknown[]).map(String)] as [string, string[]]);
  // `dep:` and `?/` features go to features2 (index format version 2), the rest stay in features.
  const isNew = ([, values]: [string, string[]]) => values.some((v) => v.startsWith('dep:') || v.includes('?/'));
  const features2 = all.filter(isNew);
  return {
    name: String(pkg.name),
    vers: String(pkg.version),
    deps: deps.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    cksum,
    features: Object.fromEntries(all.filter((f) => !isNew(f))),
    ...(features2.length > 0 ? { features2: Object.fromEntries(features2) } : {}),
    yanked: false,
    links: typeof pkg.links === 'string' ? pkg.links : null,
    v: features2.length > 0 ? 2 : 1,
    ...(typeof pkg['rust-version'] === 'string' ? { rust_version: pkg['rust-version'] } : {}),
  };
}

/** What `buildRegistry` wrote. */
export interface BuiltRegistry {
  readonly dir: string;
  readonly entries: IndexEntry[];
}

/**
 * Writes a registry into `outDir` from every crate directory of `vendorDir`: `crates/<name>-<vers>.crate`
 * (a gzip tarball of the directory under `<name>-<vers>/`, without cargo vendor's checksum file)
 * and `index/<indexPath>` (one line per version, sorted). `config.json` is served, not written.
 */
export function buildRegistry(vendorDir: string, outDir: string): BuiltRegistry {
  const entries: IndexEntry[] = [];
  fs.mkdirSync(path.join(outDir, 'crates'), { recursive: true });
  for (const dir of fs.readdirSync(vendorDir).sort()) {
    const root = path.join(vendorDir, dir);
    const manifest = path.join(root, 'Cargo.toml');
    if (!fs.existsSync(manifest)) {
      continue;
    }
    const pkg = (TOML.parse(fs.readFileSync(manifest, 'utf8')) as Table).package as Table;
    const base = `${String(pkg.name)}-${String(pkg.version)}`;
    const crate = path.join(outDir, 'crates', `${base}.crate`);
    // Fixed owner and time, sorted names: the same directory gives the same archive.
    execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '--exclude=./.cargo-checksum.json',
      '--transform', `s,^\\.,${base},`, '-czf', crate, '-C', root, '.'], { stdio: 'pipe', env: { ...process.env, GZIP: '-n' } });
    const cksum = createHash('sha256').update(fs.readFileSync(crate)).digest('hex');
    entries.push(indexEntry(fs.readFileSync(manifest, 'utf8'), cksum));
  }
  const byFile = new Map<string, IndexEntry[]>();
  for (const e of entries) {
    byFile.set(indexPath(e.name), [...(byFile.get(indexPath(e.name)) ?? []), e]);
  }
  for (const [file, list] of byFile) {
    const target = path.join(outDir, 'index', file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, list.map((e) => JSON.stringify(e)).join('\n') + '\n');
  }
  return { dir: outDir, entries };
}

/** A running registry server. */
export interface RegistryServer {
  /** The index URL for cargo: `sparse+http://<host>:<port>/index/`. */
  readonly index: string;
  readonly port: number;
  /** Requests seen, as `<status> <path>` (what cargo fetched, and what was refused). */
  readonly requests: string[];
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Address to listen on. @default 127.0.0.1 */
  readonly host?: string;
  /** The host name cargo is told to use (the index URL, config.json's `dl`), when not the listening address, e.g. the Docker bridge's gateway. */
  readonly publicHost?: string;
  /** When set, `auth-required` is on and every request needs `Authorization: <token>`. */
  readonly token?: string;
}

/** Serves `buildRegistry`'s output: `/index/config.json`, `/index/<indexPath>`, `/crates/<name>-<vers>.crate`. */
export function serveRegistry(dir: string, options: ServeOptions = {}): Promise<RegistryServer> {
  const requests: string[] = [];
  let dl = '';
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const reply = (status: number, body: string | Buffer, type = 'text/plain') => {
      requests.push(`${status} ${url}`);
      res.writeHead(status, { 'content-type': type, ...(status === 401 ? { 'www-authenticate': 'Cargo login_url="http://localhost/login"' } : {}) });
      res.end(body);
    };
    if (url === '/index/config.json') {
      // Cargo asks for config.json without a token first; with auth-required it retries with one.
      if (options.token !== undefined && req.headers.authorization !== options.token) {
        return reply(401, 'token required');
      }
      return reply(200, JSON.stringify({ dl: dl, api: null, ...(options.token !== undefined ? { 'auth-required': true } : {}) }), 'application/json');
    }
    if (options.token !== undefined && req.headers.authorization !== options.token) {
      return reply(401, 'token required');
    }
    const file = path.join(dir, path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return reply(404, 'not found');
    }
    return reply(200, fs.readFileSync(file), url.endsWith('.crate') ? 'application/gzip' : 'text/plain');
  });
  return new Promise((resolve) => {
    server.listen(0, options.host ?? '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      const host = `${options.publicHost ?? options.host ?? '127.0.0.1'}:${port}`;
      dl = `http://${host}/crates/{crate}-{version}.crate`;
      resolve({
        index: `sparse+http://${host}/index/`,
        port,
        requests,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
