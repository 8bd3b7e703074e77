import * as fc from 'fast-check';

/**
 * Generators of fuzz cases: an ordinary Cargo tree (single crate or virtual workspace, with
 * libs, several bins, test/bench/example-only members, features, rust-version, a toolchain
 * file, a lockfile) and an ordinary option set that fits it, then, in most cases, one to
 * three hostile mutations, each putting a hostile value at one place a Cargo file or an
 * option can hold one. A case with few mutations gets through to the renderers, so every
 * mutation is tried against the full output, not only against the first check it meets.
 *
 * Hostile values carry the canary `PWNED` wherever an injection would make it a command, a
 * line or an expression, so the checks can tell an injection from a quoted value.
 */

/** Values that break out of a line, a shell word, a mount flag, a path or a workflow expression. */
export const HOSTILE = [
  'x\nRUN PWNED',
  'x\r\nFROM evil AS builder',
  '${{ secrets.PWNED }}',
  'dep/${{ github.token }}',
  'a\'; PWNED; \'',
  '$(PWNED)',
  '`PWNED`',
  'x PWNED #',
  'x,source=/,from=evil.example/img:latest',
  '../../etc/passwd',
  '/etc/shadow',
  '$HOME',
  'a*b',
  'a"b',
  'a\\b',
  '#x',
  '!x',
  '-x',
  '',
  ' ',
  'latest',
  'x\u0000y',
  'x\u2028RUN PWNED',
  'café',
  'a b',
  'x\\\nRUN PWNED',
  'dep:x',
  'x/y',
  '.',
  '..',
];

/** A hostile value: one of the list, or any string at all (binary units included). */
export function hostileArb(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  );
}

const NAME = /^[a-z][a-z0-9_]{0,7}$/;

export interface BinSpec {
  name: string;
  /** `path =` in the manifest; undefined: src/bin/<name>.rs. */
  path?: string;
  requiredFeatures: string[];
}

export interface PackageSpec {
  name: string;
  /** Directory under the workspace root (`.` for a single crate). */
  dir: string;
  rustVersion?: string;
  description?: string;
  features: string[];
  /** Declared `[[bin]]`s. */
  bins: BinSpec[];
  /** Writes src/main.rs (an auto-discovered bin named after the package). */
  autoMain: boolean;
  lib: boolean;
  /** `[[test]]`/`[[bench]]`/`[[example]]` targets (alone: a test-only member). */
  extraTargets: ('test' | 'bench' | 'example')[];
  defaultRun?: string;
}

export interface TreeSpec {
  virtual: boolean;
  packages: PackageSpec[];
  toolchain?: { channel: string; components: string[] };
  /** 'full': every package; 'partial': the first only; 'empty'; 'none': no Cargo.lock. */
  lock: 'full' | 'partial' | 'empty' | 'none';
  /** Crates of Cargo.lock every member depends on (native crates: the builder installs packages for some). */
  native?: { name: string; version: string }[];
  /** docker-images.lock.json: an object written as JSON, or a hostile text written as it is. */
  imageLock?: unknown;
}

export interface OptionSpec {
  binary?: string;
  features?: string[];
  runtime: 'DEBIAN_SLIM' | 'DISTROLESS_CC' | 'DISTROLESS_STATIC' | 'SCRATCH' | 'ALPINE';
  caching: 'LAYER' | 'CACHE_MOUNT' | 'NONE';
  ports?: unknown[];
  env?: { [key: string]: string };
  args?: string[];
  labels?: { [key: string]: string };
  user?: string;
  /** `init`: a boolean, or a hostile value of another type. */
  init?: unknown;
  stopSignal?: string;
  /** `assets`: `{ source, destination }` objects, or hostile values of any shape. */
  assets?: unknown[];
  /** `healthcheck`: how to build it (run-case.ts: the factory, or a look-alike object when the factory refuses). */
  healthcheck?: HealthcheckSpec;
  /** `builderPackages`, `runtimePackages`: package names, or hostile values of any shape. */
  builderPackages?: unknown[];
  runtimePackages?: unknown[];
  rustVersion?: string;
  profile?: string;
  dockerfileName?: string;
  smokeArgs?: string[];
  branches?: string[];
}

/**
 * A `healthcheck` option as data (cases are deep-copied as JSON): a kind and the factory's
 * arguments, any of which may be hostile; `raw` passes `value` itself as the option.
 */
export interface HealthcheckSpec {
  kind: 'http' | 'command' | 'none' | 'raw';
  path?: unknown;
  port?: unknown;
  command?: unknown;
  interval?: unknown;
  timeout?: unknown;
  startPeriod?: unknown;
  retries?: unknown;
  value?: unknown;
}

export interface FuzzCase {
  readonly tree: TreeSpec;
  readonly options: OptionSpec;
  /** Where the hostile values went, for the report of a failing case. */
  readonly mutations: string[];
}

function packageArb(dir: string): fc.Arbitrary<PackageSpec> {
  return fc.record({
    name: fc.stringMatching(NAME),
    rustVersion: fc.option(fc.constantFrom('1.70', '1.80', '1.80.1', '1.95'), { nil: undefined }),
    description: fc.option(fc.stringMatching(/^[A-Za-z0-9 .,:-]{1,20}$/), { nil: undefined }),
    features: fc.uniqueArray(fc.stringMatching(NAME), { maxLength: 3 }),
    binNames: fc.uniqueArray(fc.stringMatching(NAME), { maxLength: 2 }),
    kind: fc.constantFrom('main', 'main', 'bins', 'lib', 'test-only'),
    extraTargets: fc.array(fc.constantFrom('test' as const, 'bench' as const, 'example' as const), { maxLength: 2 }),
  }).map((p) => ({
    name: p.name,
    dir,
    rustVersion: p.rustVersion,
    description: p.description,
    features: p.features,
    bins: p.kind === 'bins' ? p.binNames.map((name) => ({ name: `${p.name}_${name}`, requiredFeatures: [] })) : [],
    autoMain: p.kind === 'main' || (p.kind === 'bins' && p.binNames.length === 0),
    lib: p.kind === 'lib',
    extraTargets: p.kind === 'test-only' ? [...p.extraTargets, 'test' as const] : p.extraTargets,
  }));
}

function treeArb(): fc.Arbitrary<TreeSpec> {
  const single = packageArb('.').map((p) => ({ virtual: false, packages: [p] }));
  const virtual = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), { minLength: 1, maxLength: 3 })
    .chain((dirs) => fc.tuple(...dirs.map((d) => packageArb(`crates/${d}`))))
    .filter((packages) => new Set(packages.map((p) => p.name)).size === packages.length)
    .map((packages) => ({ virtual: true, packages }));
  // Native crates that never make a static binary fail (pq-sys would: a mutation adds it).
  const native = fc.uniqueArray(fc.record({
    name: fc.constantFrom('openssl-sys', 'prost-build', 'cmake', 'bindgen', 'protoc-bin-vendored', 'libsqlite3-sys', 'openssl-src'),
    version: fc.constantFrom('0.1.0', '1.2.3', '0.13.5'),
  }), { maxLength: 3, selector: (n) => n.name });
  return fc.record({
    shape: fc.oneof(single, virtual),
    native: fc.option(native, { nil: undefined }),
    toolchain: fc.option(fc.record({
      channel: fc.constantFrom('1.80', '1.95.0', 'stable', 'nightly-2024-05-01', 'beta'),
      components: fc.uniqueArray(fc.constantFrom('rust-src', 'clippy', 'rustfmt'), { maxLength: 2 }),
    }), { nil: undefined, freq: 3 }),
    imageLock: fc.option(fc.dictionary(
      fc.constantFrom('rust:1.95-bookworm', 'rust:1.80-bookworm', 'debian:bookworm-slim', 'gcr.io/distroless/cc-debian12:nonroot', 'alpine:3.22'),
      fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => ({ digest: `sha256:${hex}` })),
      { maxKeys: 3 },
    ).map((images) => ({ images })), { nil: undefined, freq: 3 }),
  }).map(({ shape, toolchain, native: nativeCrates, imageLock }) => {
    // An ordinary tree has something to build: the first package gets a main when none has a bin.
    const packages = binaries({ virtual: shape.virtual, packages: shape.packages, lock: 'full' }).length > 0
      ? shape.packages
      : [{ ...shape.packages[0], autoMain: true, lib: false }, ...shape.packages.slice(1)];
    return { virtual: shape.virtual, packages, toolchain, lock: 'full' as const, native: nativeCrates, imageLock };
  });
}

/** Every binary of the tree, as the reader will find it. */
function binaries(tree: TreeSpec): string[] {
  return tree.packages.flatMap((p) => [...(p.autoMain ? [p.name] : []), ...p.bins.map((b) => b.name)]);
}

function optionsArb(tree: TreeSpec): fc.Arbitrary<OptionSpec> {
  const bins = binaries(tree);
  return fc.record({
    binary: bins.length > 1 ? fc.constantFrom(...bins) : fc.constant(undefined),
    runtime: fc.constantFrom('DEBIAN_SLIM' as const, 'DISTROLESS_CC' as const, 'DISTROLESS_STATIC' as const, 'SCRATCH' as const, 'ALPINE' as const),
    caching: fc.constantFrom('LAYER' as const, 'CACHE_MOUNT' as const, 'NONE' as const),
    ports: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { maxLength: 2 }), { nil: undefined }),
    env: fc.option(fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,5}$/), fc.stringMatching(/^[a-z0-9 ./:=-]{1,12}$/), { maxKeys: 2 }), { nil: undefined }),
    args: fc.option(fc.array(fc.stringMatching(/^--?[a-z]{1,8}$/), { maxLength: 2 }), { nil: undefined }),
    labels: fc.option(fc.dictionary(fc.stringMatching(/^[a-z][a-z.]{0,8}$/), fc.stringMatching(/^[a-z0-9 ]{1,10}$/), { maxKeys: 2 }), { nil: undefined }),
    user: fc.option(fc.constantFrom('10001', '20000:20000', '20001'), { nil: undefined }),
    init: fc.option(fc.boolean(), { nil: undefined }),
    stopSignal: fc.option(fc.constantFrom('SIGINT', 'SIGQUIT', 'SIGRTMIN+3', '9'), { nil: undefined }),
    assets: fc.option(fc.uniqueArray(fc.record({
      source: fc.constantFrom('static', 'configuration', 'static/index.html', 'templates/a b.html', 'données', 'migrations/0001.sql'),
      base: fc.constantFrom('/app', '/srv/www', '/usr/share/svc'),
    }).map(({ source, base }) => ({ source, destination: `${base}/${source}` })), { maxLength: 3, selector: (a) => a.source }), { nil: undefined }),
    profile: fc.option(fc.constantFrom('release', 'dev'), { nil: undefined }),
    smokeArgs: fc.option(fc.array(fc.stringMatching(/^--?[a-z]{1,8}$/), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    healthcheck: fc.option(fc.constantFrom<HealthcheckSpec>(
      { kind: 'http', path: '/healthz', port: 8080 },
      { kind: 'http', path: '/ready?full=1&x=%2F', port: 9000, interval: '5s', timeout: '1500ms', startPeriod: '1m30s', retries: 2 },
      { kind: 'command', command: ['/usr/local/bin/check', '--quiet', 'a "b" $c'], interval: '1m' },
      { kind: 'none' },
    ), { nil: undefined }),
    builderPackages: fc.option(fc.uniqueArray(fc.constantFrom('cmake', 'protobuf-compiler', 'libclang-dev', 'make'), { maxLength: 2 }), { nil: undefined }),
    runtimePackages: fc.option(fc.uniqueArray(fc.constantFrom('tzdata', 'libjemalloc2', 'libpq5'), { maxLength: 2 }), { nil: undefined }),
  }, { requiredKeys: ['runtime', 'caching'] }).map((o) => {
    // Runtimes without a package manager take no runtimePackages (planning refuses them; a mutation tries).
    const installs = o.runtime === 'DEBIAN_SLIM' || o.runtime === 'ALPINE';
    return (installs ? o : { ...o, runtimePackages: undefined }) as OptionSpec;
  });
}

type Mutation = (c: { tree: TreeSpec; options: OptionSpec }, value: string, pick: number) => string;

/** Each mutation puts a hostile value at one place and says where. */
const MUTATIONS: Mutation[] = [
  (c, v, i) => { pkg(c, i).name = v; return 'package name'; },
  (c, v, i) => { const p = pkg(c, i); p.bins = [{ name: v, requiredFeatures: [] }, ...p.bins]; p.autoMain = false; c.options.binary = undefined; return '[[bin]] name'; },
  (c, v, i) => { const p = pkg(c, i); p.bins = [{ name: `${p.name}_x`, path: v, requiredFeatures: [] }]; p.autoMain = false; c.options.binary = undefined; return '[[bin]] path'; },
  (c, v, i) => { const p = pkg(c, i); p.bins = [{ name: `${p.name}_x`, requiredFeatures: [v] }]; p.autoMain = false; c.options.binary = undefined; return 'required-features'; },
  (c, v, i) => { pkg(c, i).features.push(v); return 'feature name'; },
  (c, v, i) => { pkg(c, i).rustVersion = v; return 'rust-version'; },
  (c, v, i) => { pkg(c, i).description = v; return 'description'; },
  (c, v, i) => { pkg(c, i).defaultRun = v; return 'default-run'; },
  (c, v, i) => { if (c.tree.virtual) { pkg(c, i).dir = `crates/${v}`; } return 'member directory'; },
  (c, v) => { c.tree.toolchain = { channel: v, components: [] }; return 'toolchain channel'; },
  (c, v) => { c.tree.toolchain = { channel: 'stable', components: [v] }; return 'toolchain component'; },
  (c, _v, i) => { c.tree.lock = (['partial', 'empty', 'none'] as const)[i % 3]; return 'Cargo.lock'; },
  (c, v) => { c.options.binary = v; return 'option binary'; },
  (c, v) => { c.options.features = [v]; return 'option features'; },
  (c, v, i) => { c.options.ports = [[0, 70000, 80.5, '8080', v][i % 5]]; return 'option ports'; },
  (c, v, i) => { c.options.env = i % 2 ? { [v]: 'x' } : { KEY: v }; return 'option env'; },
  (c, v) => { c.options.args = [v]; return 'option args'; },
  (c, v, i) => { c.options.labels = i % 2 ? { [v]: 'x' } : { team: v }; return 'option labels'; },
  (c, v, i) => { c.options.user = i % 3 === 0 ? ['0', '0:0', '65534'][i % 3] : v; return 'option user'; },
  (c, v, i) => { c.options.init = i % 2 ? v : [1, 'true', null][i % 3]; return 'option init'; },
  (c, v, i) => { c.options.stopSignal = i % 2 ? v : ['sigint', 'SIGFOO', '0', '65', 'SIGINT\nRUN PWNED', 'SIGTERM #'][Math.floor(i / 2) % 6]; return 'option stopSignal'; },
  (c, v, i) => {
    const destinations = ['/', '/usr/local/bin', '/usr/local/bin/x', '/etc', '/etc/passwd', '/proc/1', '/app/../etc', 'app/x', '/app/x/'];
    const j = Math.floor(i / 4);
    c.options.assets = [[
      { source: v, destination: '/app/x' },
      { source: 'static', destination: j % 2 ? v : destinations[i % destinations.length] },
      { source: ['../x', '/etc', '.', './static', 'static/', 'a*b', '$HOME', 'static/../..'][j % 8], destination: '/app/x' },
      [v, { source: v }, null][j % 3],
    ][i % 4]];
    return 'option assets';
  },
  (c, v, i) => {
    const j = Math.floor(i / 8) + v.length;
    c.options.healthcheck = [
      { kind: 'http', path: v, port: 8080 },
      { kind: 'http', path: ['/x"]', '/a b', '/x\r\nHost: PWNED', '/%zz', 'healthz', '/#x', '/x\\', '/x\u2028y'][j % 8], port: 8080 },
      { kind: 'http', path: '/', port: [0, 70000, 80.5, '8080', v, null][j % 6] },
      { kind: 'http', path: '/', port: 8080, [['interval', 'timeout', 'startPeriod'][j % 3]]: [v, '0s', '30', '-1s', '5s --retries=1', 1, '1µs', '9999999h'][j % 8] },
      { kind: 'http', path: '/', port: 8080, retries: [0, -1, 1.5, '3', v, 2 ** 40][j % 6] },
      { kind: 'command', command: [['/usr/local/bin/x', v], [v], ['sh', '-c', v], ['/bin/sh', '-c', 'curl -f localhost'], [], ['curl'], [1], v][j % 8] },
      { kind: 'http' },
      { kind: 'raw', value: [v, { kind: 'http', path: v, commandLine: [] }, { kind: v, commandLine: [] }, null, ['/healthz']][j % 5] },
    ][i % 8] as HealthcheckSpec;
    return 'option healthcheck';
  },
  (c, v, i) => { c.options.builderPackages = [[v, 'cmake'], [v], ['--allow-unauthenticated'], [1], v, ['a b'], ['x;id']][i % 7] as unknown[]; return 'option builderPackages'; },
  (c, v, i) => { c.options.runtimePackages = [[v], ['tzdata', v], ['$(id)'], [null], v, ['py3_x'], ['tzdata']][i % 7] as unknown[]; return 'option runtimePackages'; },
  (c, v, i) => {
    // A hostile version (or name) of a native crate in Cargo.lock: the version reaches the builder's comment and plan.
    const crate = ['prost-build', 'pq-sys', 'openssl-sys', 'cmake'][i % 4];
    c.tree.native = [i % 8 < 4 ? { name: crate, version: v } : { name: v, version: '1.0.0' }];
    return 'Cargo.lock native crate';
  },
  (c, v) => { c.options.rustVersion = v; return 'option rustVersion'; },
  (c, v) => { c.options.profile = v; return 'option profile'; },
  (c, v) => { c.options.dockerfileName = v; return 'option dockerfileName'; },
  (c, v, i) => {
    // A hostile base-image lock: its text, a reference or a digest, or the shape.
    const D = `sha256:${'a'.repeat(64)}`;
    c.tree.imageLock = [
      v, { images: { [String(v)]: { digest: D } } }, { images: { 'debian:bookworm-slim': { digest: v } } }, { images: v },
      { images: { 'debian:bookworm-slim': v } }, { images: { 'debian:bookworm-slim\nRUN id': { digest: D } } }, '{"images": {', { images: { [`debian:bookworm-slim@${D}`]: { digest: D } } },
    ][i % 8];
    return 'docker-images.lock.json';
  },
  (c, v) => { c.options.smokeArgs = [v]; return 'option smoke arguments'; },
  (c, v, i) => { c.options.branches = [i % 2 ? v : ['!wip', 'releases?'][i % 2]]; return 'option branches'; },
];

function pkg(c: { tree: TreeSpec }, i: number): PackageSpec {
  return c.tree.packages[i % c.tree.packages.length];
}

/** A case: an ordinary tree and options, then zero to three hostile mutations. */
export function caseArb(): fc.Arbitrary<FuzzCase> {
  return treeArb()
    .chain((tree) => fc.tuple(fc.constant(tree), optionsArb(tree)))
    .chain(([tree, options]) => fc.tuple(
      fc.constant(tree),
      fc.constant(options),
      fc.array(fc.tuple(fc.nat(MUTATIONS.length - 1), hostileArb(), fc.nat(30)), { maxLength: 3 }),
    ))
    .map(([tree, options, mutations]) => {
      // Deep copies: the mutations write into them, and fast-check reuses generated values when shrinking.
      const c = { tree: JSON.parse(JSON.stringify(tree)) as TreeSpec, options: JSON.parse(JSON.stringify(options)) as OptionSpec };
      const where = mutations.map(([m, value, pick]) => `${MUTATIONS[m](c, value, pick)} = ${JSON.stringify(value)}`);
      return { ...c, mutations: where };
    });
}
