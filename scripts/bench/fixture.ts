/**
 * The benchmarked service (test/fixtures/bench/service) in temporary directories: a checkout
 * made unique per run (so its first build is cold), its vendored crates, a "fresh checkout"
 * (same contents, newer file times), and the edits the scenarios make.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CrateFlavour } from './results';
import { generateLockfile, vendorFromDebian } from '../../test/e2e/support/cargo';
import { editFile, setFileTimes } from '../../test/e2e/support/fixture';
import { REPO_ROOT } from '../../test/e2e/support/paths';

export const SERVICE_FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'bench', 'service');
export const SERVICE_BINARY = 'bench-service';

const made = new Set<string>();

/** Where a checkout's crates come from. */
export interface CrateSource {
  /** `vendored` (cargo vendor, `.cargo/config.toml` directory source) or `registry` (a sparse registry, through CARGO_HOME). */
  readonly name: CrateFlavour;
  /** Gives the copied fixture in `dir` its crates (vendor/, or the registry's config and a Cargo.lock of it). */
  prepare(dir: string): void;
  /** After a Cargo.toml change: Cargo.lock (and vendor/) again. */
  relock(dir: string): void;
}

/** The fixture's own: crates vendored from Debian's registry. */
export const VENDORED: CrateSource = {
  name: 'vendored',
  prepare: vendorFromDebian,
  relock: (dir) => {
    generateLockfile(dir);
    vendorFromDebian(dir);
  },
};

let crateSource: CrateSource = VENDORED;

/** The source every later `checkout` uses (the bench's `--crates`). */
export function useCrateSource(source: CrateSource): void {
  crateSource = source;
}

/** The source checkouts use now. */
export function currentCrateSource(): CrateSource {
  return crateSource;
}

/** A new temporary directory, removed by `removeTemporary()`. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `prd-bench-${prefix}-`));
  made.add(dir);
  return dir;
}

/**
 * Copies the service to a new directory, stamps its Cargo.toml with `stamp` (a comment: new
 * inputs, so nothing is cached from earlier runs) and vendors its crates from Debian's registry.
 */
export function checkout(stamp: string, source: CrateSource = crateSource): string {
  const dir = tempDir('service');
  fs.cpSync(SERVICE_FIXTURE, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'vendor'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'target'), { recursive: true, force: true });
  fs.appendFileSync(path.join(dir, 'Cargo.toml'), `\n# bench ${stamp}\n`);
  source.prepare(dir);
  return dir;
}

/** A second checkout of the same files (`source`, copied before any edit) with every time set to `when`. */
export function freshCheckout(source: string, when: Date): string {
  const dir = tempDir('fresh');
  fs.cpSync(source, dir, { recursive: true });
  setFileTimes(dir, when);
  return dir;
}

/** A source edit: the greeting changes (a real change to the binary). */
export function editSource(dir: string, label: string): void {
  const file = path.join(dir, 'src', 'main.rs');
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(/const GREETING: &str = "[^"]*";/, `const GREETING: &str = "hello from bench-service (${label})";`);
  if (next === text) {
    throw new Error(`no GREETING in ${file}`);
  }
  fs.writeFileSync(file, next);
}

/** A Cargo.lock change: adds `itoa` (a small Debian-packaged crate), then regenerates the lockfile (and vendor/). */
export function addDependency(dir: string): void {
  editFile(dir, 'Cargo.toml', '[dependencies]\n', '[dependencies]\nitoa = "1"\n');
  crateSource.relock(dir);
}

export function removeTemporary(): void {
  for (const dir of made) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  made.clear();
}
