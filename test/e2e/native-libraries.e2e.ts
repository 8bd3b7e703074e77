/**
 * Native libraries (issue 11): real C-library crates from Debian's librust-*-dev packages
 * (pq-sys 0.4, libsqlite3-sys 0.25 without `bundled`, openssl 0.10), vendored, built on the
 * rust stand-in (which carries buildpack-deps' -dev packages, as the real image does):
 *   - debian-slim: the builder reads the libraries off the binary and the final stage installs
 *     their packages, so the image runs (libpq5 / libsqlite3-0 / libssl3 installed by
 *     construction, visible to dpkg, so scanners see them);
 *   - distroless-cc: pq-sys and libsqlite3-sys fail IN THE BUILDER with the library, its package,
 *     the crate and the fixes; openssl runs (distroless-cc carries libssl3);
 *   - static (scratch): pq-sys is refused at synthesis; openssl either runs or fails with the
 *     message, whichever the static link gives (recorded).
 * Never an image that dies at start with "cannot open shared object file".
 */
import { Runtime } from '../../src';
import type { RustDockerImageOptions } from '../../src';
import { compiledCrates } from './support/build-log';
import { vendorFromDebian } from './support/cargo';
import { build, docker, imageTag, inspectImage, listFiles, runImage } from './support/docker';
import { tail } from './support/exec';
import { copyFixture, readText, synthesize } from './support/fixture';
import { forbiddenEntries } from './support/image-checks';
import type { Recorder } from './support/report';
import { variant } from './support/report';
import { describeE2E } from './support/suite';

interface Fixture {
  readonly name: string;
  readonly binary: string;
  /** What the binary prints when its library loads. */
  readonly output: RegExp;
  /** The library's soname, its Debian package, and the crate that links it. */
  readonly soname: string;
  readonly package: string;
  readonly crate: string;
}

/** A fixture whose build script needs a tool the rust image lacks; its binary needs only libc. */
const PROTOC = {
  name: 'native-protoc',
  binary: 'e2e-native-protoc',
  output: /^protobuf 10 bytes: docker x3\n$/,
};

const PQ: Fixture = { name: 'native-pq', binary: 'e2e-native-pq', output: /^libpq 15\.\d+\n$/, soname: 'libpq.so.5', package: 'libpq5', crate: 'pq-sys' };
const SQLITE: Fixture = {
  name: 'native-sqlite', binary: 'e2e-native-sqlite', output: /^sqlite 3\.\d+\.\d+\n$/, soname: 'libsqlite3.so.0', package: 'libsqlite3-0', crate: 'libsqlite3-sys',
};
const OPENSSL: Fixture = {
  name: 'native-openssl',
  binary: 'e2e-native-openssl',
  output: /^OpenSSL 3\.\d+\.\d+.*; sha256\(abc\) = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n$/,
  // sha256 and the version need only libcrypto.so.3, which Debian's libssl3 holds.
  soname: 'libcrypto.so.3',
  package: 'libssl3',
  crate: 'openssl-sys',
};

/** A vendored copy of the fixture with its Dockerfile for `options`. */
function prepare(fixture: Pick<Fixture, 'name'>, slug: string, options: RustDockerImageOptions): string {
  const dir = copyFixture(fixture.name, slug);
  vendorFromDebian(dir);
  synthesize(dir, [options]);
  return dir;
}

/** The builder's runtime-libraries line (what the binary needs and where it comes from). */
function librariesLine(log: string): string | undefined {
  return /^#\d+ [\d.]+ (runtime-libraries: .*)$/m.exec(log)?.[1];
}

/** Builds, then builds again (nothing may compile), runs the image and checks its output; records the numbers. */
async function buildAndRun(recorder: Recorder, fixture: Pick<Fixture, 'name' | 'output'>, slug: string, options: RustDockerImageOptions): Promise<string> {
  const dir = prepare(fixture, slug, options);
  const tag = imageTag(`${fixture.name}-${slug}`);
  const cold = await build(dir, tag);
  if (!cold.ok) {
    throw new Error(`the build failed:\n${tail(cold.log, 40)}`);
  }
  const warm = await build(dir, tag);
  expect(warm.ok).toBe(true);
  expect(compiledCrates(warm.log)).toEqual([]);
  recorder.builds(tag, cold.seconds, warm.seconds);
  recorder.note('compiled (cold)', compiledCrates(cold.log));
  const line = librariesLine(cold.log);
  expect(line).toBeDefined();
  recorder.note('builder', line!);

  const run = await runImage(tag);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  expect(run.stdout).toMatch(fixture.output);
  recorder.note('output', run.stdout.trim());

  const info = await inspectImage(tag);
  recorder.note('image MiB', info.size / 1024 / 1024);
  expect(forbiddenEntries(await listFiles(tag))).toEqual([]);
  return tag;
}

/** Builds and expects the builder's runtime-libraries step to fail with the promised message. */
async function buildFails(
  recorder: Recorder, fixture: Fixture, slug: string, options: RustDockerImageOptions, runtime: string, carried: string,
): Promise<string> {
  const dir = prepare(fixture, slug, options);
  const result = await build(dir, imageTag(`${fixture.name}-${slug}`));
  recorder.note('build s (fails)', result.seconds);
  expect(result.ok).toBe(false);
  const errors = [...result.log.matchAll(/^#\d+ [\d.]+ (error: .*)$/gm)].map((m) => m[1]);
  expect(errors[0]).toBe(`error: /usr/local/bin/${fixture.binary} cannot start on runtime ${runtime}: it needs ${fixture.soname} (package ${fixture.package}), ` +
    `which that runtime does not carry and cannot install (no package manager; its libraries come from: ${carried}).`);
  expect(errors[1]).toMatch(new RegExp(`^error: {3}${fixture.soname.replace(/\./g, '\\.')} comes from crate ${fixture.crate}\\. Fix: enable the bundled feature of ${fixture.crate} .*; ` +
    `or use Runtime\\.DEBIAN_SLIM \\(or a custom runtime like it\\), which installs ${fixture.package} by itself\\.$`));
  // It fails in the builder's last step, in the check that ends it, after the binary was built: no image exists.
  expect(result.log).toMatch(/ERROR: executor failed running \[\/bin\/sh -c [^\n]*cp \/target\/[^\n]* && sh \/tmp\/runtime-libraries\.sh [^\n]*\]: exit code: 1/);
  expect(compiledCrates(result.log)).toContain(fixture.binary);
  recorder.note('error', errors.slice(0, 2));
  return errors.join('\n');
}

/**
 * A static runtime (scratch, static glibc): either the static link works and the binary runs
 * there, or the build fails in the builder (the check's message, or the link step's), never a
 * later surprise. Records which.
 */
async function staticOnScratch(recorder: Recorder, fixture: Fixture): Promise<void> {
  const dir = prepare(fixture, 'scratch', { runtime: Runtime.SCRATCH });
  expect(readText(dir, 'Dockerfile')).toContain(`sh /tmp/runtime-libraries.sh ${fixture.binary} none 'scratch (scratch)'\n`);
  const tag = imageTag(`${fixture.name}-scratch`);
  const result = await build(dir, tag);
  recorder.note('build s', result.seconds);
  if (!result.ok) {
    const errors = [...result.log.matchAll(/^#\d+ [\d.]+ (error: .*)$/gm)].map((m) => m[1]);
    recorder.note('outcome', 'the build failed');
    recorder.note('error', errors.length ? errors.slice(0, 2) : [tail(result.log, 12)]);
    expect(errors.length > 0 || /linking with `cc` failed/.test(result.log)).toBe(true);
    return;
  }
  recorder.note('outcome', 'static binary, runs on scratch');
  recorder.note('builder', librariesLine(result.log) ?? '(no line)');
  expect(librariesLine(result.log)).toBe(`runtime-libraries: /usr/local/bin/${fixture.binary} is static: it needs no shared library.`);
  const run = await runImage(tag);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  expect(run.stdout).toMatch(fixture.output);
  recorder.note('output', run.stdout.trim());
  recorder.note('image MiB', (await inspectImage(tag)).size / 1024 / 1024);
}

const DISTROLESS_CC = 'distroless-cc (gcr.io/distroless/cc-debian12:nonroot)';
const CC_PACKAGES = 'libc6 libgcc-s1 libgomp1 libssl3 libstdc++6';

describeE2E('native libraries: the runtime gets exactly what the binary needs, or the build fails in the builder', () => {
  variant('pq-sys on debian-slim: libpq5 installed by construction, the binary runs', async (recorder) => {
    const tag = await buildAndRun(recorder, PQ, 'debian-slim', {});
    // Installed as a package: dpkg (and so an image scanner) knows it.
    const dpkg = await runImage(tag, ['-c', 'dpkg-query -W -f=\'${Package} ${Status}\\n\' libpq5'], '/bin/sh');
    expect(dpkg.stdout).toBe('libpq5 install ok installed\n');
  });

  variant('pq-sys on distroless-cc: fails in the builder naming libpq.so.5, libpq5, pq-sys and the fixes', async (recorder) => {
    await buildFails(recorder, PQ, 'distroless-cc', { runtime: Runtime.DISTROLESS_CC }, DISTROLESS_CC, CC_PACKAGES);
  });

  variant('pq-sys on scratch: refused at synthesis, naming the crate', async () => {
    const dir = copyFixture(PQ.name, 'scratch');
    expect(() => synthesize(dir, [{ runtime: Runtime.SCRATCH }])).toThrow(
      /option 'runtime' builds a static binary \(runtime scratch takes a static-glibc binary\), but it links crate pq-sys 0\.4\.6 \(Cargo\.lock: e2e-native-pq -> pq-sys\)/);
  });

  variant('libsqlite3-sys (linked) on debian-slim: libsqlite3-0 installed by construction, the binary runs', async (recorder) => {
    const tag = await buildAndRun(recorder, SQLITE, 'debian-slim', { caCertificates: false });
    const dpkg = await runImage(tag, ['-c', 'dpkg-query -W -f=\'${Package} ${Status}\\n\' libsqlite3-0'], '/bin/sh');
    expect(dpkg.stdout).toBe('libsqlite3-0 install ok installed\n');
  });

  variant('builderPackages and runtimePackages: installed with what the binary needs (jq in the builder; tzdata beside libsqlite3-0)', async (recorder) => {
    const options = { caCertificates: false, builderPackages: ['jq'], runtimePackages: ['tzdata'] };
    const dir = prepare(SQLITE, 'packages', options);
    const dockerfile = readText(dir, 'Dockerfile');
    expect(dockerfile).toMatch(/apt-get install -y --no-install-recommends jq\b/);
    expect(dockerfile).toContain('#   jq: the builderPackages option');
    const tag = await buildAndRun(recorder, SQLITE, 'packages', options);
    const dpkg = await runImage(tag, ['-c', 'dpkg-query -W -f=\'${Package} ${Status}\\n\' libsqlite3-0 tzdata && test -f /usr/share/zoneinfo/Europe/Paris && echo zoneinfo'], '/bin/sh');
    expect(dpkg.stdout).toBe('libsqlite3-0 install ok installed\ntzdata install ok installed\nzoneinfo\n');
  });

  variant('libsqlite3-sys (linked) on distroless-cc: fails in the builder naming libsqlite3.so.0 and libsqlite3-sys', async (recorder) => {
    await buildFails(recorder, SQLITE, 'distroless-cc', { runtime: Runtime.DISTROLESS_CC }, DISTROLESS_CC, CC_PACKAGES);
  });

  variant('openssl on debian-slim: libssl3 installed by construction, the binary runs', async (recorder) => {
    const tag = await buildAndRun(recorder, OPENSSL, 'debian-slim', {});
    const dpkg = await runImage(tag, ['-c', 'dpkg-query -W -f=\'${Package} ${Status}\\n\' libssl3'], '/bin/sh');
    expect(dpkg.stdout).toBe('libssl3 install ok installed\n');
  });

  variant('openssl on distroless-cc: it carries libssl3, the check passes and the binary runs', async (recorder) => {
    await buildAndRun(recorder, OPENSSL, 'distroless-cc', { runtime: Runtime.DISTROLESS_CC });
  });

  variant('openssl on scratch (static glibc): the static link runs, or the builder fails with the message', async (recorder) => {
    await staticOnScratch(recorder, OPENSSL);
  });

  variant('libsqlite3-sys (linked) on scratch (static glibc): the static link runs, or the builder fails with the message', async (recorder) => {
    await staticOnScratch(recorder, SQLITE);
  });

  variant('prost-build needs protoc, which the rust image lacks: the builder installs protobuf-compiler from Cargo.lock and the build runs', async (recorder) => {
    // The builder image as users get it has no protoc: without the detection, prost-build's
    // build script would fail ("Could not find `protoc`").
    const rust = /^FROM (\S+) AS builder$/m.exec(readText(prepare(PROTOC, 'probe', {}), 'Dockerfile'))?.[1];
    expect(rust).toMatch(/^rust:[\d.]+-bookworm/);
    const bare = await docker(['run', '--rm', '--entrypoint', '/bin/sh', rust!, '-c', 'command -v protoc || echo no-protoc']);
    expect(bare.stdout.trim()).toBe('no-protoc');

    const tag = await buildAndRun(recorder, PROTOC, 'debian-slim', {});
    const dockerfile = readText(prepare(PROTOC, 'dockerfile', {}), 'Dockerfile');
    expect(dockerfile).toMatch(/apt-get install [^\n]*libprotobuf-dev protobuf-compiler/);
    expect(dockerfile).toContain('prost-build 0.11.6 (needs protoc and the well-known .proto files)');
    // The tool stays in the builder: the final image has no protoc.
    const final = await runImage(tag, ['-c', 'command -v protoc || echo no-protoc'], '/bin/sh');
    expect(final.stdout.trim()).toBe('no-protoc');
  });
});
