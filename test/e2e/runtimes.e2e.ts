/**
 * The std-only HTTP fixture on each glibc runtime: it answers over HTTP on a published
 * loopback port, reports its own uid, and its image holds only the binary, CA certificates
 * and the runtime, within the runtime's size budget.
 */
import { Runtime } from '../../src';
import type { RuntimeName } from './support/budgets';
import { runImage, startService } from './support/docker';
import { copyFixture, synthesize } from './support/fixture';
import { httpGet, waitForHttp } from './support/http';
import { expectServiceRunsAs } from './support/identity';
import { buildTwice, checkAndRecord } from './support/measure';
import { variant } from './support/report';
import { describeE2E } from './support/suite';

interface RuntimeCase {
  readonly name: string;
  readonly slug: string;
  readonly budget: RuntimeName;
  readonly runtime?: Runtime;
  readonly user: string;
  readonly caCertificates: boolean;
}

const CASES: RuntimeCase[] = [
  { name: 'debian-slim, dynamic glibc (default)', slug: 'debian-slim', budget: 'debian-slim', user: '10001:10001', caCertificates: true },
  { name: 'distroless cc, dynamic glibc', slug: 'distroless-cc', budget: 'distroless-cc', runtime: Runtime.DISTROLESS_CC, user: '65532:65532', caCertificates: true },
  {
    name: 'distroless static, static glibc',
    slug: 'distroless-static',
    budget: 'distroless-static',
    runtime: Runtime.DISTROLESS_STATIC,
    user: '65532:65532',
    caCertificates: true,
  },
  { name: 'scratch, static glibc', slug: 'scratch', budget: 'scratch', runtime: Runtime.SCRATCH, user: '10001:10001', caCertificates: true },
  {
    name: 'scratch, static glibc, caCertificates false',
    slug: 'scratch-no-ca',
    budget: 'scratch',
    runtime: Runtime.SCRATCH,
    user: '10001:10001',
    caCertificates: false,
  },
];

describeE2E('runtimes: the http-service fixture', () => {
  for (const c of CASES) {
    variant(`runtime ${c.name}`, async (recorder) => {
      const dir = copyFixture('http-service', c.slug);
      synthesize(dir, [{ ...(c.runtime ? { runtime: c.runtime } : {}), caCertificates: c.caCertificates, ports: [8080] }]);
      const { tag } = await buildTwice(recorder, dir, `runtime-${c.slug}`);

      await checkAndRecord(recorder, tag, { runtime: c.budget, binary: 'e2e-http', user: c.user, caCertificates: c.caCertificates });

      const service = await startService(tag);
      expect(await waitForHttp(`${service.url}/`)).toBe('hello from e2e-http 0.3.1\n');
      const [uid, gid] = c.user.split(':');
      expect(await httpGet(`${service.url}/uid`)).toEqual({ status: 200, body: `uid=${uid} gid=${gid}\n` });
      await expectServiceRunsAs(service.container, c.user);

      const version = await runImage(tag, ['--version']);
      expect(version.stdout).toBe('e2e-http 0.3.1\n');
    });
  }
});
