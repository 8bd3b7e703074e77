/**
 * Test helpers: run the real cargo on a copy of a fixture (cargo never writes into the
 * repository) and map its answers to root-relative `/` paths.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadWorkspace } from '../../src/cargo/workspace';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cargo');

/** A temporary directory removed by `cleanupTemp`. */
const temps: string[] = [];

export function tempDir(prefix = 'cargo-test-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(d);
  return d;
}

export function cleanupTemp(): void {
  for (const d of temps.splice(0)) {
    fs.rmSync(d, { recursive: true, force: true });
  }
}

/** Copies `test/fixtures/cargo/<name>` (symlinks kept as links) into a fresh temp dir. */
export function copyFixture(name: string): string {
  const dest = path.join(tempDir(), path.basename(name));
  fs.cpSync(path.join(FIXTURES, name), dest, { recursive: true, verbatimSymlinks: true });
  return dest;
}

/** Writes `files` (path → content) under a fresh temp dir and returns it. */
export function writeTree(files: Record<string, string>): string {
  const root = tempDir();
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(root, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return root;
}

let toolchainOverride: string | undefined | null = null;

/**
 * Fixtures pin toolchains that are not installed (and cannot be downloaded here), so cargo
 * runs with the toolchain that is active outside any project.
 */
function rustupToolchain(): string | undefined {
  if (toolchainOverride === null) {
    const r = spawnSync('rustup', ['show', 'active-toolchain'], { cwd: os.tmpdir(), encoding: 'utf8' });
    toolchainOverride = r.status === 0 ? r.stdout.trim().split(/\s+/)[0] : undefined;
  }
  return process.env.RUSTUP_TOOLCHAIN ?? toolchainOverride;
}

export interface CargoRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCargo(cwd: string, args: string[]): CargoRun {
  const env: NodeJS.ProcessEnv = { ...process.env, CARGO_TARGET_DIR: path.join(tempDir('cargo-target-'), 'target') };
  const tc = rustupToolchain();
  if (tc) {
    env.RUSTUP_TOOLCHAIN = tc;
  }
  const r = spawnSync('cargo', args, { cwd, env, encoding: 'utf8' });
  if (r.error) {
    throw new Error(`cannot run cargo (the oracle of these tests): ${r.error.message}`);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface MetaTarget {
  readonly 'kind': string[];
  readonly 'name': string;
  readonly 'src_path': string;
  readonly 'required-features'?: string[];
}

export interface MetaPackage {
  readonly name: string;
  readonly version: string;
  readonly id: string;
  readonly edition: string;
  readonly rust_version: string | null;
  readonly default_run: string | null;
  readonly manifest_path: string;
  readonly description: string | null;
  readonly license: string | null;
  readonly repository: string | null;
  readonly homepage: string | null;
  readonly authors: string[];
  readonly source: string | null;
  readonly features: Record<string, string[]>;
  readonly targets: MetaTarget[];
}

export interface Metadata {
  readonly packages: MetaPackage[];
  readonly workspace_members: string[];
  readonly workspace_default_members: string[];
  readonly workspace_root: string;
}

/**
 * `cargo metadata --format-version 1 --offline`: with `--no-deps`, or when `resolve`, with the
 * whole dependency graph for every feature (so optional path dependencies appear too).
 */
export function cargoMetadata(cwd: string, resolve = false): { meta: Metadata; stderr: string } {
  const args = ['metadata', '--format-version', '1', '--offline', ...(resolve ? ['--all-features'] : ['--no-deps'])];
  const r = runCargo(cwd, args);
  if (r.status !== 0) {
    throw new Error(`cargo ${args.join(' ')} failed in ${cwd}:\n${r.stderr}`);
  }
  return { meta: JSON.parse(r.stdout) as Metadata, stderr: r.stderr };
}

export function rel(root: string, p: string): string {
  const r = path.relative(root, p);
  return r === '' ? '.' : r.split(path.sep).join('/');
}

export function sorted<T>(xs: T[], key: (x: T) => string = (x) => String(x)): T[] {
  return [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * A Cargo.lock for the workspace in `dir` that lists every member (name and version), as
 * planning requires (`cargo build --locked` fails without them). Dependencies from a
 * registry are not listed: enough for planning, not for a real build. When the workspace
 * cannot be loaded (error fixtures), a lock file without packages.
 */
export function memberLockfile(dir: string): string {
  let members: { name: string; version: string }[] = [];
  try {
    members = loadWorkspace(dir).members;
  } catch {
    members = [];
  }
  return '# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n' +
    members.map((m) => `\n[[package]]\nname = ${JSON.stringify(m.name)}\nversion = ${JSON.stringify(m.version)}\n`).join('');
}
