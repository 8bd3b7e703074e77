/**
 * The machine's cargo, offline: lockfiles and `cargo vendor` from Debian's packaged crates
 * (`librust-*-dev`, sources under /usr/share/cargo/registry), as crates.io is unreachable.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const DEBIAN_REGISTRY = '/usr/share/cargo/registry';

/** Replaces crates.io with Debian's registry directory, overriding the fixture's own config. */
const FROM_DEBIAN = [
  '--config', 'source.crates-io.replace-with="debian-packages"',
  '--config', `source.debian-packages.directory="${DEBIAN_REGISTRY}"`,
];

/** The machine's cargo: `$CARGO_HOME/bin/cargo` (or `~/.cargo/bin/cargo`) when there, else `cargo` on the PATH. */
export function cargoBinary(): string {
  const home = path.join(process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'), 'bin', 'cargo');
  return fs.existsSync(home) ? home : 'cargo';
}

function run(dir: string, args: string[]): string {
  try {
    return execFileSync(cargoBinary(), args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`cargo ${args.join(' ')} in ${dir} failed: ${err.stderr ?? err.message}`);
  }
}

/** `cargo generate-lockfile --offline`, resolving crates.io dependencies from Debian's registry. */
export function generateLockfile(dir: string): void {
  run(dir, ['generate-lockfile', '--offline', ...FROM_DEBIAN]);
}

/** Fills `vendor/` from Debian's registry (`cargo vendor --offline --respect-source-config`). */
export function vendorFromDebian(dir: string): void {
  fs.rmSync(path.join(dir, 'vendor'), { recursive: true, force: true });
  run(dir, ['vendor', '--offline', '--respect-source-config', '--locked', ...FROM_DEBIAN, 'vendor']);
}
