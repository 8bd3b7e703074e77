/**
 * Native dependencies in planning: which crates of Cargo.lock need a C library or a build tool
 * (followed from the built package only), what the builder installs for them, the
 * `builderPackages` and `runtimePackages` options, and the synthesis error for a static binary
 * with a crate whose library exists only as a shared one.
 */
import type { LockedPackage } from '../../src/cargo/model';
import { Linking } from '../../src/plan/linking';
import { detectNative } from '../../src/plan/native/detect';
import { planImage } from '../../src/plan/plan';
import { Runtime } from '../../src/plan/runtime';
import { validateOptions } from '../../src/plan/validate';
import { caught } from '../support/errors';
import { fakePackage, fakeWorkspace } from '../support/fake-workspace';

/** A Cargo.lock: `name@version` -> dependency entries as Cargo.lock writes them. */
function lock(entries: { [nameAtVersion: string]: string[] }): LockedPackage[] {
  return Object.entries(entries).map(([key, dependencies]) => {
    const [name, version] = key.split('@');
    return { name, version, dependencies };
  });
}

const api = fakePackage({ name: 'api' });
const worker = fakePackage({ name: 'worker', dir: 'worker' });

function workspace(entries: { [nameAtVersion: string]: string[] }) {
  return fakeWorkspace([api, worker], { lock: { packages: lock(entries) } });
}

const DIESEL = {
  'api@0.1.0': ['diesel'],
  'worker@0.1.0': ['mysqlclient-sys'],
  'diesel@2.2.0': ['pq-sys'],
  'pq-sys@0.6.3': ['pkg-config', 'vcpkg'],
  'mysqlclient-sys@0.4.0': [],
  'pkg-config@0.3.30': [],
  'vcpkg@0.2.15': [],
};

function detect(entries: { [nameAtVersion: string]: string[] }, options: { builder?: 'debian' | 'alpine'; defaultBuilder?: boolean; builderPackages?: string[] } = {}) {
  return detectNative(workspace(entries), {
    roots: [api], builder: options.builder ?? 'debian', defaultBuilder: options.defaultBuilder ?? true, builderPackages: options.builderPackages ?? [],
  });
}

describe('crates of Cargo.lock that link a C library', () => {
  test('pq-sys through diesel: found with its path; rust:*-bookworm has libpq-dev, so the builder installs nothing', () => {
    const native = detect(DIESEL);
    expect(native.crates).toEqual([{
      crate: 'pq-sys',
      version: '0.6.3',
      via: ['api', 'diesel', 'pq-sys'],
      kind: 'library',
      what: 'libpq (the PostgreSQL client library)',
      bundledBy: undefined,
      builderPackages: [],
      runtimePackages: ['libpq5'],
    }]);
    expect(native.builderPackages).toEqual([]);
    expect(native.libraryCrates).toEqual(['pq-sys']);
  });

  test('only what the built package reaches: another member\'s mysqlclient-sys is left out', () => {
    expect(detect(DIESEL).crates.map((c) => c.crate)).not.toContain('mysqlclient-sys');
    const both = detectNative(workspace(DIESEL), { roots: [api, worker], builder: 'debian', defaultBuilder: true, builderPackages: [] });
    expect(both.crates.map((c) => c.crate)).toEqual(['mysqlclient-sys', 'pq-sys']);
  });

  test('a builder image of your own (builderImage): every -dev package the crate needs is installed', () => {
    expect(detect(DIESEL, { defaultBuilder: false }).builderPackages).toEqual(['libpq-dev']);
    expect(detect({ 'api@0.1.0': ['openssl'], 'openssl@0.10.66': ['openssl-sys'], 'openssl-sys@0.9.103': ['cc', 'libc', 'pkg-config'] }, { defaultBuilder: false }).builderPackages)
      .toEqual(['libssl-dev', 'pkg-config']);
  });

  test('bundled: pq-src in the lock builds libpq into the binary, nothing to install at build or run time', () => {
    const native = detect({ ...DIESEL, 'pq-sys@0.6.3': ['pq-src'], 'pq-src@0.3.2': ['cc', 'openssl-sys'], 'openssl-sys@0.9.103': ['openssl-src'], 'openssl-src@300.3.1': ['cc'] }, { defaultBuilder: false });
    const pq = native.crates.find((c) => c.crate === 'pq-sys')!;
    expect(pq).toMatchObject({ bundledBy: 'pq-src', builderPackages: [], runtimePackages: [] });
    const ssl = native.crates.find((c) => c.crate === 'openssl-sys' && c.kind === 'library')!;
    expect(ssl).toMatchObject({ bundledBy: 'openssl-src', runtimePackages: [] });
    // openssl-src itself builds OpenSSL with make and perl.
    expect(native.crates.find((c) => c.crate === 'openssl-src')).toMatchObject({ kind: 'build-tool', builderPackages: ['make', 'perl'] });
  });

  test('libsqlite3-sys is bundled when its own lock entry depends on cc (only its bundled feature brings cc)', () => {
    const linked = detect({ 'api@0.1.0': ['libsqlite3-sys'], 'libsqlite3-sys@0.30.1': ['pkg-config', 'vcpkg'] });
    expect(linked.crates[0]).toMatchObject({ crate: 'libsqlite3-sys', bundledBy: undefined, runtimePackages: ['libsqlite3-0'] });
    const bundled = detect({ 'api@0.1.0': ['libsqlite3-sys'], 'libsqlite3-sys@0.30.1': ['cc', 'pkg-config', 'vcpkg'], 'cc@1.1.0': [] });
    expect(bundled.crates[0].bundledBy).toMatch(/^cc \(a dependency of libsqlite3-sys only with its bundled feature\)$/);
    expect(bundled.crates[0].runtimePackages).toEqual([]);
  });

  test('"name version" entries pick the locked version they name', () => {
    const native = detect({ 'api@0.1.0': ['pq-sys 0.6.3'], 'pq-sys@0.4.6': [], 'pq-sys@0.6.3': [] });
    expect(native.crates.map((c) => `${c.crate} ${c.version}`)).toEqual(['pq-sys 0.6.3']);
  });

  test('no lock (a hand-built model): nothing detected', () => {
    expect(detectNative(fakeWorkspace([api]), { roots: [api], builder: 'debian', defaultBuilder: true, builderPackages: [] }).crates).toEqual([]);
  });
});

describe('build tools', () => {
  const TONIC = { 'api@0.1.0': ['tonic', 'tonic-build'], 'tonic@0.12.0': [], 'tonic-build@0.12.0': ['prost-build'], 'prost-build@0.13.1': [] };

  test('prost-build (via tonic-build): protobuf-compiler and libprotobuf-dev, which rust:*-bookworm lacks', () => {
    const native = detect(TONIC);
    expect(native.builderPackages).toEqual(['libprotobuf-dev', 'protobuf-compiler']);
    expect(native.crates).toEqual([expect.objectContaining({ crate: 'prost-build', via: ['api', 'tonic-build', 'prost-build'], kind: 'build-tool' })]);
    expect(native.builderPackageReasons).toEqual(['protobuf-compiler libprotobuf-dev: prost-build 0.13.1 (needs protoc and the well-known .proto files)']);
  });

  test.each([
    ['protoc-bin-vendored', { 'protoc-bin-vendored@3.0.0': ['protoc-bin-vendored-linux-x86_64'], 'protoc-bin-vendored-linux-x86_64@3.0.0': [] }],
    ['protobuf-src', { 'protobuf-src@2.1.0': ['cmake'], 'cmake@0.1.50': ['cc'] }],
  ])('prost-build with %s in the lock brings its own protoc', (first, extra) => {
    const native = detect({ ...TONIC, 'api@0.1.0': ['tonic', 'tonic-build', first], ...extra });
    expect(native.builderPackages).not.toContain('protobuf-compiler');
    expect(native.crates.map((c) => c.crate)).not.toContain('prost-build');
  });

  test('cmake (e.g. rdkafka-sys with cmake-build) and bindgen: cmake, libclang-dev; rdkafka-sys\'s own tools are in the builder', () => {
    const native = detect({ 'api@0.1.0': ['rdkafka'], 'rdkafka@0.36.2': ['rdkafka-sys'], 'rdkafka-sys@4.7.0': ['cmake', 'libz-sys'], 'cmake@0.1.50': [], 'libz-sys@1.1.18': [], 'x@1.0.0': ['bindgen'] });
    expect(native.builderPackages).toEqual(['cmake']);
    expect(detect({ 'api@0.1.0': ['zstd-sys'], 'zstd-sys@2.0.16': ['bindgen', 'cc'], 'bindgen@0.70.1': [] }).builderPackages).toEqual(['libclang-dev']);
  });

  test('the alpine builder (Linking.STATIC_MUSL) has only musl-dev and gcc: Alpine names for everything', () => {
    expect(detect(TONIC, { builder: 'alpine' }).builderPackages).toEqual(['protobuf-dev', 'protoc']);
    expect(detect({ 'api@0.1.0': ['openssl-sys'], 'openssl-sys@0.9.103': ['cc'] }, { builder: 'alpine' }).builderPackages).toEqual(['openssl-dev', 'openssl-libs-static']);
  });

  test('builderPackages join the detected ones: sorted, once each, with their reason', () => {
    const native = detect(TONIC, { builderPackages: ['protobuf-compiler', 'cmake'] });
    expect(native.builderPackages).toEqual(['cmake', 'libprotobuf-dev', 'protobuf-compiler']);
    expect(native.builderPackageReasons[1]).toBe('protobuf-compiler cmake: the builderPackages option');
  });
});

describe('planning', () => {
  const PQ = { 'api@0.1.0': ['diesel'], 'diesel@2.2.0': ['pq-sys'], 'pq-sys@0.6.3': [] };
  const ws = (entries: { [k: string]: string[] }) => fakeWorkspace([api], { lock: { packages: lock(entries) } });

  test.each([
    ['scratch', { runtime: Runtime.SCRATCH }, 'runtime', 'runtime scratch takes a static-glibc binary'],
    ['distroless-static', { runtime: Runtime.DISTROLESS_STATIC }, 'runtime', 'runtime distroless-static (gcr.io/distroless/static-debian12:nonroot) takes a static-glibc binary'],
    ['alpine', { runtime: Runtime.ALPINE }, 'runtime', 'runtime alpine (alpine:3.22) takes a static-musl binary'],
    ['STATIC_GLIBC on debian-slim', { linking: Linking.STATIC_GLIBC }, 'linking', 'the linking option is static-glibc'],
  ])('a static binary with pq-sys (not bundled) is a synthesis error naming the crate: %s', (_name, options, option, why) => {
    const e = caught(() => planImage(ws(PQ), options));
    expect(e.option).toBe(option);
    expect(e.problem).toBe(`builds a static binary (${why}), but it links crate pq-sys 0.6.3 (Cargo.lock: api -> diesel -> pq-sys), which needs libpq (the PostgreSQL client library) ` +
      'as a shared library: the static link would fail, and the image could not carry the library anyway.');
    expect(e.fix).toMatch(/^Either enable the `bundled` feature of pq-sys .*, or use (Runtime\.DEBIAN_SLIM with dynamic linking|linking: Linking\.DYNAMIC_GLIBC, which debian-slim can run) \(the final stage installs libpq5 by itself\)\.$/);
  });

  test('a static binary is fine with pq-sys bundled (pq-src), with openssl-sys (a static libssl exists), or without native crates', () => {
    expect(() => planImage(ws({ ...PQ, 'pq-sys@0.6.3': ['pq-src'], 'pq-src@0.3.2': [] }), { runtime: Runtime.SCRATCH })).not.toThrow();
    expect(() => planImage(ws({ 'api@0.1.0': ['openssl-sys'], 'openssl-sys@0.9.103': [] }), { runtime: Runtime.SCRATCH })).not.toThrow();
    expect(() => planImage(ws({ 'api@0.1.0': [] }), { runtime: Runtime.SCRATCH })).not.toThrow();
  });

  test('dynamic pq-sys plans on every glibc runtime: the builder decides from the binary', () => {
    expect(planImage(ws(PQ), {}).native.crates.map((c) => c.crate)).toEqual(['pq-sys']);
    expect(() => planImage(ws(PQ), { runtime: Runtime.DISTROLESS_CC })).not.toThrow();
  });

  test('libudev-sys on scratch: no bundled form, so the only fix is a dynamic binary', () => {
    const e = caught(() => planImage(ws({ 'api@0.1.0': ['libudev-sys'], 'libudev-sys@0.1.4': [] }), { runtime: Runtime.SCRATCH }));
    expect(e.fix).toBe('Use Runtime.DEBIAN_SLIM with dynamic linking (the final stage installs libudev1 by itself); libudev exists only as a shared library, so the binary must be dynamic.');
  });

  test('runtimePackages: on a runtime without a package manager, an error naming the option', () => {
    const e = caught(() => planImage(ws({ 'api@0.1.0': [] }), { runtime: Runtime.DISTROLESS_CC, runtimePackages: ['tzdata'] }));
    expect(e.option).toBe('runtimePackages');
    expect(e.problem).toBe('lists tzdata, but runtime distroless-cc (gcr.io/distroless/cc-debian12:nonroot) has no package manager to install them with.');
    expect(planImage(ws({ 'api@0.1.0': [] }), { runtimePackages: ['tzdata', 'tzdata', 'libjemalloc2'] }).runtimePackages).toEqual(['tzdata', 'libjemalloc2']);
  });

  test('package names must suit the package manager that installs them', () => {
    expect(caught(() => planImage(ws({ 'api@0.1.0': [] }), { runtimePackages: ['py3_x'] })).option).toBe('runtimePackages[0]');
    expect(() => planImage(ws({ 'api@0.1.0': [] }), { runtime: Runtime.ALPINE, runtimePackages: ['py3-foo_bar'] })).not.toThrow();
    const e = caught(() => planImage(ws({ 'api@0.1.0': [] }), { builderPackages: ['cmake', 'x'] }));
    expect(e.option).toBe('builderPackages[1]');
    expect(e.problem).toBe('is "x", which is not a package name for apt (Debian), which installs the builder (rust:*-bookworm).');
  });

  test.each([
    ['builderPackages', 'a string', 'protobuf-compiler', /^is the string "protobuf-compiler", not a list\.$/],
    ['builderPackages', 'a version pin', ['cmake=3.25.1-1'], /^is "cmake=3\.25\.1-1", which is not valid\.$/],
    ['runtimePackages', 'an option', ['--allow-downgrades'], /^is "--allow-downgrades", which is not valid\.$/],
    ['runtimePackages', 'two words', ['libpq5 curl'], /^is "libpq5 curl", which is not valid\.$/],
    ['runtimePackages', 'a command', ['libpq5;id'], /^is "libpq5;id", which is not valid\.$/],
    ['runtimePackages', 'upper case', ['LibPQ5'], /^is "LibPQ5", which is not valid\.$/],
  ])('%s: %s is refused on its own, naming the option', (option, _what, value, problem) => {
    const e = caught(() => validateOptions({ [option]: value }));
    expect(e.option).toMatch(new RegExp(`^${option}(\\[0\\])?$`));
    expect(e.problem).toMatch(problem);
  });
});
