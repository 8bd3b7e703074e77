/**
 * Binary targets as cargo models them: a [[bin]] with a custom path, several bins chosen by
 * `default-run` or by the `binary` option, a build script whose output the binary prints,
 * and regeneration after a [[bin]] is added to Cargo.toml. CLI fixtures print a version line.
 */
import { buildOk, imageTag, runImage } from './support/docker';
import { copyFixture, readText, synthesize, writeFiles } from './support/fixture';
import { expectImageUserRunsAs } from './support/identity';
import { buildTwice, checkAndRecord } from './support/measure';
import type { Recorder } from './support/report';
import { variant } from './support/report';
import { describeE2E } from './support/suite';

const USER = '10001:10001';

/** Builds `dockerfile` in `dir`, checks the image, runs it and expects `output` on stdout. */
async function buildAndRun(recorder: Recorder, dir: string, name: string, binary: string, output: string | RegExp, dockerfile = 'Dockerfile'): Promise<void> {
  const { tag } = await buildTwice(recorder, dir, name, dockerfile);
  await checkAndRecord(recorder, tag, { runtime: 'debian-slim', binary, user: USER, caCertificates: true });
  const result = await runImage(tag);
  expect(result.code).toBe(0);
  if (typeof output === 'string') {
    expect(result.stdout).toBe(output);
  } else {
    expect(result.stdout).toMatch(output);
  }
  await expectImageUserRunsAs(tag, USER);
}

describeE2E('binary targets', () => {
  describe('[[bin]] with a custom path, then a new [[bin]]', () => {
    let dir: string;

    variant('[[bin]] with a custom path (cmd/cli.rs)', async (recorder) => {
      dir = copyFixture('custom-bin-path');
      synthesize(dir);
      await buildAndRun(recorder, dir, 'custom-bin', 'custom-cli', 'custom-cli 1.2.3 (from cmd/cli.rs)\n');
    });

    variant('regeneration: a [[bin]] added to Cargo.toml gets its image', async (recorder) => {
      writeFiles(dir, {
        'cmd/admin.rs': 'fn main() {\n    println!("custom-admin {} (from cmd/admin.rs)", env!("CARGO_PKG_VERSION"));\n}\n',
      });
      writeFiles(dir, { 'Cargo.toml': `${readText(dir, 'Cargo.toml')}\n[[bin]]\nname = "custom-admin"\npath = "cmd/admin.rs"\n` });
      // Two binaries now: each image names its own (a fresh project, like the next `npx projen`).
      synthesize(dir, [{ binary: 'custom-cli' }, { binary: 'custom-admin', dockerfileName: 'Dockerfile.admin' }]);
      expect(readText(dir, 'Dockerfile.admin')).toContain('cmd/admin.rs');
      expect(readText(dir, 'Dockerfile')).toContain('cmd/admin.rs');
      await buildAndRun(recorder, dir, 'custom-admin', 'custom-admin', 'custom-admin 1.2.3 (from cmd/admin.rs)\n', 'Dockerfile.admin');
      // The first binary's image still builds from its regenerated Dockerfile.
      await buildOk(dir, imageTag('custom-bin'));
      expect((await runImage(imageTag('custom-bin'))).stdout).toBe('custom-cli 1.2.3 (from cmd/cli.rs)\n');
    });
  });

  describe('several bins', () => {
    let dir: string;
    beforeAll(() => {
      dir = copyFixture('multi-bin');
      synthesize(dir, [{}, { binary: 'multi-worker', dockerfileName: 'Dockerfile.worker' }]);
    });

    variant('several bins: default-run chooses multi-api', async (recorder) => {
      await buildAndRun(recorder, dir, 'multi-default-run', 'multi-api', 'multi-api 0.5.0\n');
    });

    variant('several bins: explicit binary multi-worker', async (recorder) => {
      await buildAndRun(recorder, dir, 'multi-worker', 'multi-worker', 'multi-worker 0.5.0\n', 'Dockerfile.worker');
    });
  });

  variant('build.rs sets an env var the binary prints', async (recorder) => {
    const dir = copyFixture('build-script');
    synthesize(dir);
    expect(readText(dir, 'Dockerfile')).toContain('build.rs');
    await buildAndRun(recorder, dir, 'build-script', 'e2e-buildrs', /^e2e-buildrs 0\.6\.0: set by build\.rs for \S+-linux-gnu\n$/);
  });
});
