/**
 * Native dependencies in the Dockerfile: the builder's packages before the dependency layer,
 * the runtime-libraries script stage and the builder's check, and the final stage installing
 * exactly the packages the builder found (through a bind mount), per runtime.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RustDockerImageOptions } from '../../src';
import type { LockedPackage } from '../../src/cargo/model';
import { dockerfileModel, renderImageDockerfile } from '../../src/dockerfile/dockerfile';
import { APT_CLEANUP, UNDATED_USER } from '../../src/dockerfile/runtime-stage';
import { Linking } from '../../src/plan/linking';
import { planImage } from '../../src/plan/plan';
import { Runtime } from '../../src/plan/runtime';
import { lintDockerfile, stageLines } from '../support/dockerfile-lint';
import { fakePackage, fakeWorkspace } from '../support/fake-workspace';

const svc = fakePackage({ name: 'svc' });

function ws(entries: { [nameAtVersion: string]: string[] } = {}) {
  const packages: LockedPackage[] = Object.entries({ 'svc@0.1.0': Object.keys(entries).map((k) => k.split('@')[0]), ...entries })
    .map(([key, dependencies]) => ({ name: key.split('@')[0], version: key.split('@')[1], dependencies }));
  return fakeWorkspace([svc], { lock: { packages } });
}

const TONIC = { 'tonic-build@0.12.0': ['prost-build'], 'prost-build@0.13.1': [] };
const PQ = { 'pq-sys@0.6.3': [] };

function render(options: RustDockerImageOptions = {}, entries: { [k: string]: string[] } = {}): string {
  return renderImageDockerfile(planImage(ws(entries), options));
}

const hasShellcheck = cp.spawnSync('shellcheck', ['--version']).status === 0;
const withShellcheck = hasShellcheck ? test : test.skip;

describe('builder packages', () => {
  test('installed with apt right after FROM, before anything is copied (the dependency layer stays cached), with why', () => {
    const text = render({ builderPackages: ['cmake'] }, TONIC);
    const builder = stageLines(text, 'builder');
    expect(builder.slice(0, 3)).toEqual([
      'FROM rust:1.95-bookworm AS builder',
      'RUN apt-get update && apt-get install -y --no-install-recommends cmake libprotobuf-dev protobuf-compiler && rm -rf /var/lib/apt/lists/*',
      'WORKDIR /app',
    ]);
    expect(text).toContain('# Packages the native crates need to build (before the dependency layer, so it stays cached):\n' +
      '#   protobuf-compiler libprotobuf-dev: prost-build 0.13.1 (needs protoc and the well-known .proto files)\n' +
      '#   cmake: the builderPackages option\n');
  });

  test('none needed: no apt step in the builder', () => {
    expect(stageLines(render({}, PQ), 'builder').some((l) => l.includes('apt-get'))).toBe(false);
  });

  test('static glibc: after SHELL and RUSTFLAGS; alpine (musl): in the apk step with musl-dev', () => {
    const glibc = stageLines(render({ runtime: Runtime.SCRATCH }, TONIC), 'builder');
    expect(glibc[3]).toMatch(/^RUN apt-get update && apt-get install -y --no-install-recommends libprotobuf-dev protobuf-compiler/);
    const musl = stageLines(render({ runtime: Runtime.ALPINE, builderPackages: ['cmake'] }, TONIC), 'builder');
    expect(musl[1]).toBe('RUN apk add --no-cache musl-dev cmake protobuf-dev protoc');
  });
});

describe('the runtime-libraries check', () => {
  test('a stage before the builder writes the script; the builder runs it last, mounted, against the image\'s runtime', () => {
    const text = render({}, PQ);
    expect([...text.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map((m) => `${m[2]} ${m[1]}`))
      .toEqual(['runtime-libraries rust:1.95-bookworm', 'builder rust:1.95-bookworm', 'runtime debian:bookworm-slim']);
    const builder = stageLines(text, 'builder');
    // The build step ends with the check (a step of its own would cost a container start and a layer).
    expect(builder[builder.length - 1]).toBe('RUN --mount=type=bind,target=/app,rw --mount=type=bind,from=runtime-libraries,source=/runtime-libraries.sh,target=/tmp/runtime-libraries.sh ' +
      'touch src/main.rs && cargo build --locked --release --package svc --bin svc --target-dir /target && cp /target/release/svc /usr/local/bin/svc ' +
      '&& sh /tmp/runtime-libraries.sh svc apt \'debian-slim (debian:bookworm-slim)\'');
    // The script names the crates of the lock for their sonames, and only those.
    expect(text).toContain('\'    libpq.so.*) crate="pq-sys" fix="enable the bundled feature of pq-sys (pq-src), which builds libpq into the binary" ;;\' \\\n');
    expect(text).not.toContain('libsqlite3.so');
    expect(text).toContain('dpkg -S');
    expect(text).not.toContain('apk info');
  });

  test('distroless-cc: the packages it carries are the allowed ones; scratch: none', () => {
    expect(render({ runtime: Runtime.DISTROLESS_CC }, PQ)).toContain(
      'sh /tmp/runtime-libraries.sh svc none \'distroless-cc (gcr.io/distroless/cc-debian12:nonroot)\' libc6 libgcc-s1 libgomp1 libssl3 libstdc++6\n');
    expect(render({ runtime: Runtime.SCRATCH })).toContain('sh /tmp/runtime-libraries.sh svc none \'scratch (scratch)\'\n');
    expect(render({ runtime: Runtime.custom('registry.example.com/cc:1', { like: Runtime.DISTROLESS_CC }) })).toContain(
      'sh /tmp/runtime-libraries.sh svc none \'custom (like distroless-cc) (registry.example.com/cc:1)\' libc6 libgcc-s1');
  });

  test('alpine: the script asks apk who owns a library', () => {
    const text = render({ runtime: Runtime.ALPINE });
    expect(text).toContain('apk info --who-owns');
    expect(text).not.toContain('dpkg -S "$p"');
    expect(text).toContain('sh /tmp/runtime-libraries.sh svc apk \'alpine (alpine:3.22)\'\n');
  });

  test('deterministic: the same plan gives the same bytes', () => {
    expect(render({}, { ...PQ, ...TONIC })).toBe(render({}, { ...TONIC, ...PQ }));
  });
});

describe('the final stage installs exactly the packages the builder found', () => {
  const MOUNT = '--mount=type=bind,from=builder,source=/runtime-packages/svc,target=/tmp/runtime-packages';

  test('debian-slim: the list through a bind mount of the builder (never copied in), with ca-certificates and runtimePackages', () => {
    const runtime = stageLines(render({ runtimePackages: ['tzdata'] }, PQ), 'runtime');
    expect(runtime[1]).toBe(`RUN ${MOUNT} apt-get update && xargs apt-get install -y --no-install-recommends ca-certificates tzdata < /tmp/runtime-packages ` +
      `&& ${APT_CLEANUP} && groupadd --gid 10001 app && useradd --no-log-init --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin app && ${UNDATED_USER}`);
  });

  test('debian-slim without CA certificates: apt runs only when a package of the list is missing', () => {
    const runtime = stageLines(render({ caCertificates: false }), 'runtime');
    expect(runtime[1]).toBe(`RUN ${MOUNT} if ! xargs -r dpkg -s < /tmp/runtime-packages > /dev/null 2>&1; ` +
      `then apt-get update && xargs apt-get install -y --no-install-recommends < /tmp/runtime-packages && ${APT_CLEANUP}; fi ` +
      `&& groupadd --gid 10001 app && useradd --no-log-init --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin app && ${UNDATED_USER}`);
  });

  test('alpine: apk add of the list (and ca-certificates), or nothing when the list is empty', () => {
    expect(stageLines(render({ runtime: Runtime.ALPINE }), 'runtime')[1])
      .toBe(`RUN ${MOUNT} xargs apk add --no-cache ca-certificates < /tmp/runtime-packages && addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app -s /sbin/nologin app && ${UNDATED_USER}`);
    expect(stageLines(render({ runtime: Runtime.ALPINE, caCertificates: false, user: '0', allowSystemUser: true }), 'runtime')[1])
      .toBe(`RUN ${MOUNT} xargs -r apk add --no-cache < /tmp/runtime-packages`);
  });

  test('distroless and scratch: no RUN, nothing mounted', () => {
    for (const runtime of [Runtime.DISTROLESS_CC, Runtime.DISTROLESS_STATIC, Runtime.SCRATCH]) {
      expect(stageLines(render({ runtime }), 'runtime').filter((l) => l.startsWith('RUN'))).toEqual([]);
    }
  });

  test('user root on debian-slim: the packages are still installed, no user created', () => {
    const runtime = stageLines(render({ user: '0', allowSystemUser: true }), 'runtime');
    expect(runtime[1]).toBe(`RUN ${MOUNT} apt-get update && xargs apt-get install -y --no-install-recommends ca-certificates < /tmp/runtime-packages && ${APT_CLEANUP}`);
  });

  test('reproducible: the cleanup removes exactly the files that record when apt ran; the user line loses its date, nothing else', () => {
    expect(APT_CLEANUP).toBe('rm -rf /var/lib/apt/lists/* /var/log/apt/*.log /var/log/dpkg.log /var/log/alternatives.log /var/cache/ldconfig/aux-cache');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-shadow-'));
    const shadow = path.join(dir, 'shadow');
    // As useradd (Debian) and busybox adduser (Alpine) write them, the day of the call third.
    fs.writeFileSync(shadow, 'root:*:19000:0:99999:7:::\napp:!:20421:0:99999:7:::\napp2:!:20421::::::\n');
    cp.execFileSync('dash', ['-c', UNDATED_USER.replace('/etc/shadow', shadow)]);
    expect(fs.readFileSync(shadow, 'utf8')).toBe('root:*:19000:0:99999:7:::\napp:!::0:99999:7:::\napp2:!:20421::::::\n');
  });

  test.each([
    ['debian-slim', {}], ['debian-slim without CA certificates', { caCertificates: false }], ['distroless-cc', { runtime: Runtime.DISTROLESS_CC }],
    ['scratch', { runtime: Runtime.SCRATCH }], ['alpine', { runtime: Runtime.ALPINE, builderPackages: ['cmake'] }],
    ['static glibc on debian-slim with builder packages', { linking: Linking.STATIC_GLIBC, builderPackages: ['cmake'], runtimePackages: ['tzdata'] }],
  ])('%s: dockerfile-utils finds nothing', (_name, options) => {
    expect(lintDockerfile(render(options as RustDockerImageOptions, TONIC))).toEqual([]);
  });

  withShellcheck.each([
    ['debian-slim', {}], ['no CA certificates', { caCertificates: false }], ['alpine', { runtime: Runtime.ALPINE, builderPackages: ['cmake'] }],
    ['distroless-cc', { runtime: Runtime.DISTROLESS_CC, builderPackages: ['cmake'] }],
  ])('%s: every RUN of the Dockerfile passes shellcheck', (_name, options) => {
    const model = dockerfileModel(planImage(ws(TONIC), options as RustDockerImageOptions));
    for (const stage of model.stages) {
      for (const run of stage.instructions.filter((i) => i.keyword === 'RUN')) {
        const script = `${run.args.join(' \\\n    && ')}\n`;
        // SC2016: single-quoted `$` is how the script's lines stay literal (as everywhere in the generated files).
        // SC2043: the dependency layer's stub loop (`for f in src/main.rs; do ...`) has one file for a single crate.
        const result = cp.spawnSync('shellcheck', ['--shell', 'sh', '--severity', 'style', '--exclude', 'SC2016,SC2043', '-'], { input: script, encoding: 'utf8' });
        expect({ stage: stage.name, findings: result.stdout }).toEqual({ stage: stage.name, findings: '' });
      }
    }
  });
});
