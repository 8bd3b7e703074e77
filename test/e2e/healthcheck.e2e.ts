/**
 * Health checks in a real engine: the std-only HTTP fixture (it answers `/healthz` with 200)
 * with `Healthcheck.http()` on debian-slim and on scratch (no shell, no curl: the probe
 * compiled in the probe stage does the GET) becomes `healthy`; the same service whose
 * `/healthz` answers 500 becomes `unhealthy`; and `Healthcheck.command()` on scratch runs the
 * binary itself in exec form. Times are recorded as numbers (seconds until the status).
 */
import type { RustDockerImageOptions } from '../../src';
import { Healthcheck, Runtime } from '../../src';
import type { Service } from './support/docker';
import { dockerOk, listFiles, startService } from './support/docker';
import { copyFixture, editFile, synthesize } from './support/fixture';
import { waitForHttp } from './support/http';
import { forbiddenEntries } from './support/image-checks';
import { buildTwice } from './support/measure';
import type { Recorder } from './support/report';
import { variant } from './support/report';
import { describeE2E } from './support/suite';

/** Fast timing, so that the suite waits seconds, not Docker's default 30 s per check. */
const FAST = { interval: '1s', timeout: '3s', retries: 2 };

/** Seconds Docker needs at most: the start, then one check more than the retries (interval + timeout each), and slack. */
const DEADLINE_MS = 60_000;

interface HealthState {
  readonly status: string;
  readonly seconds: number;
  /** The outputs of the last checks (what the probe printed). */
  readonly outputs: string[];
  readonly failingStreak: number;
}

/** Polls `docker inspect` until the container's health status is `want` (or the deadline passes). */
async function waitForHealth(service: Service, want: 'healthy' | 'unhealthy'): Promise<HealthState> {
  const start = Date.now();
  let last: HealthState = { status: 'not inspected', seconds: 0, outputs: [], failingStreak: 0 };
  while (Date.now() - start < DEADLINE_MS) {
    const [state] = JSON.parse(await dockerOk(['inspect', service.container])) as any[];
    const health = state.State.Health ?? {};
    last = {
      status: `${state.State.Status}/${health.Status}`,
      seconds: (Date.now() - start) / 1000,
      outputs: (health.Log ?? []).map((l: { Output: string; ExitCode: number }) => `${l.ExitCode}: ${l.Output.trim()}`),
      failingStreak: health.FailingStreak ?? 0,
    };
    if (health.Status === want || state.State.Status !== 'running') {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return last;
}

/** The image's HEALTHCHECK as the engine stored it. */
async function imageHealthcheck(tag: string): Promise<{ Test: string[]; Interval?: number; Timeout?: number; Retries?: number }> {
  const [info] = JSON.parse(await dockerOk(['image', 'inspect', tag])) as any[];
  return info.Config.Healthcheck;
}

/** Builds the fixture with the options, checks the probe is in the image (and no toolchain or sources are), starts it. */
async function buildAndStart(
  recorder: Recorder,
  slug: string,
  options: RustDockerImageOptions,
  edit?: (dir: string) => void,
): Promise<{ tag: string; service: Service }> {
  const dir = copyFixture('http-service', slug);
  edit?.(dir);
  synthesize(dir, [{ ports: [8080], ...options }]);
  const { tag } = await buildTwice(recorder, dir, `healthcheck-${slug}`);
  const entries = await listFiles(tag);
  expect(forbiddenEntries(entries)).toEqual([]);
  const probe = entries.find((e) => e.path === 'usr/local/bin/healthcheck');
  if (options.healthcheck?.kind === 'http') {
    expect(probe?.type).toBe('-');
    recorder.note('probe KiB', Math.round((probe?.size ?? 0) / 1024));
  } else {
    expect(probe).toBeUndefined();
  }
  const service = await startService(tag);
  return { tag, service };
}

describeE2E('health checks: the http-service fixture', () => {
  for (const [name, slug, runtime] of [['debian-slim', 'debian-slim', undefined], ['scratch', 'scratch', Runtime.SCRATCH]] as const) {
    variant(`Healthcheck.http() on ${name}: healthy`, async (recorder) => {
      const { tag, service } = await buildAndStart(recorder, slug, { ...(runtime ? { runtime } : {}), healthcheck: Healthcheck.http(FAST) });
      expect(await imageHealthcheck(tag)).toMatchObject({
        Test: ['CMD', '/usr/local/bin/healthcheck', 'http://127.0.0.1:8080/healthz', '3000'],
        Interval: 1_000_000_000,
        Timeout: 3_000_000_000,
        Retries: 2,
      });
      expect(await waitForHttp(`${service.url}/healthz`)).toBe('ok\n');
      const health = await waitForHealth(service, 'healthy');
      recorder.note('seconds to healthy', health.seconds);
      expect(health.status).toBe('running/healthy');
      expect(health.outputs[health.outputs.length - 1]).toBe('0: HTTP/1.1 200 OK');
    });
  }

  variant('Healthcheck.http() on scratch, /healthz answers 500: unhealthy', async (recorder) => {
    const { service } = await buildAndStart(recorder, 'scratch-500', { runtime: Runtime.SCRATCH, healthcheck: Healthcheck.http(FAST) }, (dir) =>
      editFile(dir, 'src/main.rs', '"/healthz" => ("200 OK", "ok\\n".to_string()),', '"/healthz" => ("500 Internal Server Error", "failing\\n".to_string()),'));
    // The service itself is up: only its health check fails.
    expect(await waitForHttp(`${service.url}/`)).toBe('hello from e2e-http 0.3.1\n');
    const health = await waitForHealth(service, 'unhealthy');
    recorder.note('seconds to unhealthy', health.seconds);
    expect(health.status).toBe('running/unhealthy');
    expect(health.failingStreak).toBeGreaterThanOrEqual(2);
    expect(health.outputs[health.outputs.length - 1]).toBe('1: HTTP/1.1 500 Internal Server Error');
  });

  variant('Healthcheck.command() on scratch: the binary itself, in exec form, healthy', async (recorder) => {
    const { tag, service } = await buildAndStart(recorder, 'scratch-command', {
      runtime: Runtime.SCRATCH,
      healthcheck: Healthcheck.command(['/usr/local/bin/e2e-http', '--version'], { interval: '1s', retries: 2 }),
    });
    expect((await imageHealthcheck(tag)).Test).toEqual(['CMD', '/usr/local/bin/e2e-http', '--version']);
    const health = await waitForHealth(service, 'healthy');
    recorder.note('seconds to healthy', health.seconds);
    expect(health.status).toBe('running/healthy');
    expect(health.outputs[health.outputs.length - 1]).toBe('0: e2e-http 0.3.1');
  });
});
