/**
 * Fresh checkouts (issue 12 item 1): every CI runner and every new clone has the same files
 * as the last build, with new modification times. Docker's layer cache keys on content, so
 * the dependency layer is reused; cargo's fingerprints look at times (build scripts'
 * `rerun-if-changed`, path dependencies), so the later `COPY . .` must not make the reused
 * dependencies look stale.
 *
 * Two checkouts of the same commit (fixture `fresh-checkout`: vendored serde/proc-macro2/libc,
 * whose build scripts watch files, and a path dependency with a build script), each built in
 * its own directory with its own file times:
 *   - checkout A is built cold;
 *   - checkout B (same content, every file time newer than A's build) gets a source edit:
 *     the dependency layer is reused and only the service compiles;
 *   - B then edits the path dependency's watched file and its source: it recompiles, and the
 *     image shows the change (the time handling never hides a real edit).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { RustDockerImageOptions } from '../../src';
import { DependencyCaching } from '../../src';
import { compiledCrates } from './support/build-log';
import { vendorFromDebian } from './support/cargo';
import { buildOk, imageTag, runImage } from './support/docker';
import { copyFixture, editFile, setFileTimes, synthesize } from './support/fixture';
import type { Recorder } from './support/report';
import { variant } from './support/report';
import { describeE2E } from './support/suite';

const FIXTURE = 'fresh-checkout';
const SERVICE = 'e2e-fresh-checkout';

/** A checkout: the fixture with its vendored crates and generated files, every file time set to `when`. */
function checkout(slug: string, options: RustDockerImageOptions, when: Date): string {
  // The same variant name for both checkouts: their Cargo.toml must be byte-identical.
  const dir = copyFixture(FIXTURE, slug);
  vendorFromDebian(dir);
  synthesize(dir, [options]);
  setFileTimes(dir, when);
  return dir;
}

async function twoCheckouts(recorder: Recorder, slug: string, options: RustDockerImageOptions): Promise<void> {
  const tag = imageTag(`${FIXTURE}-${slug}`);
  const a = checkout(slug, options, new Date(Date.now() - 3600_000));
  const cold = await buildOk(a, tag);
  recorder.note('first build s', cold.seconds);
  if (options.caching !== DependencyCaching.CACHE_MOUNT) {
    // (A cache mount outlives the run: only the layer build is known to start cold.)
    expect(compiledCrates(cold.log)).toEqual(expect.arrayContaining(['libc', 'serde', 'proc-macro2', 'wire', SERVICE]));
  }

  // Checkout B: same commit, files written after A's build (a CI runner's fresh clone).
  const b = checkout(slug, options, new Date(Date.now() + 60_000));
  editFile(b, 'src/main.rs', 'text: "hello"', 'text: "hello from checkout B"');
  const edit = await buildOk(b, tag);
  recorder.note('source edit, fresh checkout s', edit.seconds);
  recorder.note('compiled', compiledCrates(edit.log));
  expect(compiledCrates(edit.log)).toEqual([SERVICE]);
  const run = await runImage(tag);
  expect(run.stdout).toBe('fresh-checkout wire-v3 21:hello from checkout B colon at Some(2) (pid>0: true)\n');

  // A real change to the path dependency still rebuilds it: its watched file, then its source.
  // With LAYER that is a new dependency layer (everything compiles); with CACHE_MOUNT only it
  // and the service.
  const rebuilt = (log: string) => (options.caching === DependencyCaching.CACHE_MOUNT
    ? expect(compiledCrates(log).sort()).toEqual([SERVICE, 'wire'])
    : expect(compiledCrates(log)).toEqual(expect.arrayContaining(['wire', SERVICE])));
  fs.writeFileSync(path.join(b, 'libs/wire/FORMAT'), 'wire-v4\n');
  const format = await buildOk(b, tag);
  recorder.note('watched file edit s', format.seconds);
  rebuilt(format.log);
  expect((await runImage(tag)).stdout).toContain('fresh-checkout wire-v4 ');
  editFile(b, 'libs/wire/src/lib.rs', 'format!("{}:{}"', 'format!("{}|{}"');
  const source = await buildOk(b, tag);
  recorder.note('path dependency edit s', source.seconds);
  rebuilt(source.log);
  expect((await runImage(tag)).stdout).toContain(' 21|hello from checkout B ');
}

describeE2E('fresh checkouts: new file times never recompile unchanged dependencies', () => {
  variant('LAYER: a source edit in a second checkout of the same commit compiles only the service', async (recorder) => {
    await twoCheckouts(recorder, 'layer', {});
  });

  variant('CACHE_MOUNT: the same, with target/ in a cache mount', async (recorder) => {
    await twoCheckouts(recorder, 'cache-mount', { caching: DependencyCaching.CACHE_MOUNT });
  });
});
