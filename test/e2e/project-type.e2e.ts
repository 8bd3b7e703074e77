/**
 * RustDockerProject in a real engine: in an empty directory it writes a sample std-only
 * service and its Dockerfile; the image builds, answers HTTP and runs as the app user.
 * Then the real adoption path: the library is packed, `projen new --from <tarball> rust-docker`
 * runs in an empty directory, and what it generated is built and served.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RustDockerProject } from '../../src';
import { packLibrary, projenNew } from '../support/projen-new';
import { compiledCrates } from './support/build-log';
import { buildOk, imageTag, runImage, startService } from './support/docker';
import { readText, scratchDir } from './support/fixture';
import { waitForHttp } from './support/http';
import { expectServiceRunsAs } from './support/identity';
import { checkAndRecord } from './support/measure';
import { variant } from './support/report';
import { runId } from './support/run';
import { describeE2E } from './support/suite';

const USER = '10001:10001';

function synthesize(dir: string): RustDockerProject {
  process.env.PROJEN_DISABLE_POST = 'true';
  const project = new RustDockerProject({ name: 'e2e-sample', defaultReleaseBranch: 'main', outdir: dir, imageOptions: { syntaxDirective: false } });
  project.synth();
  return project;
}

describeE2E('RustDockerProject: the sample service of an empty directory', () => {
  variant('project type: sample service image builds and serves', async (recorder) => {
    const dir = scratchDir();
    synthesize(dir);
    // Unique manifests for this run, so the build below really compiles; sample files are never overwritten.
    fs.appendFileSync(path.join(dir, 'Cargo.toml'), `\n# e2e run ${runId()} project-type\n`);
    synthesize(dir);
    expect(readText(dir, 'Cargo.toml')).toContain(`# e2e run ${runId()}`);
    expect(readText(dir, 'Dockerfile')).toContain('--bin e2e-sample');

    const tag = imageTag('project-sample');
    const built = await buildOk(dir, tag);
    expect(compiledCrates(built.log)).toEqual(['e2e-sample']);
    recorder.builds(tag, built.seconds, (await buildOk(dir, tag)).seconds);
    await checkAndRecord(recorder, tag, { runtime: 'debian-slim', binary: 'e2e-sample', user: USER, caCertificates: true });
    expect((await runImage(tag, ['--version'])).stdout).toBe('e2e-sample 0.1.0\n');
    const service = await startService(tag);
    expect(await waitForHttp(`${service.url}/`)).toBe('hello from e2e-sample 0.1.0\n');
    expect(await waitForHttp(`${service.url}/healthz`)).toBe('ok\n');
    await expectServiceRunsAs(service.container, USER);
  });
});

describeE2E('projen new --from the packed library, built in the engine', () => {
  variant('projen new rust-docker: the generated project builds and serves', async (recorder) => {
    const dir = scratchDir();
    projenNew(dir, packLibrary());
    const dockerfile = readText(dir, 'Dockerfile');
    expect(dockerfile.split('\n')[0]).toBe('# syntax=docker/dockerfile:1');
    // This engine is offline and cannot pull the dockerfile frontend the directive names:
    // build the generated file without its first line, byte for byte otherwise.
    fs.writeFileSync(path.join(dir, 'Dockerfile.offline'), dockerfile.split('\n').slice(1).join('\n'));
    fs.appendFileSync(path.join(dir, 'src', 'main.rs'), `\n// e2e run ${runId()} projen-new\n`);

    const name = /^name = "([^"]+)"$/m.exec(readText(dir, 'Cargo.toml'))![1];
    const tag = imageTag('projen-new');
    const built = await buildOk(dir, tag, 'Dockerfile.offline');
    expect(compiledCrates(built.log)).toEqual([name]);
    recorder.builds(tag, built.seconds, (await buildOk(dir, tag, 'Dockerfile.offline')).seconds);
    const service = await startService(tag);
    expect(await waitForHttp(`${service.url}/healthz`)).toBe('ok\n');
    expect(await waitForHttp(`${service.url}/`)).toContain(`hello from ${name}`);
    await expectServiceRunsAs(service.container, USER);
  });
});

