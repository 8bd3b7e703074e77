/**
 * The other dependency-caching modes on the vendored fixture: each builds and runs, and a
 * source-only edit reaches the image. CACHE_MOUNT keeps compiled dependencies in BuildKit
 * cache mounts (no `Compiling itoa` after the edit); NONE compiles everything again.
 */
import { DependencyCaching } from '../../src';
import { compiledCrates } from './support/build-log';
import { vendorFromDebian } from './support/cargo';
import { buildOk, startService } from './support/docker';
import { copyFixture, editFile, readText, synthesize } from './support/fixture';
import { waitForHttp } from './support/http';
import { expectServiceRunsAs } from './support/identity';
import { buildTwice, checkAndRecord } from './support/measure';
import { variant } from './support/report';
import { runId } from './support/run';
import { describeE2E } from './support/suite';

const USER = '10001:10001';

interface ModeCase {
  readonly name: string;
  readonly caching: DependencyCaching;
  /** Crates compiled by the rebuild after a source-only edit. */
  readonly compiledAfterEdit: string[];
  /** A line only this mode's Dockerfile has. */
  readonly marker: string;
}

const CASES: ModeCase[] = [
  { name: 'CACHE_MOUNT', caching: DependencyCaching.CACHE_MOUNT, compiledAfterEdit: ['e2e-vendored'], marker: '--mount=type=cache' },
  { name: 'NONE', caching: DependencyCaching.NONE, compiledAfterEdit: ['e2e-vendored', 'itoa'], marker: 'No dependency caching' },
];

describeE2E('dependency caching modes CACHE_MOUNT and NONE', () => {
  for (const c of CASES) {
    variant(`caching ${c.name}: build, run, source-only edit`, async (recorder) => {
      const dir = copyFixture('vendored-service', c.name);
      vendorFromDebian(dir);
      synthesize(dir, [{ caching: c.caching, ports: [8080] }]);
      expect(readText(dir, 'Dockerfile')).toContain(c.marker);
      const { tag } = await buildTwice(recorder, dir, `caching-${c.name.toLowerCase()}`);
      await checkAndRecord(recorder, tag, { runtime: 'debian-slim', binary: 'e2e-vendored', user: USER, caCertificates: true });
      const first = await startService(tag);
      expect(await waitForHttp(`${first.url}/`)).toBe('hello from e2e-vendored 0.1.0, itoa says 1234567\n');
      await expectServiceRunsAs(first.container, USER);

      const edited = `edited-${runId()}-${c.name}`;
      editFile(dir, 'src/main.rs', 'const GREETING: &str = "hello";', `const GREETING: &str = "${edited}";`);
      const rebuild = await buildOk(dir, tag);
      recorder.note('source-edit rebuild s', rebuild.seconds);
      recorder.note('compiled after edit', compiledCrates(rebuild.log));
      expect(compiledCrates(rebuild.log)).toEqual(c.compiledAfterEdit);
      const second = await startService(tag);
      expect(await waitForHttp(`${second.url}/`)).toBe(`${edited} from e2e-vendored 0.1.0, itoa says 1234567\n`);
    });
  }
});
