/**
 * A virtual workspace with two services sharing a path-dependency library: one image per
 * service (two components with their own `dockerfileName`), then a third member added to
 * the Cargo files — the stale Dockerfile no longer builds, the regenerated ones do.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { RustDockerImageOptions } from '../../src';
import { generateLockfile } from './support/cargo';
import { build, buildOk, imageTag, startService } from './support/docker';
import { copyFixture, editFile, readText, scratchDir, synthesize, writeFiles } from './support/fixture';
import { waitForHttp } from './support/http';
import { expectServiceRunsAs } from './support/identity';
import { buildTwice, checkAndRecord } from './support/measure';
import type { Recorder } from './support/report';
import { variant } from './support/report';
import { describeE2E } from './support/suite';

const USER = '10001:10001';

function serviceImage(name: string): RustDockerImageOptions {
  return { package: name, dockerfileName: `Dockerfile.${name}`, ports: [8080] };
}

/** Builds Dockerfile.<service>, checks the image and expects the service's greeting over HTTP. */
async function buildAndServe(recorder: Recorder, dir: string, service: string): Promise<void> {
  const { tag } = await buildTwice(recorder, dir, `workspace-${service}`, `Dockerfile.${service}`);
  await checkAndRecord(recorder, tag, { runtime: 'debian-slim', binary: service, user: USER, caCertificates: true });
  const running = await startService(tag);
  expect(await waitForHttp(`${running.url}/`)).toBe(`${service} 0.2.0 (common 0.2.0)\n`);
  await expectServiceRunsAs(running.container, USER);
}

describeE2E('workspace: two services and a shared library', () => {
  let dir: string;
  beforeAll(() => {
    dir = copyFixture('workspace');
    synthesize(dir, [serviceImage('svc-a'), serviceImage('svc-b')]);
  });

  variant('workspace member svc-a (shared path dependency)', async (recorder) => {
    await buildAndServe(recorder, dir, 'svc-a');
  });

  variant('workspace member svc-b (shared path dependency)', async (recorder) => {
    await buildAndServe(recorder, dir, 'svc-b');
  });

  variant('regeneration: a new member svc-c gets its image', async (recorder) => {
    const stale = path.join(scratchDir(), 'Dockerfile.svc-a.stale');
    fs.copyFileSync(path.join(dir, 'Dockerfile.svc-a'), stale);

    writeFiles(dir, {
      'crates/svc-c/Cargo.toml': readText(dir, 'crates/svc-b/Cargo.toml').replace('name = "svc-b"', 'name = "svc-c"'),
      'crates/svc-c/src/main.rs': readText(dir, 'crates/svc-b/src/main.rs'),
    });
    editFile(dir, 'Cargo.toml', '"crates/common"]', '"crates/common", "crates/svc-c"]');
    generateLockfile(dir);

    // Baseline: the Dockerfile generated before the edit no longer builds.
    const staleBuild = await build(dir, imageTag('workspace-stale'), stale);
    recorder.note('stale Dockerfile builds', staleBuild.ok);
    expect(staleBuild.ok).toBe(false);
    expect(staleBuild.log).toContain('crates/svc-c');

    synthesize(dir, [serviceImage('svc-a'), serviceImage('svc-b'), serviceImage('svc-c')]);
    expect(readText(dir, 'Dockerfile.svc-a')).toContain('COPY crates/svc-c/Cargo.toml crates/svc-c/');
    await buildAndServe(recorder, dir, 'svc-c');
    await buildOk(dir, imageTag('workspace-svc-a'), 'Dockerfile.svc-a');
    const svcA = await startService(imageTag('workspace-svc-a'));
    expect(await waitForHttp(`${svcA.url}/`)).toBe('svc-a 0.2.0 (common 0.2.0)\n');
  });
});
