/**
 * Reproducible images (issue 13 item 3), on engine 26 (BuildKit 0.13: `rewrite-timestamp`): the
 * generated Dockerfile built twice from nothing (`--no-cache`), from two checkouts of one commit
 * (the second's file times newer, as on another runner), with the commit's time as
 * SOURCE_DATE_EPOCH and the OCI exporter's `rewrite-timestamp=true`, as the generated CI jobs do:
 * one image manifest digest. Without them, the same two builds give two digests (the check can
 * fail). debian-slim is the hard case: its final stage runs apt-get and useradd, which record
 * when they ran; scratch has only copied files.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { RustDockerImageOptions } from '../../src';
import { Runtime } from '../../src';
import { docker } from './support/docker';
import { engine26Client } from './support/engine-26';
import { tail } from './support/exec';
import { copyFixture, scratchDir, setFileTimes, synthesize } from './support/fixture';
import type { Recorder } from './support/report';
import { variant } from './support/report';
import { describeE2E } from './support/suite';

/** 2026-01-01T00:00:00Z: the "commit time". */
const COMMIT_TIME = 1767225600;

interface OciImage {
  /** The image manifest's digest (index.json's first manifest). */
  readonly digest: string;
  readonly manifest: { config: { digest: string }; layers: { digest: string }[] };
  readonly config: { created?: string; history?: { created?: string }[] };
  /** A blob's bytes. */
  blob(digest: string): Buffer;
}

/** `buildx build --no-cache` of `dir` to an OCI archive on engine 26, unpacked. */
async function buildOci(dir: string, reproducible: boolean): Promise<OciImage> {
  const out = scratchDir();
  const archive = path.join(out, 'image.tar');
  const args = ['buildx', 'build', '--progress=plain', '--no-cache',
    ...(reproducible ? ['--build-arg', `SOURCE_DATE_EPOCH=${COMMIT_TIME}`] : []),
    '--output', `type=oci,dest=${archive}${reproducible ? ',rewrite-timestamp=true' : ''}`, dir];
  const result = await docker(args, undefined, engine26Client());
  if (result.code !== 0) {
    throw new Error(`buildx build of ${dir} failed:\n${tail(result.stderr + result.stdout, 40)}`);
  }
  execFileSync('tar', ['-xf', archive, '-C', out]);
  const blob = (digest: string) => fs.readFileSync(path.join(out, 'blobs', 'sha256', digest.replace(/^sha256:/, '')));
  const index = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  const digest = index.manifests[0].digest;
  const manifest = JSON.parse(blob(digest).toString('utf8'));
  return { digest, manifest, config: JSON.parse(blob(manifest.config.digest).toString('utf8')), blob };
}

/** The fixture with the generated files; every file time set to `when` (another runner's clone). */
function checkout(slug: string, options: RustDockerImageOptions, when: Date): string {
  const dir = copyFixture('http-service', `reproducible-${slug}`);
  synthesize(dir, [options]);
  setFileTimes(dir, when);
  return dir;
}

async function twoBuilds(recorder: Recorder, slug: string, options: RustDockerImageOptions): Promise<void> {
  const a = checkout(slug, options, new Date(Date.now() - 3600_000));
  const b = checkout(slug, options, new Date(Date.now() + 60_000));
  const started = Date.now();
  const first = await buildOci(a, true);
  const second = await buildOci(b, true);
  recorder.note('digest', first.digest);
  recorder.note('layers', first.manifest.layers.length);
  expect(second.manifest.layers.map((l) => l.digest)).toEqual(first.manifest.layers.map((l) => l.digest));
  expect(second.manifest.config.digest).toBe(first.manifest.config.digest);
  expect(second.digest).toBe(first.digest);
  // The image says when its commit was made, not when it was built.
  expect(first.config.created).toBe('2026-01-01T00:00:00Z');
  // Every step of this build carries the commit's time; only the base image's own entries (made
  // when it was built) differ, and none was made during this build.
  const history = first.config.history ?? [];
  expect(history[history.length - 1].created).toBe('2026-01-01T00:00:00Z');
  expect(history.filter((h) => h.created !== '2026-01-01T00:00:00Z' && Date.parse(h.created!) >= started)).toEqual([]);

  // The same two builds without the commit's time: two digests.
  const plainA = await buildOci(a, false);
  const plainB = await buildOci(b, false);
  recorder.note('without SOURCE_DATE_EPOCH', `${plainA.digest} ${plainB.digest}`);
  expect(plainB.digest).not.toBe(plainA.digest);
}

describeE2E('reproducible images: two builds of one commit, one digest', () => {
  variant('debian-slim (apt-get and useradd in the final stage): the same image manifest from two checkouts', async (recorder) => {
    await twoBuilds(recorder, 'debian-slim', { ports: [8080] });
  });

  variant('scratch (static glibc): the same', async (recorder) => {
    await twoBuilds(recorder, 'scratch', { ports: [8080], runtime: Runtime.SCRATCH });
  });
}, { engine26: true });
