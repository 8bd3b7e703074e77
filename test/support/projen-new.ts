/**
 * `projen new --from <this package> rust-docker`, for real: the library is compiled with jsii
 * and packed with npm in a temporary copy (never in the checkout), then projen's own CLI
 * creates a project from the tarball without post-synthesis installs (`--no-post`) and
 * without git. npm installs projen (pinned to this repository's version) and the tarball;
 * with a warm npm cache that needs no network. Shared by the unit and end-to-end tests.
 */
import { execFileSync } from 'child_process';
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

export function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', PROJEN_DISABLE_POST: 'true' },
      timeout: PROJEN_NEW_TIMEOUT,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} in ${cwd} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

/** Compiles the library with jsii in a temporary copy and packs it; returns the tarball. */
export function packLibrary(): string {
  const dir = tempDir();
  for (const entry of ['package.json', 'tsconfig.json', 'README.md', 'LICENSE', '.npmignore', 'bin', 'src']) {
    fs.cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  run(path.join(REPO, 'node_modules', '.bin', 'jsii'), ['--silence-warnings=reserved-word'], dir);
  const out = tempDir();
  run('npm', ['pack', '--pack-destination', out], dir);
  const [tarball] = fs.readdirSync(out).filter((f) => f.endsWith('.tgz'));
  return path.join(out, tarball);
}

/** Runs `projen new --from <tarball> rust-docker` in `dir`. */
export function projenNew(dir: string, tarball: string): string {
  return run('node', [PROJEN_CLI, 'new', '--from', tarball, 'rust-docker', '--projen-version', PROJEN_VERSION, '--no-post', '--no-git'], dir);
}
