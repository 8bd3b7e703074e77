import type { RustDockerImageOptions } from '../../src';
import { Healthcheck, HealthcheckKind, Runtime } from '../../src';
import { durationMs, planHealthcheck } from '../../src/plan/healthcheck-rules';
import { planImage } from '../../src/plan/plan';
import { validateOptions } from '../../src/plan/validate';
import { planWorkspaceImages } from '../../src/workspace/plan';
import { validateWorkspaceOptions } from '../../src/workspace/validate';
import { caught } from '../support/errors';
import { fakePackage, fakeWorkspace } from '../support/fake-workspace';

const ws = fakeWorkspace([fakePackage({ name: 'svc' })]);

/** Options as untyped JavaScript configuration may give them. */
function untyped(value: unknown): any {
  return value;
}

describe('Healthcheck factories', () => {
  test('http(): /healthz by default, no port, no timing', () => {
    const check = Healthcheck.http();
    expect(check.kind).toBe(HealthcheckKind.HTTP);
    expect([check.path, check.port, check.interval, check.timeout, check.startPeriod, check.retries]).toEqual(['/healthz', undefined, undefined, undefined, undefined, undefined]);
    expect(check.commandLine).toEqual([]);
  });

  test('http() keeps path, port and timing', () => {
    const check = Healthcheck.http({ path: '/ready?full=1', port: 9000, interval: '5s', timeout: '1500ms', startPeriod: '1m30s', retries: 5 });
    expect([check.path, check.port, check.interval, check.timeout, check.startPeriod, check.retries]).toEqual(['/ready?full=1', 9000, '5s', '1500ms', '1m30s', 5]);
  });

  test('command() copies the words, so later changes to the array do not leak in', () => {
    const words = ['/usr/local/bin/svc', 'health'];
    const check = Healthcheck.command(words, { retries: 1 });
    words.push('--evil');
    expect(check.kind).toBe(HealthcheckKind.COMMAND);
    expect(check.commandLine).toEqual(['/usr/local/bin/svc', 'health']);
    expect(check.retries).toBe(1);
  });

  test('NONE is a health check of kind none', () => {
    expect(Healthcheck.NONE.kind).toBe(HealthcheckKind.NONE);
  });

  test.each([
    ['a path without /', () => Healthcheck.http({ path: 'healthz' }), 'path', 'is "healthz", which is not a URL path'],
    ['a path with a space', () => Healthcheck.http({ path: '/a b' }), 'path', 'is "/a b", which is not a URL path'],
    ['a path with a quote (JSON exec form)', () => Healthcheck.http({ path: '/a"]' }), 'path', 'which is not a URL path'],
    ['a path with a backslash', () => Healthcheck.http({ path: '/a\\' }), 'path', 'which is not a URL path'],
    ['a path with a line break (HTTP request injection)', () => Healthcheck.http({ path: '/x\r\nHost: evil' }), 'path', 'is "/x\\r\\nHost: evil", which is not a URL path'],
    ['a path with a fragment', () => Healthcheck.http({ path: '/a#b' }), 'path', 'which is not a URL path'],
    ['a bare %', () => Healthcheck.http({ path: '/100%' }), 'path', 'which is not a URL path'],
    ['a path of another type', () => Healthcheck.http(untyped({ path: 7 })), 'path', 'is the number 7, not a string.'],
    ['port 0', () => Healthcheck.http({ port: 0 }), 'port', 'is 0, which is not a TCP port.'],
    ['a port as a string', () => Healthcheck.http(untyped({ port: '8080' })), 'port', 'is the string "8080", not a number.'],
    ['an interval without a unit', () => Healthcheck.http({ interval: '30' }), 'interval', 'is "30", which is not a Docker duration.'],
    ['an interval as a number', () => Healthcheck.http(untyped({ interval: 30 })), 'interval', 'is the number 30, not a string.'],
    ['a negative timeout', () => Healthcheck.http({ timeout: '-1s' }), 'timeout', 'is "-1s", which is not a Docker duration.'],
    ['a zero start period', () => Healthcheck.http({ startPeriod: '0s' }), 'startPeriod', 'is "0s", zero, which Docker reads as "use the default".'],
    ['less than 1ms', () => Healthcheck.http({ interval: '999us' }), 'interval', 'is "999us", less than 1ms, which Docker refuses.'],
    ['a Go duration with a µ', () => Healthcheck.http({ interval: '5µs' }), 'interval', 'is "5µs", which is not a Docker duration.'],
    ['an injected flag', () => Healthcheck.http({ interval: '5s --retries=1' }), 'interval', 'which is not a Docker duration.'],
    ['too long for Docker', () => Healthcheck.http({ interval: '3000000h' }), 'interval', 'longer than Docker can hold'],
    ['zero retries', () => Healthcheck.http({ retries: 0 }), 'retries', 'is 0, not a whole number of 1 or more.'],
    ['fractional retries', () => Healthcheck.http({ retries: 1.5 }), 'retries', 'is 1.5, not a whole number of 1 or more.'],
    ['retries as a string', () => Healthcheck.http(untyped({ retries: '3' })), 'retries', 'is the string "3", not a number.'],
    ['an empty command', () => Healthcheck.command([]), 'command', 'is empty.'],
    ['a blank program', () => Healthcheck.command([' ']), 'command[0]', 'the program\'s name is empty.'],
    ['a command word with a line break', () => Healthcheck.command(['/bin/x', 'a\nHEALTHCHECK NONE']), 'command[1]', 'contains a line break or another control character'],
    ['a command word that is no string', () => Healthcheck.command(untyped(['/bin/x', 1])), 'command[1]', 'is the number 1, not a string.'],
  ])('refuses %s, naming the factory and the field', (_name, fn, option, problem) => {
    const e = caught(fn);
    expect(e.component).toMatch(/^Healthcheck\.(http|command)\(\)$/);
    expect(e.option).toBe(option);
    expect(e.problem).toContain(problem);
    expect(e.fix).toBeTruthy();
  });

  test('command() refuses what is not a list, and options that are not an object', () => {
    expect(caught(() => Healthcheck.command(untyped('curl -f localhost'))).problem).toBe('the command is the string "curl -f localhost", not a list of strings.');
    expect(caught(() => Healthcheck.http(untyped('/healthz'))).problem).toBe('the options are the string "/healthz", not an object.');
  });
});

describe('durations', () => {
  test.each([
    ['30s', 30_000], ['1m30s', 90_000], ['1.5s', 1500], ['.5s', 500], ['500ms', 500], ['1h', 3_600_000], ['1000us', 1], ['2000000ns', 2], ['1h1m1s1ms', 3_661_001],
  ])('%s is %d ms', (text, ms) => {
    expect(durationMs(text)).toBeCloseTo(ms, 6);
  });

  test.each(['', '30', 's', '1.2.3s', '+5s', '-5s', '5 s', '5S', '5sec', '1d'])('%j is not a duration', (text) => {
    expect(durationMs(text)).toBeNaN();
  });
});

describe('the healthcheck option', () => {
  test('is validated on its own, with the option name', () => {
    const e = caught(() => validateOptions(untyped({ healthcheck: '/healthz' })));
    expect(e.option).toBe('healthcheck');
    expect(e.problem).toBe('is the string "/healthz", not a Healthcheck.');
  });

  test('a Healthcheck-like object (another copy of the library) is checked field by field', () => {
    const foreign = { kind: 'http', path: '/a b', commandLine: [] };
    const e = caught(() => validateOptions(untyped({ healthcheck: foreign })));
    expect(e.option).toBe('healthcheck.path');
    expect(() => validateOptions(untyped({ healthcheck: { kind: 'http', path: '/ok', commandLine: [] } }))).not.toThrow();
  });

  test('per binary in workspace images, the error names the binary', () => {
    const e = caught(() => validateWorkspaceOptions(untyped({ binaries: { api: { healthcheck: { kind: 'command', commandLine: [] } } } })));
    expect(e.option).toBe('binaries.api.healthcheck.command');
  });
});

describe('planning', () => {
  function plan(options: RustDockerImageOptions) {
    return planImage(ws, options).healthcheck;
  }

  test('no option: no health check', () => {
    expect(plan({ ports: [8080] })).toBeUndefined();
  });

  test('http() takes the first port, and Docker\'s defaults for the timing', () => {
    expect(plan({ ports: [8080, 9090], healthcheck: Healthcheck.http() })).toEqual({
      kind: 'http',
      port: 8080,
      path: '/healthz',
      url: 'http://127.0.0.1:8080/healthz',
      probePath: '/usr/local/bin/healthcheck',
      timing: { flags: [], intervalMs: 30_000, timeoutMs: 30_000, startPeriodMs: 0, retries: 3 },
    });
  });

  test('an explicit port needs no ports option; timing flags keep Docker\'s order', () => {
    const planned = plan({ healthcheck: Healthcheck.http({ port: 9000, retries: 2, startPeriod: '10s', timeout: '2s', interval: '5s' }) });
    expect(planned).toMatchObject({ port: 9000, url: 'http://127.0.0.1:9000/healthz' });
    expect(planned?.kind === 'http' && planned.timing).toEqual({ flags: ['--interval=5s', '--timeout=2s', '--start-period=10s', '--retries=2'], intervalMs: 5000, timeoutMs: 2000, startPeriodMs: 10_000, retries: 2 });
  });

  test('http() without a port on an image without ports fails at planning, naming the option', () => {
    expect(() => validateOptions({ healthcheck: Healthcheck.http() })).not.toThrow();
    const e = caught(() => planImage(ws, { healthcheck: Healthcheck.http() }));
    expect(e.option).toBe('healthcheck');
    expect(e.problem).toBe('is Healthcheck.http() for \'/healthz\' without a port, and the image of binary \'svc\' has no ports to take the first of.');
    expect(e.fix).toContain('Healthcheck.http({ port: 8080 })');
  });

  test('a binary named healthcheck keeps its path: the probe goes to healthcheck-probe', () => {
    const named = fakeWorkspace([fakePackage({ name: 'healthcheck' })]);
    const planned = planImage(named, { ports: [80], healthcheck: Healthcheck.http() }).healthcheck;
    expect(planned?.kind === 'http' && planned.probePath).toBe('/usr/local/bin/healthcheck-probe');
  });

  test('commands: any program on debian-slim, absolute paths on shell-less runtimes', () => {
    expect(plan({ healthcheck: Healthcheck.command(['pgrep', 'svc']) })).toMatchObject({ kind: 'command', command: ['pgrep', 'svc'] });
    expect(plan({ runtime: Runtime.SCRATCH, healthcheck: Healthcheck.command(['/usr/local/bin/svc', '--health']) })).toMatchObject({ kind: 'command' });
    for (const runtime of [Runtime.SCRATCH, Runtime.DISTROLESS_CC, Runtime.DISTROLESS_STATIC, Runtime.custom('example.com/base:1', { like: Runtime.SCRATCH })]) {
      const relative = caught(() => plan({ runtime, healthcheck: Healthcheck.command(['svc', '--health']) }));
      expect(relative.option).toBe('healthcheck');
      expect(relative.problem).toContain('has no shell');
      for (const program of ['/bin/sh', '/usr/bin/curl', 'wget']) {
        expect(caught(() => plan({ runtime, healthcheck: Healthcheck.command([program, '-c', 'true']) })).option).toBe('healthcheck');
      }
    }
  });

  test('NONE plans as none', () => {
    expect(plan({ healthcheck: Healthcheck.NONE })).toEqual({ kind: 'none' });
  });

  test('planHealthcheck is pure: the same input gives equal plans', () => {
    const check = Healthcheck.http({ interval: '1s' });
    expect(planHealthcheck(check, [1], Runtime.SCRATCH, 'x')).toEqual(planHealthcheck(check, [1], Runtime.SCRATCH, 'x'));
  });
});

describe('workspace images: per-binary semantics', () => {
  const two = fakeWorkspace([fakePackage({ name: 'api', dir: 'crates/api' }), fakePackage({ name: 'worker', dir: 'crates/worker' })]);

  test('the workspace-wide health check applies to every binary; a binary replaces it or turns it off', () => {
    const plan = planWorkspaceImages(two, {
      ports: [8080],
      healthcheck: Healthcheck.http(),
      binaries: { worker: { healthcheck: Healthcheck.NONE } },
    });
    expect(plan.images.map((i) => [i.target, i.plan.healthcheck?.kind])).toEqual([['api', 'http'], ['worker', 'none']]);
  });

  test('a binary\'s own port list decides its default probe port', () => {
    const plan = planWorkspaceImages(two, { ports: [8080], healthcheck: Healthcheck.http(), binaries: { worker: { ports: [9000] } } });
    expect(plan.images.map((i) => i.plan.healthcheck?.kind === 'http' && i.plan.healthcheck.port)).toEqual([8080, 9000]);
  });

  test('a binary without ports fails with the binary named', () => {
    const binaries = { api: { ports: [8080], healthcheck: Healthcheck.http() }, worker: { healthcheck: Healthcheck.http() } };
    const e = caught(() => planWorkspaceImages(two, { binaries }));
    expect(e.option).toBe('healthcheck');
    expect(e.problem).toContain('the image of binary \'worker\' has no ports');
  });
});
