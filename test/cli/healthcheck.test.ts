import { cleanupTemps, lockedFixture, plan, planJson } from './support';

afterAll(cleanupTemps);

describe('--healthcheck-http', () => {
  test('the report says the health check and the probe\'s stage of each image', () => {
    const dir = lockedFixture('single-crate');
    const { code, report } = planJson(['--runtime', 'scratch', '--ports', '8080', '--healthcheck-http', '/ready'], dir);
    expect(code).toBe(0);
    expect(report.options).toEqual({ runtime: 'scratch', ports: ['8080'], healthcheck: '/ready' });
    expect(report.stages.map((s) => s.name)).toEqual(['runtime-libraries', 'builder', 'healthcheck-probe', 'runtime']);
    expect(report.stages[1].from).toBe(report.builder!.image);
    expect(report.images[0]).toMatchObject({
      stage: 'runtime',
      healthcheck: 'HTTP GET http://127.0.0.1:8080/ready by /usr/local/bin/healthcheck',
      healthcheckProbeStage: 'healthcheck-probe',
    });
    expect(planJson([], dir).report.images[0]).toMatchObject({ healthcheck: null, healthcheckProbeStage: null });
  });

  test('the summary has a Health line', () => {
    const dir = lockedFixture('single-crate');
    const { code, out } = plan(['--ports=9000', '--healthcheck-http=/healthz'], dir);
    expect(code).toBe(0);
    expect(out).toMatch(/^ {2}Health: {3}HTTP GET http:\/\/127\.0\.0\.1:9000\/healthz by \/usr\/local\/bin\/healthcheck$/m);
    expect(out).toContain('FROM rust:1.95-bookworm AS healthcheck-probe');
    expect(plan([], dir).out).not.toContain('Health:');
  });

  test('workspace images: one line per image', () => {
    const dir = lockedFixture('virtual-globs');
    const { code, out } = plan(['--workspace', '--ports', '8080', '--healthcheck-http', '/healthz'], dir);
    expect(code).toBe(0);
    expect(out).toMatch(/^ {2}Health: {3}api: HTTP GET http:\/\/127\.0\.0\.1:8080\/healthz by \/usr\/local\/bin\/healthcheck$/m);
  });

  test('a bad path is bad usage naming the flag; without ports, planning fails like synthesis', () => {
    const dir = lockedFixture('single-crate');
    for (const path of ['healthz', '/a b', '/a"]', '/x\r\nHost: evil']) {
      const bad = plan(['--healthcheck-http', path, '--ports', '80'], dir);
      expect(bad.code).toBe(2);
      expect(bad.err.split('\n')[0]).toMatch(/^projen-rust-docker plan: --healthcheck-http: Healthcheck\.http\(\): option 'path' is ".*", which is not a URL path/);
    }
    expect(plan(['--healthcheck-http'], dir).err).toMatch(/--healthcheck-http needs a value \(PATH\)\./);
    const noPorts = plan(['--healthcheck-http', '/healthz'], dir);
    expect(noPorts.code).toBe(1);
    expect(noPorts.err).toContain('option \'healthcheck\' is Healthcheck.http() for \'/healthz\' without a port');
  });

  test('the usage text lists the flag', () => {
    const dir = lockedFixture('single-crate');
    expect(plan(['--help'], dir).out).toMatch(/--healthcheck-http PATH +HEALTHCHECK: an HTTP GET of PATH/);
  });
});
