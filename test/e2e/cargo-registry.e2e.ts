/**
 * Crates from a registry, as from crates.io (issue 12 item 2): the builder fetches them into
 * CARGO_HOME (`registry/index`, `registry/cache`, `registry/src`) instead of reading a vendored
 * directory. The registry is a sparse one in crates.io's layout (test/e2e/support/sparse-registry.ts),
 * built from the fixture's vendored crates and served on the host's address, which the build
 * containers reach; each checkout's Cargo.lock is generated against it.
 *
 * Two checkouts of the same commit (fixture `fresh-checkout`: serde, proc-macro2, libc, memchr and
 * a path dependency with a build script), each with its own file times:
 *   - checkout A is built cold: every crate is downloaded from the registry and compiled;
 *   - checkout B (every file time newer) gets a source edit: only the service compiles, and the
 *     registry sees no request at all (the crates and the index stay in the builder's CARGO_HOME:
 *     the dependency layer with LAYER, the registry cache mount with CACHE_MOUNT).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { RustDockerImageOptions } from '../../src';
import { DependencyCaching } from '../../src';
import { compiledCrates } from './support/build-log';
import { cargoBinary, vendorFromDebian } from './support/cargo';
import { buildOk, imageTag, runImage } from './support/docker';
import { execOk } from './support/exec';
import { copyFixture, editFile, scratchDir, setFileTimes, synthesize } from './support/fixture';
import type { Recorder } from './support/report';
import { variant } from './support/report';
import type { RegistryServer } from './support/sparse-registry';
import { buildRegistry, serveRegistry } from './support/sparse-registry';
import { describeE2E } from './support/suite';

const FIXTURE = 'fresh-checkout';
const SERVICE = 'e2e-fresh-checkout';
/** The fixture's crates.io dependencies (and theirs) that the cold build must download. */
const DOWNLOADED = ['libc', 'memchr', 'serde', 'serde_derive', 'proc-macro2', 'quote', 'syn', 'unicode-ident'];

let registry: RegistryServer;
let crates: number;


/** Builds the registry and serves it (inside the suite's describe: nothing runs when the suite is skipped). */
function serveFixtureRegistry(): void {
  beforeAll(async () => {
    // The registry's crates: the fixture's, vendored from Debian's packages.
    const vendored = copyFixture(FIXTURE, 'registry-source');
    vendorFromDebian(vendored);
    const built = buildRegistry(path.join(vendored, 'vendor'), path.join(scratchDir(), 'registry'));
    crates = built.entries.length;
    // On every address, named by the host's first one: the build containers reach it through their bridge.
    const host = execFileSync('hostname', ['-I'], { encoding: 'utf8' }).trim().split(/\s+/)[0];
    registry = await serveRegistry(built.dir, { host: '0.0.0.0', publicHost: host });
  });

  afterAll(async () => {
    await registry?.close();
  });
}

/** A checkout whose crates come from the registry: its config names it, its Cargo.lock is generated against it. */
async function checkout(slug: string, options: RustDockerImageOptions, when: Date): Promise<string> {
  const dir = copyFixture(FIXTURE, slug);
  fs.writeFileSync(path.join(dir, '.cargo', 'config.toml'),
    `[source.crates-io]\nreplace-with = "local"\n\n[source.local]\nregistry = "${registry.index}"\n`);
  fs.rmSync(path.join(dir, 'Cargo.lock'));
  // Async: the registry is served from this process. A CARGO_HOME of its own: nothing of the host's.
  const home = path.join(scratchDir(), 'cargo-home');
  await execOk(cargoBinary(), ['generate-lockfile'], { cwd: dir, env: { ...process.env, CARGO_HOME: home } });
  synthesize(dir, [options]);
  setFileTimes(dir, when);
  return dir;
}

/** The registry's requests from `from` on: `<status> <path>`. */
function requestsSince(from: number): string[] {
  return registry.requests.slice(from);
}

async function twoCheckouts(recorder: Recorder, slug: string, options: RustDockerImageOptions): Promise<void> {
  const tag = imageTag(`cargo-registry-${slug}`);
  const a = await checkout(slug, options, new Date(Date.now() - 3600_000));
  const before = registry.requests.length;
  const cold = await buildOk(a, tag);
  const fetched = requestsSince(before);
  recorder.note('registry', `${registry.index} (${crates} crates)`);
  recorder.note('first build s', cold.seconds);
  recorder.note('first build requests', fetched.length);
  // Every crate of the lockfile came through the registry, none was refused or missing.
  expect(fetched.filter((r) => !r.startsWith('200 '))).toEqual([]);
  for (const name of DOWNLOADED) {
    expect(fetched).toContainEqual(expect.stringMatching(new RegExp(`^200 /crates/${name}-[0-9][^/]*\\.crate$`)));
  }
  // The downloaded crates compile (a registry of its own port: new package ids, even in a cache
  // mount that outlived an earlier run; the path dependency is only known to compile with LAYER).
  expect(compiledCrates(cold.log)).toEqual(expect.arrayContaining(['libc', 'serde', 'proc-macro2', SERVICE, ...(options.caching === DependencyCaching.CACHE_MOUNT ? [] : ['wire'])]));
  expect((await runImage(tag)).stdout).toBe('fresh-checkout wire-v3 5:hello colon at Some(1) (pid>0: true)\n');

  // Checkout B: same commit, newer file times, a source edit.
  const b = await checkout(slug, options, new Date(Date.now() + 60_000));
  editFile(b, 'src/main.rs', 'text: "hello"', 'text: "hello from checkout B"');
  const again = registry.requests.length;
  const edit = await buildOk(b, tag);
  recorder.note('source edit, fresh checkout s', edit.seconds);
  recorder.note('compiled', compiledCrates(edit.log));
  expect(compiledCrates(edit.log)).toEqual([SERVICE]);
  // Nothing fetched again: not the index, not a crate.
  expect(requestsSince(again)).toEqual([]);
  expect((await runImage(tag)).stdout).toBe('fresh-checkout wire-v3 21:hello from checkout B colon at Some(2) (pid>0: true)\n');
}

describeE2E('crates from a registry: fetched into CARGO_HOME once, never again for a source edit', () => {
  serveFixtureRegistry();

  variant('LAYER: the dependency layer holds the downloaded crates; a fresh checkout\'s source edit fetches nothing', async (recorder) => {
    await twoCheckouts(recorder, 'layer', {});
  });

  variant('CACHE_MOUNT: the registry cache mount holds them; the same', async (recorder) => {
    await twoCheckouts(recorder, 'cache-mount', { caching: DependencyCaching.CACHE_MOUNT });
  });
});
