/**
 * Adopted repositories build and run in the engine: copies of the fixtures shaped like real
 * repositories (test/fixtures/adoption) are adopted for real (`projen new --from` the packed
 * library, or `projen-rust-docker adopt` next to a package.json), their own Dockerfile stays
 * byte-identical beside the generated one, and the generated image(s) build, answer HTTP on
 * the port the old Dockerfile exposed, and run as the non-root user.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fixtureCopy } from '../support/adoption-fixtures';
import { adoptWith, installLibrary, packLibrary, projenNew } from '../support/projen-new';
import { docker, dockerOk, imageTag, RUN_LABEL, startService } from './support/docker';
import { exec, tail } from './support/exec';
import { readText } from './support/fixture';
import { waitForHttp } from './support/http';
import { expectServiceRunsAs } from './support/identity';
import { SCRIPTS_DIR } from './support/paths';
import { variant } from './support/report';
import { runId } from './support/run';
import { describeE2E } from './support/suite';

const USER = '10001:10001';

/** The builder image the generated Dockerfile names, made available (an offline stand-in when it cannot be pulled). */
async function ensureBuilder(dockerfile: string): Promise<void> {
  const builder = /^FROM (\S+) AS builder$/m.exec(dockerfile)![1];
  const inspected = await docker(['image', 'inspect', builder]);
  if (inspected.code !== 0) {
    const made = await exec('bash', [path.join(SCRIPTS_DIR, 'base-images.sh'), builder], { timeoutMs: 900_000 });
    if (made.code !== 0) {
      throw new Error(`base-images.sh ${builder} failed:\n${tail(made.stderr + made.stdout, 40)}`);
    }
  }
}

/**
 * The generated Dockerfile without its syntax directive (this engine is offline and cannot
 * pull the frontend it names), byte for byte otherwise; returns its name.
 */
function offline(dir: string, name: string): string {
  const text = readText(dir, name);
  expect(text.split('\n')[0]).toBe('# syntax=docker/dockerfile:1');
  fs.writeFileSync(path.join(dir, `${name}.offline`), text.split('\n').slice(1).join('\n'));
  return `${name}.offline`;
}

async function buildTarget(dir: string, dockerfile: string, tag: string, target?: string): Promise<number> {
  const result = await docker(['build', '--progress=plain', '-f', path.join(dir, dockerfile), ...(target ? ['--target', target] : []), '-t', tag, '--label', `${RUN_LABEL}=${runId()}`, dir]);
  if (result.code !== 0) {
    throw new Error(`docker build of ${dockerfile}${target ? ` --target ${target}` : ''} in ${dir} failed:\n${tail(result.stderr + result.stdout, 60)}`);
  }
  return result.seconds;
}

describeE2E('adopted repositories build and run', () => {
  let tarball: string;
  beforeAll(() => {
    tarball = packLibrary();
  }, 600_000);

  const single: Array<[string, string, number, string]> = [
    ['chef-web-service', 'Dockerfile.projen', 3000, 'chef-web'],
    ['symlinked-dockerfile', 'Dockerfile.projen', 8080, 'edge-relay'],
    ['docker-init', 'Dockerfile.projen', 8000, 'inventory-api'],
  ];
  for (const [fixture, dockerfileName, port, binary] of single) {
    variant(`adoption: ${fixture} (projen new) builds, serves on ${port}, runs as ${USER}`, async (recorder) => {
      const dir = fixtureCopy(fixture);
      const ownDockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'));
      projenNew(dir, tarball);
      expect(fs.readFileSync(path.join(dir, 'Dockerfile')).equals(ownDockerfile)).toBe(true);
      const generated = readText(dir, dockerfileName);
      expect(generated).toContain(`EXPOSE ${port}`);
      await ensureBuilder(generated);
      const tag = imageTag(`adopt-${fixture}`);
      const cold = await buildTarget(dir, offline(dir, dockerfileName), tag);
      recorder.builds(tag, cold, await buildTarget(dir, `${dockerfileName}.offline`, tag));
      const service = await startService(tag, port);
      expect(await waitForHttp(`${service.url}/healthz`)).toBe('ok\n');
      expect(await waitForHttp(`${service.url}/`)).toContain(binary);
      await expectServiceRunsAs(service.container, USER);
    });
  }

  variant('adoption: with-package-json (projen-rust-docker adopt): both workspace images build and serve', async (recorder) => {
    const dir = fixtureCopy('with-package-json');
    adoptWith(installLibrary(tarball), dir);
    const generated = readText(dir, 'Dockerfile');
    const targets = [...generated.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]).filter((t) => t !== 'builder' && t !== 'runtime-libraries');
    expect(targets.sort()).toEqual(['acme-api', 'acme-worker']);
    await ensureBuilder(generated);
    const dockerfile = offline(dir, 'Dockerfile');
    for (const [target, port] of [['acme-api', 8080], ['acme-worker', 9090]] as const) {
      const tag = imageTag(`adopt-ws-${target}`);
      const cold = await buildTarget(dir, dockerfile, tag, target);
      recorder.builds(tag, cold, await buildTarget(dir, dockerfile, tag, target));
      const service = await startService(tag, port);
      expect(await waitForHttp(`${service.url}/healthz`)).toBe('ok\n');
      await expectServiceRunsAs(service.container, USER);
    }
    expect(await dockerOk(['image', 'inspect', '-f', '{{.Config.User}}', imageTag('adopt-ws-acme-api')])).toContain('10001');
  });
});
