import { parse as parseHcl } from '@cdktf/hcl2json';
import type { ServiceSpec } from './support';
import { bakeTargets, stageNames, workspaceFiles, wsTempDir } from './support';
import type { RustWorkspaceImagesOptions } from '../../src';
import { DependencyCaching, Runtime } from '../../src';
import { loadWorkspace } from '../../src/cargo/workspace';
import { renderImageDockerfile } from '../../src/dockerfile/dockerfile';
import { planImage } from '../../src/plan/plan';
import { renderBakeFile } from '../../src/workspace/bake';
import { renderWorkspaceDockerfile } from '../../src/workspace/dockerfile';
import type { WorkspacePlan } from '../../src/workspace/plan';
import { planWorkspaceImages } from '../../src/workspace/plan';
import { lintDockerfile, stageLines } from '../support/dockerfile-lint';
import { writeTree } from '../support/temp-project';

function planOf(services: (string | ServiceSpec)[], options: RustWorkspaceImagesOptions = {}): WorkspacePlan {
  const dir = wsTempDir();
  writeTree(dir, workspaceFiles(services));
  return planWorkspaceImages(loadWorkspace(dir), options);
}

function render(services: (string | ServiceSpec)[], options: RustWorkspaceImagesOptions = {}): string {
  return renderWorkspaceDockerfile(planOf(services, options));
}

describe('workspace Dockerfile', () => {
  test('one builder stage, then one final stage per binary named after it; lints clean', () => {
    const text = render(['api', 'worker', 'admin'], { ports: [8080] });
    expect(stageNames(text)).toEqual(['runtime-libraries', 'builder', 'admin', 'api', 'worker']);
    expect(lintDockerfile(text)).toEqual([]);
    for (const bin of ['admin', 'api', 'worker']) {
      const stage = stageLines(text, bin);
      expect(stage[0]).toBe(`FROM debian:bookworm-slim AS ${bin}`);
      expect(stage).toContain(`COPY --from=builder /usr/local/bin/${bin} /usr/local/bin/${bin}`);
      expect(stage).toContain(`ENTRYPOINT ["/usr/local/bin/${bin}"]`);
      expect(stage).toContain(`LABEL org.opencontainers.image.title="${bin}" org.opencontainers.image.version="0.1.0"`);
    }
  });

  test('the builder compiles the dependencies once (LAYER), then builds and copies out every binary', () => {
    const builder = stageLines(render(['api', 'worker']), 'builder');
    // Last, the build, then the runtime-library check of every binary (against the runtime of its image), in one step.
    expect(builder).toEqual([
      'FROM rust:1.95-bookworm AS builder',
      'WORKDIR /app',
      'COPY Cargo.toml Cargo.lock ./',
      'COPY crates/api/Cargo.toml crates/api/',
      'COPY crates/shared/Cargo.toml crates/shared/',
      'COPY crates/worker/Cargo.toml crates/worker/',
      'RUN mkdir -p crates/api/src crates/shared/src crates/worker/src && touch crates/shared/src/lib.rs ' +
        '&& for f in crates/api/src/main.rs crates/worker/src/main.rs; do echo \'fn main() {}\' > "$f"; done ' +
        '&& cargo build --locked --release --workspace --bins --target-dir /target',
      // The sources are mounted on /app (never copied); the target directory is the dependency layer's.
      'RUN --mount=type=bind,target=/app,rw --mount=type=bind,from=runtime-libraries,source=/runtime-libraries.sh,target=/tmp/runtime-libraries.sh ' +
        'touch crates/api/src/main.rs crates/shared/src/lib.rs crates/worker/src/main.rs ' +
        '&& cargo build --locked --release --workspace --bins --target-dir /target ' +
        '&& cp /target/release/api /target/release/worker /usr/local/bin/ ' +
        '&& sh /tmp/runtime-libraries.sh api apt \'debian-slim (debian:bookworm-slim)\' && sh /tmp/runtime-libraries.sh worker apt \'debian-slim (debian:bookworm-slim)\'',
    ]);
  });

  test('a subset builds the explicit --bin list, and the header names what is left out', () => {
    const text = render(['api', 'worker', 'admin'], { exclude: ['admin'] });
    expect(text).toContain('cargo build --locked --release --workspace --bin api --bin worker --target-dir /target\n');
    expect(text).toContain('# Left out: admin/admin.');
    expect(stageNames(text)).toEqual(['runtime-libraries', 'builder', 'api', 'worker']);
  });

  test('a single-binary workspace builds the same builder commands as RustDockerImage, but all-bins', () => {
    const dir = wsTempDir();
    writeTree(dir, workspaceFiles(['api']));
    const ws = loadWorkspace(dir);
    const single = stageLines(renderImageDockerfile(planImage(ws, {})), 'builder');
    const set = stageLines(renderWorkspaceDockerfile(planWorkspaceImages(ws, {})), 'builder');
    expect(set.slice(0, 7)).toEqual(single.slice(0, 7).map((l) => l.replace('--package api --bin api', '--workspace --bins')));
  });

  test('per-binary runtimes and static glibc: one HOST-targeted build, scratch gets the CA bundle', () => {
    const text = render(['api', 'worker'], { binaries: { worker: { runtime: Runtime.SCRATCH } } });
    expect(lintDockerfile(text)).toEqual([]);
    const builder = stageLines(text, 'builder').join('\n');
    expect(builder).toContain('ENV RUSTFLAGS="-C target-feature=+crt-static"');
    expect(builder).toContain('cargo build --locked --release --workspace --bins --target-dir /target --target "$HOST"');
    expect(builder).toContain('cp /target/"$HOST"/release/api /target/"$HOST"/release/worker /usr/local/bin/');
    expect(stageLines(text, 'worker')[0]).toBe('FROM scratch AS worker');
    expect(stageLines(text, 'worker')).toContain('COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt');
    expect(stageLines(text, 'api')[0]).toBe('FROM debian:bookworm-slim AS api');
  });

  test('CACHE_MOUNT and NONE caching', () => {
    const mounts = render(['api', 'worker'], { caching: DependencyCaching.CACHE_MOUNT });
    expect(lintDockerfile(mounts)).toEqual([]);
    expect(mounts).toMatch(/--mount=type=cache,id=workspace-[0-9a-f]{8}-dynamic-glibc-release-[0-9a-f]{8},target=\/app\/target,sharing=locked/);
    expect(mounts).toContain('cp target/release/api target/release/worker /usr/local/bin/');
    const none = render(['api', 'worker'], { caching: DependencyCaching.NONE });
    expect(stageLines(none, 'builder')).toEqual([
      'FROM rust:1.95-bookworm AS builder',
      'WORKDIR /app',
      'COPY . .',
      'RUN --mount=type=bind,from=runtime-libraries,source=/runtime-libraries.sh,target=/tmp/runtime-libraries.sh ' +
        'cargo build --locked --release --workspace --bins && cp target/release/api target/release/worker /usr/local/bin/ ' +
        '&& sh /tmp/runtime-libraries.sh api apt \'debian-slim (debian:bookworm-slim)\' && sh /tmp/runtime-libraries.sh worker apt \'debian-slim (debian:bookworm-slim)\'',
    ]);
  });

  test('a binary named builder: the builder stage is renamed and every COPY --from follows', () => {
    const text = render(['builder', 'api'], { runtime: Runtime.SCRATCH });
    expect(stageNames(text)).toEqual(['runtime-libraries', 'workspace-builder', 'api', 'builder']);
    expect(text).not.toContain('--from=builder ');
    expect(stageLines(text, 'builder')).toContain('COPY --from=workspace-builder /usr/local/bin/builder /usr/local/bin/builder');
  });

  test('syntax directive first, or off; deterministic', () => {
    expect(render(['api']).split('\n')[0]).toBe('# syntax=docker/dockerfile:1');
    const off = render(['api'], { syntaxDirective: false });
    expect(off.split('\n')[0]).toContain('Generated by projen');
    expect(render(['api', 'worker'], { env: { B: '1', A: '2' } })).toBe(render(['api', 'worker'], { env: { B: '1', A: '2' } }));
  });
});

describe('bake file', () => {
  const plan = planOf(['api', 'worker', 'admin']);
  const text = renderBakeFile(plan, { context: '.', dockerfile: 'Dockerfile' });

  test('one target per image with context, dockerfile, target and tags; a default group of all', () => {
    expect(bakeTargets(text)).toEqual(['admin', 'api', 'worker']);
    expect(text).toContain('group "default" {\n  targets = ["admin", "api", "worker"]\n}\n');
    expect(text).toContain([
      'target "api" {',
      '  context    = "."',
      '  dockerfile = "Dockerfile"',
      '  target     = "api"',
      '  tags       = ["${REGISTRY}api:${TAG}"]',
      '  cache-from = CACHE_REPOSITORY == "" ? [] : ["type=registry,ref=${CACHE_REPOSITORY}:api"]',
      '  cache-to   = CACHE_REPOSITORY == "" ? [] : ["type=registry,ref=${CACHE_REPOSITORY}:api,mode=max,ignore-error=true"]',
      '}',
    ].join('\n'));
    expect(text.startsWith('# ~~ Generated by projen.')).toBe(true);
  });

  test('strings are escaped: quotes, backslashes and interpolation markers stay literal', () => {
    const odd = renderBakeFile(plan, { context: '.', dockerfile: 'Docker"file${x}%{y}\\' });
    expect(odd).toContain('dockerfile = "Docker\\"file$${x}%%{y}\\\\"');
  });

  // HashiCorp's own HCL parser (compiled to WebAssembly).
  test('parses as HCL to the intended structure (@cdktf/hcl2json)', async () => {
    const json = await parseHcl('docker-bake.hcl', text);
    expect(json.group.default[0].targets).toEqual(['admin', 'api', 'worker']);
    expect(Object.keys(json.target)).toEqual(['admin', 'api', 'worker']);
    expect(json.target.api[0]).toEqual({
      'context': '.',
      'dockerfile': 'Dockerfile',
      'target': 'api',
      'tags': ['${REGISTRY}api:${TAG}'],
      'cache-from': '${CACHE_REPOSITORY == "" ? [] : ["type=registry,ref=${CACHE_REPOSITORY}:api"]}',
      'cache-to': '${CACHE_REPOSITORY == "" ? [] : ["type=registry,ref=${CACHE_REPOSITORY}:api,mode=max,ignore-error=true"]}',
    });
    expect(json.variable.TAG[0].default).toBe('latest');
    const odd = await parseHcl('odd.hcl', renderBakeFile(plan, { context: '.', dockerfile: 'Docker"file${x}%{y}\\' }));
    expect(odd.target.api[0].dockerfile).toBe('Docker"file$${x}%%{y}\\');
  });
});

describe('native dependencies in the workspace Dockerfile', () => {
  test('each binary is checked against its own runtime, and each final stage installs its own list', () => {
    const text = render(['api', 'worker', 'admin'], {
      runtimePackages: ['tzdata'],
      builderPackages: ['cmake'],
      binaries: { worker: { runtime: Runtime.DISTROLESS_CC, runtimePackages: [] }, admin: { runtimePackages: ['libjemalloc2'] } },
    });
    expect(lintDockerfile(text)).toEqual([]);
    const builder = stageLines(text, 'builder');
    expect(builder[1]).toBe('RUN apt-get update && apt-get install -y --no-install-recommends cmake && rm -rf /var/lib/apt/lists/*');
    expect(builder[builder.length - 1]).toMatch(/^RUN --mount=type=bind,target=\/app,rw --mount=type=bind,from=runtime-libraries,source=\/runtime-libraries.sh,target=\/tmp\/runtime-libraries.sh touch .* && cp [^&]* \/usr\/local\/bin\/ && /);
    expect(builder[builder.length - 1].replace(/^.* \/usr\/local\/bin\/ && /, '')).toBe('' +
      'sh /tmp/runtime-libraries.sh admin apt \'debian-slim (debian:bookworm-slim)\' ' +
      '&& sh /tmp/runtime-libraries.sh api apt \'debian-slim (debian:bookworm-slim)\' ' +
      '&& sh /tmp/runtime-libraries.sh worker none \'distroless-cc (gcr.io/distroless/cc-debian12:nonroot)\' libc6 libgcc-s1 libgomp1 libssl3 libstdc++6');
    expect(stageLines(text, 'admin')[1]).toMatch(/^RUN --mount=type=bind,from=builder,source=\/runtime-packages\/admin,target=\/tmp\/runtime-packages apt-get update && xargs apt-get install -y --no-install-recommends ca-certificates libjemalloc2 < \/tmp\/runtime-packages /);
    expect(stageLines(text, 'api')[1]).toMatch(/^RUN --mount=type=bind,from=builder,source=\/runtime-packages\/api,target=\/tmp\/runtime-packages apt-get update && xargs apt-get install -y --no-install-recommends ca-certificates tzdata < /);
    expect(stageLines(text, 'worker').some((l) => l.startsWith('RUN'))).toBe(false);
  });

  test('a binary named runtime-libraries: the script\'s stage takes another name, and the builder mounts that one', () => {
    const text = render(['runtime-libraries', 'api']);
    expect(stageNames(text)).toEqual(['runtime-libraries-script', 'builder', 'api', 'runtime-libraries']);
    expect(text).toContain('    --mount=type=bind,from=runtime-libraries-script,source=/runtime-libraries.sh,target=/tmp/runtime-libraries.sh \\\n');
  });

  test('runtimePackages for a distroless binary, its own or inherited: an error with the per-binary way out', () => {
    expect(() => planOf(['api', 'worker'], { binaries: { worker: { runtime: Runtime.DISTROLESS_CC, runtimePackages: ['tzdata'] } } }))
      .toThrow(/runtimePackages.*lists tzdata, but runtime distroless-cc .* has no package manager/);
    expect(() => planOf(['api', 'worker'], { runtimePackages: ['tzdata'], binaries: { worker: { runtime: Runtime.DISTROLESS_CC } } }))
      .toThrow(/binaries: \{ <binary>: \{ runtimePackages: \[\] \} \}/);
  });
});
