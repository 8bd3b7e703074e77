/**
 * `projen new --from <this package> rust-docker`, for real: the library is compiled with jsii
 * and packed with npm in a temporary copy (never in the checkout), then projen's own CLI
 * creates a project from the tarball without post-synthesis installs (`--no-post`) and
 * without git. npm installs projen (pinned to this repository's version) and the tarball;
 * with a warm npm cache that needs no network. Shared by the unit and end-to-end tests.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '..', '..');
const PROJEN_CLI = path.join(REPO, 'node_modules', 'projen', 'bin', 'projen');
const PROJEN_VERSION = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', 'projen', 'package.json'), 'utf8')).version as string;
export const PROJEN_NEW_TIMEOUT = 300_000;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'prd-new-'));
}

/** Runs a command; its stdout followed by its stderr (projen logs there). Throws with both when it fails. */
export function run(command: string, args: string[], cwd: string, post = false): string {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', PROJEN_DISABLE_POST: 'true' };
  if (post) {
    delete env.PROJEN_DISABLE_POST;
  }
  // projen silences its logger under jest (NODE_ENV=test); the user sees it.
  delete env.NODE_ENV;
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env, timeout: PROJEN_NEW_TIMEOUT });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} in ${cwd} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}):\n${result.stdout ?? ''}\n${result.stderr ?? ''}`);
  }
  return `${result.stdout}${result.stderr}`;
}

const PACKED = ['package.json', 'tsconfig.json', 'README.md', 'LICENSE', '.npmignore', 'bin', 'src'];

/** A hash of everything that goes into the tarball, so test files packing the same sources share one. */
function sourcesHash(): string {
  const hash = createHash('sha256');
  const add = (rel: string) => {
    const full = path.join(REPO, rel);
    if (fs.statSync(full).isDirectory()) {
      fs.readdirSync(full).sort().forEach((e) => add(path.join(rel, e)));
    } else {
      hash.update(`${rel}\0`).update(fs.readFileSync(full)).update('\0');
    }
  };
  PACKED.forEach(add);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Compiles the library with jsii in a temporary copy and packs it; returns the tarball. The
 * tarball of the same sources is reused (by content hash) within and across test files.
 */
export function packLibrary(): string {
  const cached = path.join(os.tmpdir(), `prd-pack-${sourcesHash()}.tgz`);
  if (fs.existsSync(cached)) {
    return cached;
  }
  const tarball = packFresh();
  const partial = `${cached}.${process.pid}`;
  fs.copyFileSync(tarball, partial);
  fs.renameSync(partial, cached);
  return cached;
}

function packFresh(): string {
  const dir = tempDir();
  for (const entry of PACKED) {
    fs.cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  run(path.join(REPO, 'node_modules', '.bin', 'jsii'), ['--silence-warnings=reserved-word'], dir);
  const out = tempDir();
  run('npm', ['pack', '--pack-destination', out], dir);
  const [tarball] = fs.readdirSync(out).filter((f) => f.endsWith('.tgz'));
  return path.join(out, tarball);
}

/**
 * Runs `projen new --from <tarball> rust-docker` in `dir`; its output (stdout and stderr).
 * `post: true` lets projen run its post-synthesis steps (installs), as a user's `projen new` does.
 */
export function projenNew(dir: string, tarball: string, options: { post?: boolean } = {}): string {
  return run('node', [PROJEN_CLI, 'new', '--from', tarball, 'rust-docker', '--projen-version', PROJEN_VERSION, ...(options.post ? [] : ['--no-post']), '--no-git'], dir, options.post);
}

/**
 * Installs the packed library (and projen, its peer) into a temporary prefix, as
 * `npx projen-rust-docker` does; returns that node_modules directory.
 */
export function installLibrary(tarball: string): string {
  const prefix = tempDir();
  run('npm', ['install', '--prefix', prefix, '--no-package-lock', tarball, `projen@${PROJEN_VERSION}`], prefix);
  return path.join(prefix, 'node_modules');
}

/** Runs `projen-rust-docker adopt` from an installed library in `dir`; its output. */
export function adoptWith(nodeModules: string, dir: string, args: string[] = []): string {
  return run('node', [path.join(nodeModules, 'projen-rust-docker', 'bin', 'projen-rust-docker'), 'adopt', ...args], dir);
}
