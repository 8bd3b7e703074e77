import type { RustDockerImageOptions } from '../../src';
import { renderImageDockerfile } from '../../src/dockerfile/dockerfile';
import { planImage } from '../../src/plan/plan';
import { Runtime } from '../../src/plan/runtime';
import { lintDockerfile, stageLines } from '../support/dockerfile-lint';
import { fakePackage, fakeWorkspace } from '../support/fake-workspace';

const ws = fakeWorkspace([fakePackage({ name: 'hello-service', version: '1.2.3' })]);

function render(options: RustDockerImageOptions = {}): string {
  return renderImageDockerfile(planImage(ws, options));
}

/** Every `FROM ... AS <name>` of a Dockerfile, in order. */
function stageNames(text: string): string[] {
  return [...text.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]);
}

const TINI_COPY = 'COPY --from=tini /usr/bin/tini-static /usr/bin/tini-static';
const TINI_ENTRYPOINT = 'ENTRYPOINT ["/usr/bin/tini-static", "--", "/usr/local/bin/hello-service"]';

describe('init: tini as PID 1', () => {
  test('without init (the default): no tini stage, the binary is the entrypoint, no STOPSIGNAL', () => {
    const text = render();
    expect(stageNames(text)).toEqual(['runtime-libraries', 'builder', 'runtime']);
    expect(text).not.toMatch(/tini|STOPSIGNAL/);
    expect(stageLines(text, 'runtime')).toContain('ENTRYPOINT ["/usr/local/bin/hello-service"]');
  });

  test('the tini stage installs Debian\'s tini package (which ships the static build) and keeps no apt lists', () => {
    const text = render({ init: true });
    expect(stageNames(text)).toEqual(['runtime-libraries', 'builder', 'tini', 'runtime']);
    expect(stageLines(text, 'tini')).toEqual([
      'FROM debian:bookworm-slim AS tini',
      'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*',
    ]);
  });

  test.each([
    ['debian-slim', Runtime.DEBIAN_SLIM, '10001:10001'],
    ['distroless-cc', Runtime.DISTROLESS_CC, '65532:65532'],
    ['distroless-static', Runtime.DISTROLESS_STATIC, '65532:65532'],
    ['scratch', Runtime.SCRATCH, '10001:10001'],
    // Debian's static tini needs no C library, so it runs on musl too (no apk step for it).
    ['alpine', Runtime.ALPINE, '10001:10001'],
  ])('%s: static tini copied before the binary, runs as the image user, execs the binary', (_name, runtime, user) => {
    const text = render({ runtime, init: true });
    const stage = stageLines(text, 'runtime');
    expect(stage[0]).toBe(`FROM ${runtime.image} AS runtime`);
    const tini = stage.indexOf(TINI_COPY);
    const binary = stage.indexOf('COPY --from=builder /usr/local/bin/hello-service /usr/local/bin/hello-service');
    expect(tini).toBeGreaterThan(0);
    expect(binary).toBeGreaterThan(tini);
    // tini runs as the image's user like the binary would: USER comes before the ENTRYPOINT.
    expect(stage.indexOf(`USER ${user}`)).toBeGreaterThan(binary);
    expect(stage[stage.length - 1]).toBe(TINI_ENTRYPOINT);
    expect(stage.filter((l) => l.includes('tini'))).toEqual([TINI_COPY, TINI_ENTRYPOINT]);
    expect(text).not.toMatch(/apk add[^\n]*tini/);
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('user 0: tini and the binary run as root, no USER line', () => {
    const stage = stageLines(render({ user: '0', allowSystemUser: true, init: true }), 'runtime');
    expect(stage.some((l) => l.startsWith('USER'))).toBe(false);
    expect(stage).toContain(TINI_ENTRYPOINT);
  });

  test('args stay the CMD, appended after the binary', () => {
    const stage = stageLines(render({ init: true, args: ['--port', '8080'] }), 'runtime');
    expect(stage.slice(-2)).toEqual([TINI_ENTRYPOINT, 'CMD ["--port", "8080"]']);
  });

  test('init: false is the default', () => {
    expect(render({ init: false })).toBe(render());
  });
});

describe('stopSignal: STOPSIGNAL', () => {
  test.each(['SIGINT', 'SIGQUIT', 'SIGRTMIN+3', 'SIGRTMAX-1', '9', '64'])('%s is written as given, right before the ENTRYPOINT', (signal) => {
    const text = render({ stopSignal: signal });
    const stage = stageLines(text, 'runtime');
    expect(stage.slice(-2)).toEqual([`STOPSIGNAL ${signal}`, 'ENTRYPOINT ["/usr/local/bin/hello-service"]']);
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('with init on scratch: STOPSIGNAL and tini together (tini passes the signal on)', () => {
    const text = render({ runtime: Runtime.SCRATCH, init: true, stopSignal: 'SIGINT' });
    expect(stageLines(text, 'runtime').slice(-2)).toEqual(['STOPSIGNAL SIGINT', TINI_ENTRYPOINT]);
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('rendering is deterministic', () => {
    const options = { runtime: Runtime.DISTROLESS_CC, init: true, stopSignal: 'SIGQUIT', ports: [8080] };
    expect(render(options)).toBe(render(options));
  });
});
