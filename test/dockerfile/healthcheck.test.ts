import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Healthcheck as Healthcheck_ } from 'dockerfile-ast';
import { DockerfileParser } from 'dockerfile-ast';
import type { RustDockerImageOptions, RustWorkspaceImagesOptions } from '../../src';
import { Healthcheck, Linking, Runtime } from '../../src';
import { dockerfileModel, renderImageDockerfile } from '../../src/dockerfile/dockerfile';
import { PROBE_SOURCE, probeStage } from '../../src/dockerfile/healthcheck';
import { renderDockerfile } from '../../src/dockerfile/render';
import { planImage } from '../../src/plan/plan';
import { renderWorkspaceDockerfile } from '../../src/workspace/dockerfile';
import { planWorkspaceImages } from '../../src/workspace/plan';
import { lintDockerfile, stageLines } from '../support/dockerfile-lint';
import { fakePackage, fakeWorkspace } from '../support/fake-workspace';

const ws = fakeWorkspace([fakePackage({ name: 'svc' })]);

function render(options: RustDockerImageOptions): string {
  return renderImageDockerfile(planImage(ws, { syntaxDirective: false, ...options }));
}

/** The HEALTHCHECK instruction's flags and exec-form command, as Docker's parser reads them. */
function parsedHealthcheck(text: string, stage = 'runtime'): { flags: string[]; command: string[] | 'NONE' } {
  const line = stageLines(text, stage).find((l) => l.startsWith('HEALTHCHECK '));
  if (!line) {
    throw new Error(`no HEALTHCHECK in stage ${stage}`);
  }
  const instruction = DockerfileParser.parse(`FROM scratch\n${line}\n`).getInstructions()[1] as Healthcheck_;
  const flags = instruction.getFlags().map((f) => `--${f.getName()}=${f.getValue()}`);
  const args = instruction.getArguments().map((a) => a.getValue());
  if (args[0] !== 'CMD') {
    return { flags, command: args.join(' ') === 'NONE' ? 'NONE' : fail(line) };
  }
  return { flags, command: JSON.parse(line.slice(line.indexOf('CMD ') + 4)) };
}

function fail(line: string): never {
  throw new Error(`unexpected HEALTHCHECK: ${line}`);
}

describe('Healthcheck.http() in the final stage', () => {
  test('scratch: the probe is copied from its stage and run in exec form against 127.0.0.1', () => {
    const text = render({ runtime: Runtime.SCRATCH, ports: [8080], healthcheck: Healthcheck.http({ interval: '10s', retries: 2 }) });
    const runtime = stageLines(text, 'runtime');
    expect(runtime).toContain('COPY --from=healthcheck-probe /probe/healthcheck /usr/local/bin/healthcheck');
    expect(runtime).toContain('HEALTHCHECK --interval=10s --retries=2 CMD ["/usr/local/bin/healthcheck", "http://127.0.0.1:8080/healthz", "30000"]');
    expect(parsedHealthcheck(text)).toEqual({ flags: ['--interval=10s', '--retries=2'], command: ['/usr/local/bin/healthcheck', 'http://127.0.0.1:8080/healthz', '30000'] });
    // Comments say what it does and that Kubernetes ignores it.
    expect(text).toContain('# Health check: HTTP GET http://127.0.0.1:8080/healthz by /usr/local/bin/healthcheck (--interval=10s --retries=2).');
    expect(text).toContain('Kubernetes ignores HEALTHCHECK');
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('the probe stage: FROM the builder image, static for scratch, source written with printf, no heredoc', () => {
    const text = render({ runtime: Runtime.SCRATCH, ports: [8080], healthcheck: Healthcheck.http() });
    const probe = stageLines(text, 'healthcheck-probe');
    expect(probe[0]).toBe('FROM rust:1.95-bookworm AS healthcheck-probe');
    expect(probe[1]).toBe('WORKDIR /probe');
    expect(probe[2]).toMatch(/^RUN printf '%s\\n' '\/\/ healthcheck: /);
    expect(probe[2]).toMatch(/> healthcheck\.rs && rustc -C opt-level=s -C panic=abort -C link-arg=-s -C target-feature=\+crt-static -o healthcheck healthcheck\.rs$/);
    expect(text).not.toMatch(/<</);
    // Stage order: the runtime-libraries script, builder, probe, runtime.
    expect(dockerfileModel(planImage(ws, { runtime: Runtime.SCRATCH, ports: [8080], healthcheck: Healthcheck.http() })).stages.map((s) => s.name))
      .toEqual(['runtime-libraries', 'builder', 'healthcheck-probe', 'runtime']);
  });

  test.each([
    ['debian-slim', Runtime.DEBIAN_SLIM, false, false],
    ['distroless-cc', Runtime.DISTROLESS_CC, false, false],
    ['distroless-static', Runtime.DISTROLESS_STATIC, true, false],
    ['alpine', Runtime.ALPINE, false, true],
  ])('%s: the probe is linked like the binary', (_name, runtime, crtStatic, musl) => {
    const text = render({ runtime, ports: [80], healthcheck: Healthcheck.http({ path: '/' }) });
    const probe = stageLines(text, 'healthcheck-probe');
    expect(probe.join('\n').includes('target-feature=+crt-static')).toBe(crtStatic);
    expect(probe.includes('RUN apk add --no-cache musl-dev')).toBe(musl);
    expect(probe[0]).toBe(`FROM ${musl ? 'rust:1.95-alpine' : 'rust:1.95-bookworm'} AS healthcheck-probe`);
    expect(parsedHealthcheck(text).command).toEqual(['/usr/local/bin/healthcheck', 'http://127.0.0.1:80/', '30000']);
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('an explicit static linking on debian-slim builds a static probe too; the timeout reaches the probe in ms', () => {
    const text = render({ linking: Linking.STATIC_GLIBC, ports: [80], healthcheck: Healthcheck.http({ timeout: '1.5s', startPeriod: '1m' }) });
    expect(stageLines(text, 'healthcheck-probe').join('\n')).toContain('+crt-static');
    expect(parsedHealthcheck(text)).toEqual({ flags: ['--timeout=1.5s', '--start-period=1m'], command: ['/usr/local/bin/healthcheck', 'http://127.0.0.1:80/healthz', '1500'] });
  });

  test('a path with URL characters stays one JSON string: no injection into the exec form or the URL', () => {
    const text = render({ ports: [8080], healthcheck: Healthcheck.http({ path: '/h?a=1&b=$x\'(y)*,;=:@%2F~' }) });
    expect(parsedHealthcheck(text).command).toEqual(['/usr/local/bin/healthcheck', 'http://127.0.0.1:8080/h?a=1&b=$x\'(y)*,;=:@%2F~', '30000']);
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('rendering is deterministic', () => {
    const options = { runtime: Runtime.SCRATCH, ports: [8080], healthcheck: Healthcheck.http() };
    expect(render(options)).toBe(render(options));
  });

  test('no option: no probe stage and no HEALTHCHECK', () => {
    const text = render({ ports: [8080] });
    expect(text).not.toContain('HEALTHCHECK');
    expect(text).not.toContain('healthcheck-probe');
  });
});

describe('Healthcheck.command() and NONE', () => {
  test('a command is HEALTHCHECK CMD in exec form, no probe stage', () => {
    const text = render({ runtime: Runtime.DISTROLESS_CC, healthcheck: Healthcheck.command(['/usr/local/bin/svc', '--check', 'a "quoted" $word'], { interval: '1m' }) });
    expect(parsedHealthcheck(text)).toEqual({ flags: ['--interval=1m'], command: ['/usr/local/bin/svc', '--check', 'a "quoted" $word'] });
    expect(text).not.toContain('healthcheck-probe');
    expect(text).toContain('# Health check: command ["/usr/local/bin/svc","--check","a \\"quoted\\" $word"] (--interval=1m).');
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('NONE is HEALTHCHECK NONE', () => {
    const text = render({ healthcheck: Healthcheck.NONE });
    expect(stageLines(text, 'runtime')).toContain('HEALTHCHECK NONE');
    expect(parsedHealthcheck(text).command).toBe('NONE');
    expect(lintDockerfile(text)).toEqual([]);
  });
});

describe('workspace images', () => {
  const two = fakeWorkspace([
    fakePackage({ name: 'api', dir: 'crates/api' }),
    fakePackage({ name: 'healthcheck-probe', dir: 'crates/probe' }),
    fakePackage({ name: 'worker', dir: 'crates/worker' }),
  ]);

  function renderWs(options: RustWorkspaceImagesOptions): string {
    return renderWorkspaceDockerfile(planWorkspaceImages(two, { syntaxDirective: false, ...options }));
  }

  test('one probe stage for every image with Healthcheck.http(), named apart from the targets', () => {
    const text = renderWs({
      runtime: Runtime.SCRATCH,
      ports: [8080],
      healthcheck: Healthcheck.http(),
      binaries: { worker: { healthcheck: Healthcheck.command(['/usr/local/bin/worker', 'ping']) } },
    });
    expect(text.match(/^FROM .* AS healthcheck-probe-2$/gm)).toHaveLength(1);
    for (const target of ['api', 'healthcheck-probe']) {
      expect(stageLines(text, target)).toContain('COPY --from=healthcheck-probe-2 /probe/healthcheck /usr/local/bin/healthcheck');
      expect(parsedHealthcheck(text, target).command).toEqual(['/usr/local/bin/healthcheck', 'http://127.0.0.1:8080/healthz', '30000']);
    }
    expect(parsedHealthcheck(text, 'worker').command).toEqual(['/usr/local/bin/worker', 'ping']);
    expect(stageLines(text, 'worker').join('\n')).not.toContain('healthcheck-probe');
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('no image with Healthcheck.http(): no probe stage', () => {
    const text = renderWs({ healthcheck: Healthcheck.NONE });
    expect(text).not.toMatch(/AS healthcheck-probe-2/);
    expect(text.match(/^HEALTHCHECK NONE$/gm)).toHaveLength(3);
  });
});

describe('the probe source', () => {
  test('holds no single quote, backtick or ${, so each line is one plain single-quoted shell word', () => {
    expect(PROBE_SOURCE).not.toMatch(/['`]|\$\{/);
    expect(PROBE_SOURCE.endsWith('\n')).toBe(true);
  });

  test('the RUN writes exactly PROBE_SOURCE (the printf run by sh)', () => {
    const stage = probeStage({ builderImage: 'rust:1.95-bookworm', linking: Linking.DYNAMIC_GLIBC });
    const run = stage.instructions.find((i) => i.keyword === 'RUN')!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-probe-'));
    try {
      const result = spawnSync('sh', ['-c', run.args[0]], { cwd: dir, encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'healthcheck.rs'), 'utf8')).toBe(PROBE_SOURCE.trimEnd() + '\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the probe stage renders lint-clean on its own', () => {
    const text = renderDockerfile({ header: [], stages: [probeStage({ builderImage: 'rust:1.95-alpine', linking: Linking.STATIC_MUSL })] });
    expect(lintDockerfile(text)).toEqual([]);
  });
});
