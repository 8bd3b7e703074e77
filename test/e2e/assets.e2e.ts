/**
 * Assets: the assets-service fixture reads `/app/static/index.html` (and a file in a
 * subdirectory, and `/app/configuration/app.toml`) at run time and serves them. Built on
 * debian-slim and on scratch, with the context's files given loose modes first (0600, 0664, a
 * 0700 directory), the image holds them owned by root, directories 0755 and files 0644
 * (`docker export | tar -tv`); the running user can neither change an asset nor add a file
 * beside it (the service tries, which needs no shell), nor can a shell (debian-slim).
 * Then, on debian-slim: an asset edit reaches the image without rebuilding the dependency
 * layer, and a code edit reuses the asset layers.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { AssetOptions, RustDockerImageOptions } from '../../src';
import { Runtime } from '../../src';
import type { RuntimeName } from './support/budgets';
import { compiledCrates } from './support/build-log';
import { buildOk, dockerClient, dockerOk, runImage, startService } from './support/docker';
import { pipe } from './support/exec';
import { copyFixture, editFile, readText, synthesize } from './support/fixture';
import { httpGet, waitForHttp } from './support/http';
import { expectServiceRunsAs } from './support/identity';
import { buildTwice, checkAndRecord } from './support/measure';
import type { Recorder } from './support/report';
import { variant } from './support/report';
import { runId } from './support/run';
import { describeE2E } from './support/suite';

const USER = '10001:10001';
const ASSETS: AssetOptions[] = [
  { source: 'static', destination: '/app/static' },
  { source: 'configuration/app.toml', destination: '/app/configuration/app.toml' },
];
const INDEX = '<h1>hello from the assets of e2e-assets</h1>\n';

interface TarEntry {
  readonly mode: string;
  readonly owner: string;
}

/** Mode string (`drwxr-xr-x`) and numeric owner (`0/0`) of every entry of the image (`docker export | tar -tv`). */
async function exportedModes(image: string): Promise<Map<string, TarEntry>> {
  const name = `prd-e2e-${runId()}-${process.pid}-assets-${Date.now().toString(36)}`;
  await dockerOk(['create', '--name', name, image]);
  try {
    const listing = await pipe([dockerClient(), ['export', name]], ['tar', ['-tv', '--numeric-owner', '-f', '-']]);
    const entries = new Map<string, TarEntry>();
    for (const line of listing.split('\n').filter((l) => l.trim() !== '')) {
      const match = /^(\S+)\s+(\S+)\s+\S+\s+\S+\s+\S+\s+(.*)$/.exec(line);
      if (match) {
        entries.set(match[3].replace(/^\.\//, '').replace(/\/$/, '').replace(/ -> .*$/, ''), { mode: match[1], owner: match[2] });
      }
    }
    return entries;
  } finally {
    await dockerOk(['rm', '-f', name]);
  }
}

/** Whether the build log shows the step whose title matches `title` as CACHED (undefined: no such step). */
function stepCached(log: string, title: RegExp): boolean | undefined {
  const steps = [...log.matchAll(/^#(\d+) \[([^\]]+)\] (.*)$/gm)].filter((m) => title.test(`[${m[2]}] ${m[3]}`));
  if (steps.length === 0) {
    return undefined;
  }
  return steps.every((m) => new RegExp(`^#${m[1]} CACHED$`, 'm').test(log));
}

/** Loosens the fixture copy's modes, as a checkout with another umask or a careless chmod would. */
function loosenModes(dir: string): void {
  fs.chmodSync(path.join(dir, 'static/index.html'), 0o600);
  fs.chmodSync(path.join(dir, 'static/css'), 0o700);
  fs.chmodSync(path.join(dir, 'static'), 0o775);
  fs.chmodSync(path.join(dir, 'configuration/app.toml'), 0o664);
}

async function buildAndCheck(
  recorder: Recorder, slug: string, runtime: Runtime | undefined, budget: RuntimeName,
): Promise<{ dir: string; tag: string }> {
  const dir = copyFixture('assets-service', slug);
  loosenModes(dir);
  const options: RustDockerImageOptions = { ...(runtime ? { runtime } : {}), ports: [8080], assets: ASSETS };
  synthesize(dir, [options]);
  expect(readText(dir, '.dockerignore')).toContain('# Always kept: the images copy these (assets)\n!/configuration/app.toml\n!/static\n');
  const { tag } = await buildTwice(recorder, dir, `assets-${slug}`);
  await checkAndRecord(recorder, tag, { runtime: budget, binary: 'e2e-assets', user: USER, caCertificates: true, allowed: ['/app'] });

  // Owned by root, directories 0755, files 0644, whatever the context's modes were.
  const modes = await exportedModes(tag);
  const expected: [string, string][] = [
    ['app', 'drwxr-xr-x'],
    ['app/static', 'drwxr-xr-x'],
    ['app/static/index.html', '-rw-r--r--'],
    ['app/static/css', 'drwxr-xr-x'],
    ['app/static/css/site.css', '-rw-r--r--'],
    ['app/configuration', 'drwxr-xr-x'],
    ['app/configuration/app.toml', '-rw-r--r--'],
  ];
  expect(expected.map(([p]) => [p, modes.get(p)])).toEqual(expected.map(([p, mode]) => [p, { mode, owner: '0/0' }]));
  expect([...modes.keys()].filter((p) => p === 'app' || p.startsWith('app/')).sort()).toEqual(expected.map(([p]) => p).sort());
  recorder.note('asset entries', expected.map(([p, mode]) => `${mode} 0/0 /${p}`));

  // Served from the image, and not writable by the user the service runs as.
  const service = await startService(tag);
  expect(await waitForHttp(`${service.url}/`)).toBe(INDEX);
  expect(await httpGet(`${service.url}/css`)).toEqual({ status: 200, body: 'h1 { color: teal; }\n' });
  expect(await httpGet(`${service.url}/config`)).toEqual({ status: 200, body: 'greeting = "configured"\n' });
  expect(await httpGet(`${service.url}/write`)).toEqual({ status: 200, body: 'index.html: denied; new file: denied\n' });
  expect(await httpGet(`${service.url}/uid`)).toEqual({ status: 200, body: 'uid=10001 gid=10001\n' });
  await expectServiceRunsAs(service.container, USER);
  return { dir, tag };
}

describeE2E('assets: files of the build context in the image', () => {
  let slim: { dir: string; tag: string };

  variant('assets on debian-slim: served, root-owned 0644/0755, not writable by the user', async (recorder) => {
    slim = await buildAndCheck(recorder, 'debian-slim', undefined, 'debian-slim');
    // A shell under the image's user cannot change them either.
    const stat = await runImage(slim.tag, ['-c', 'stat -c "%a %u:%g %n" /app/static /app/static/index.html /app/static/css /app/configuration/app.toml'], '/bin/sh');
    expect(stat.stdout).toBe('755 0:0 /app/static\n644 0:0 /app/static/index.html\n755 0:0 /app/static/css\n644 0:0 /app/configuration/app.toml\n');
    const touch = await runImage(slim.tag, ['-c', 'id -u; echo x >> /app/static/index.html || echo refused; touch /app/static/new || echo refused; rm -f /app/configuration/app.toml || echo refused'], '/bin/sh');
    expect(touch.stdout).toBe('10001\nrefused\nrefused\nrefused\n');
    expect(touch.stderr).toMatch(/Permission denied/);
  });

  variant('assets on scratch: served, root-owned 0644/0755, not writable by the user (no shell)', async (recorder) => {
    await buildAndCheck(recorder, 'scratch', Runtime.SCRATCH, 'scratch');
  });

  variant('asset edit: new content served, dependency layer cached; then a code edit reuses the asset layers', async (recorder) => {
    const edited = `<h1>edited ${runId()}</h1>\n`;
    fs.chmodSync(path.join(slim.dir, 'static/index.html'), 0o644);
    fs.writeFileSync(path.join(slim.dir, 'static/index.html'), edited);
    const afterAsset = await buildOk(slim.dir, slim.tag);
    recorder.note('asset edit: rebuild s', afterAsset.seconds);
    recorder.note('asset edit: compiled', compiledCrates(afterAsset.log));
    expect(stepCached(afterAsset.log, /^\[builder \d+\/\d+\] RUN mkdir -p src/)).toBe(true); // the dependency layer
    expect(stepCached(afterAsset.log, /^\[runtime \d+\/\d+\] RUN --mount=type=bind,from=builder,source=\/runtime-packages\/e2e-assets\S* +apt-get update/)).toBe(true);
    expect(stepCached(afterAsset.log, /^\[assets \d+\/\d+\] COPY .*static/)).toBe(false);
    // The builder's `COPY . .` sees the edit (the build may read any file): recorded, not asserted.
    recorder.note('asset edit: builder COPY . . cached', String(stepCached(afterAsset.log, /^\[builder \d+\/\d+\] COPY \. \./)));
    // The binary's COPY comes after the asset COPYs, so it is redone (a copy of one file, not a build): recorded.
    recorder.note('asset edit: binary COPY cached', String(stepCached(afterAsset.log, /^\[runtime \d+\/\d+\] COPY --from=builder/)));
    let service = await startService(slim.tag);
    expect(await waitForHttp(`${service.url}/`)).toBe(edited);
    expect((await exportedModes(slim.tag)).get('app/static/index.html')).toEqual({ mode: '-rw-r--r--', owner: '0/0' });

    editFile(slim.dir, 'src/main.rs', '"not found\\n"', '"nothing here\\n"');
    const afterCode = await buildOk(slim.dir, slim.tag);
    recorder.note('code edit: rebuild s', afterCode.seconds);
    recorder.note('code edit: compiled', compiledCrates(afterCode.log));
    expect(compiledCrates(afterCode.log)).toEqual(['e2e-assets']);
    expect(stepCached(afterCode.log, /^\[runtime \d+\/\d+\] COPY --from=assets/)).toBe(true);
    expect(stepCached(afterCode.log, /^\[assets \d+\/\d+\] RUN find/)).toBe(true);
    expect(stepCached(afterCode.log, /^\[runtime \d+\/\d+\] COPY --from=builder/)).toBe(false);
    service = await startService(slim.tag);
    expect(await waitForHttp(`${service.url}/`)).toBe(edited);
    expect(await httpGet(`${service.url}/missing`)).toEqual({ status: 404, body: 'nothing here\n' });
  });

  variant('a renamed asset source fails the next synthesis with the option, the path and the fix', async () => {
    fs.renameSync(path.join(slim.dir, 'static'), path.join(slim.dir, 'public'));
    expect(() => synthesize(slim.dir, [{ ports: [8080], assets: ASSETS }])).toThrow(
      /^RustDockerImage \(Dockerfile\): option 'assets\[0\]\.source' is "static", which does not exist in the build context \(.*\): the Dockerfile's COPY of it would fail\. Create it, or correct the path/);
  });
});
