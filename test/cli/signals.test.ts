import { cleanupTemps, lockedFixture, plan, planJson } from './support';

afterAll(cleanupTemps);

describe('--init and --stop-signal', () => {
  test('the report names the tini stage and the stop signal of each image', () => {
    const dir = lockedFixture('single-crate');
    const { code, report } = planJson(['--runtime', 'scratch', '--init', '--stop-signal', 'SIGINT'], dir);
    expect(code).toBe(0);
    expect(report.options).toEqual({ runtime: 'scratch', init: true, stopSignal: 'SIGINT' });
    expect(report.stages.map((s) => s.name)).toEqual(['runtime-libraries', 'builder', 'tini', 'runtime']);
    expect(report.images[0]).toMatchObject({ stage: 'runtime', init: 'tini', stopSignal: 'SIGINT' });
    expect(planJson([], dir).report.images[0]).toMatchObject({ init: null, stopSignal: null });
  });

  test('the summary says the binary runs under tini, with its stop signal', () => {
    const dir = lockedFixture('single-crate');
    const { code, out } = plan(['--init', '--stop-signal=SIGQUIT'], dir);
    expect(code).toBe(0);
    expect(out).toMatch(/^ {2}Runtime: {2}debian-slim \(debian:bookworm-slim\), user 10001, no ports, under tini, stop signal SIGQUIT$/m);
    expect(out).toContain('FROM debian:bookworm-slim AS tini');
  });

  test('a bad signal is bad usage naming the flag and the fix; --init takes no value', () => {
    const dir = lockedFixture('single-crate');
    const bad = plan(['--stop-signal', 'term'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err.split('\n')[0]).toBe('projen-rust-docker plan: --stop-signal: option \'stopSignal\' is "term", not a signal name as the kernel spells it. Write it as "SIGTERM".');
    expect(plan(['--init=yes'], dir).err).toMatch(/--init takes no value/);
    expect(plan(['--stop-signal'], dir).err).toMatch(/--stop-signal needs a value \(SIGNAL\)\./);
  });
});
