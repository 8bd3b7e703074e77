/**
 * Regression: with DependencyCaching.CACHE_MOUNT the target/ mount id is
 * `<package>-<bin>-<linking>-<profile>`, so projects with the same package and binary names
 * share one target/ directory. Sources older than the artifacts already in the mount
 * (another checkout's build, or files restored by an archive, `cp -p`, `rsync -a`, a CI
 * cache) used to be taken as fresh, and the image answered with the other project's code.
 * The generated build now touches every target root before `cargo build`, as LAYER does.
 */
import { DependencyCaching } from '../../src';
import { buildOk, imageTag, startService } from './support/docker';
import { copyFixture, editFile, setFileTimes, synthesize } from './support/fixture';
import { waitForHttp } from './support/http';
import { runId } from './support/run';
import { describeE2E } from './support/suite';

describeE2E('CACHE_MOUNT with sources older than the shared target mount', () => {
  test('project B (same package name, older files) gets its own binary, not project A\'s', async () => {
    const a = copyFixture('http-service', 'stale-a');
    const b = copyFixture('http-service', 'stale-b');
    const greeting = `project-b-${runId()}`;
    editFile(b, 'src/main.rs', 'const GREETING: &str = "hello";', `const GREETING: &str = "${greeting}";`);
    for (const dir of [a, b]) {
      synthesize(dir, [{ caching: DependencyCaching.CACHE_MOUNT, ports: [8080] }]);
    }
    setFileTimes(b, new Date('2020-01-01T00:00:00Z'));

    await buildOk(a, imageTag('stale-mount-a'));
    await buildOk(b, imageTag('stale-mount-b'));
    const service = await startService(imageTag('stale-mount-b'));
    // Today the answer is project A's: "hello from e2e-http 0.3.1".
    expect(await waitForHttp(`${service.url}/`)).toBe(`${greeting} from e2e-http 0.3.1\n`);
  });
});
