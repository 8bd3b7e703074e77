import * as YAML from 'yaml';
import { actionlint, githubProject, readText, readWorkflow, step, synthWorkflow, shellcheck, withShellcheck } from './support';
import type { DockerWorkflowOptions, RustDockerImageOptions } from '../../src';
import { Healthcheck, Runtime, RustDockerImage, RustWorkspaceImages, Smoke } from '../../src';
import { healthWait } from '../../src/ci/health-wait';
import { workspaceProject } from '../workspace/support';

function smokeStep(image: RustDockerImageOptions, workflow: DockerWorkflowOptions = {}): any {
  const { dir } = synthWorkflow(workflow, image);
  return step(readWorkflow(dir).jobs.build, 'Smoke test');
}

function gitlabScript(image: RustDockerImageOptions, workflow: DockerWorkflowOptions = {}): string[] {
  const project = githubProject();
  new RustDockerImage(project, { ...image, workflow: { ...workflow, gitlab: true, github: false } });
  project.synth();
  return YAML.parse(readText(project.outdir, '.gitlab-ci.yml'))['docker-build'].script;
}

describe('the deadline', () => {
  test('start period plus one check more than the retries, each interval and timeout, plus 10 s', () => {
    expect(healthWait(undefined)).toBeUndefined();
    expect(healthWait({ kind: 'none' })).toBeUndefined();
    const timing = { flags: [], intervalMs: 30_000, timeoutMs: 30_000, startPeriodMs: 0, retries: 3 };
    expect(healthWait({ kind: 'command', command: ['x'], timing })).toEqual({ seconds: 250 });
    expect(healthWait({ kind: 'command', command: ['x'], timing: { ...timing, intervalMs: 1000, timeoutMs: 500, startPeriodMs: 5000, retries: 1 } })).toEqual({ seconds: 18 });
  });
});

describe('GitHub smoke test with a health check', () => {
  test('the HTTP smoke test is followed by a wait for healthy, with a deadline, and the step has time for it', () => {
    const smoke = smokeStep({ ports: [8080], healthcheck: Healthcheck.http({ interval: '5s', timeout: '2s', retries: 2 }) });
    const lines: string[] = smoke.run.split('\n');
    expect(lines[0]).toBe('docker run --detach --name smoke --publish 127.0.0.1:8080:8080 local/docker:ci');
    expect(lines.findIndex((l) => l.startsWith('curl '))).toBeLessThan(lines.indexOf('deadline=$((SECONDS + 31))'));
    expect(smoke.run).toContain('state=$(docker inspect --format \'{{.State.Status}}/{{.State.Health.Status}}\' smoke)');
    expect(smoke.run).toContain('while [ "$state" != running/healthy ]; do');
    expect(smoke.run).toContain('docker inspect --format \'{{json .State.Health}}\' smoke');
    expect(smoke.run).not.toContain('${{');
    expect(smoke['timeout-minutes']).toBe(5);
  });

  test('Docker\'s default timing gives a 250 s deadline and an 8-minute step', () => {
    const smoke = smokeStep({ ports: [8080], healthcheck: Healthcheck.http() });
    expect(smoke.run).toContain('deadline=$((SECONDS + 250))');
    expect(smoke['timeout-minutes']).toBe(8);
  });

  test('an image with a health check and no ports: the default smoke test only waits for healthy', () => {
    const smoke = smokeStep({ runtime: Runtime.DEBIAN_SLIM, healthcheck: Healthcheck.command(['/usr/local/bin/svc', '--health'], { interval: '1s' }) });
    const lines: string[] = smoke.run.split('\n');
    expect(lines[0]).toBe('docker run --detach --name smoke local/docker:ci');
    expect(lines).toContain('deadline=$((SECONDS + 134))');
    expect(smoke.run).not.toContain('curl');
  });

  test('Smoke.NONE, Smoke.command and HEALTHCHECK NONE do not wait', () => {
    const none = readWorkflow(synthWorkflow({ smoke: Smoke.NONE }, { ports: [8080], healthcheck: Healthcheck.http() }).dir).jobs.build;
    expect(none.steps.map((s: any) => s.name)).not.toContain('Smoke test');
    expect(smokeStep({ healthcheck: Healthcheck.http({ port: 80 }) }, { smoke: Smoke.command(['--version']) }).run).not.toContain('Health');
    const off = smokeStep({ ports: [8080], healthcheck: Healthcheck.NONE });
    expect(off.run).not.toContain('Health.Status');
    expect(off['timeout-minutes']).toBe(5);
    // No health check and no ports: still no smoke test.
    expect(readWorkflow(synthWorkflow({}, {}).dir).jobs.build.steps.map((s: any) => s.name)).not.toContain('Smoke test');
  });

  test('the workflow passes actionlint', async () => {
    for (const image of [{ ports: [8080], healthcheck: Healthcheck.http() }, { healthcheck: Healthcheck.command(['true']) }]) {
      const { dir } = synthWorkflow({}, image);
      expect(await actionlint(readText(dir, '.github/workflows/docker.yml'), 'docker.yml')).toEqual([]);
    }
  });

  withShellcheck('the scripts pass shellcheck (bash)', () => {
    for (const image of [{ ports: [8080], healthcheck: Healthcheck.http() }, { healthcheck: Healthcheck.command(['true']) }]) {
      expect(shellcheck(smokeStep(image).run, 'bash')).toBe('');
    }
  });
});

describe('GitLab smoke test with a health check', () => {
  test('the HTTP check, then the wait for healthy, the logs, and the verdicts', () => {
    const script = gitlabScript({ ports: [8080], healthcheck: Healthcheck.http({ interval: '5s', timeout: '2s', retries: 2 }) });
    const wait = script.findIndex((l) => l.startsWith('state=""; if [ -n "$ok" ]; then for _ in $(seq 1 16); do'));
    expect(wait).toBeGreaterThan(script.findIndex((l) => l.startsWith('ok=""; for _ in')));
    expect(script[wait + 1]).toBe('docker logs smoke; docker rm --force smoke > /dev/null');
    expect(script[script.length - 1]).toBe('test -z "$ok" || [ "$state" = running/healthy ] || { echo "smoke test failed: the container did not become healthy within 31 s (state: $state)"; exit 1; }');
  });

  test('no ports: run detached and wait', () => {
    const script = gitlabScript({ healthcheck: Healthcheck.command(['true'], { interval: '2s', timeout: '1s', retries: 1 }) });
    expect(script.slice(1)).toEqual([
      'docker run --detach --name smoke "$LOCAL_IMAGE"',
      'ok=1; state=""; if [ -n "$ok" ]; then for _ in $(seq 1 8); do state=$(docker inspect --format \'{{.State.Status}}/{{.State.Health.Status}}\' smoke); ' +
        'if [ "$state" != running/starting ]; then break; fi; sleep 2; done; if [ "$state" != running/healthy ]; then docker inspect --format \'{{json .State.Health}}\' smoke; fi; fi',
      'docker logs smoke; docker rm --force smoke > /dev/null',
      'test -z "$ok" || [ "$state" = running/healthy ] || { echo "smoke test failed: the container did not become healthy within 16 s (state: $state)"; exit 1; }',
    ]);
  });

  withShellcheck('the scripts pass shellcheck (sh)', () => {
    for (const image of [{ ports: [8080], healthcheck: Healthcheck.http() }, { healthcheck: Healthcheck.command(['true']) }]) {
      expect(shellcheck(gitlabScript(image).join('\n') + '\n', 'sh')).toBe('');
    }
  });
});

describe('workspace images', () => {
  test('each image\'s smoke step waits for its own health check', async () => {
    const project = workspaceProject(['api', 'worker']);
    new RustWorkspaceImages(project, {
      ports: [8080],
      healthcheck: Healthcheck.http(),
      binaries: { worker: { ports: [], healthcheck: Healthcheck.NONE } },
    });
    project.synth();
    const text = readText(project.outdir, '.github/workflows/docker.yml');
    const build = YAML.parse(text).jobs.build;
    expect(step(build, 'Smoke test api').run).toContain('deadline=$((SECONDS + 250))');
    expect(step(build, 'Smoke test api')['timeout-minutes']).toBe(8);
    expect(build.steps.map((s: any) => s.name)).not.toContain('Smoke test worker');
    expect(await actionlint(text, 'docker.yml')).toEqual([]);
  });
});
