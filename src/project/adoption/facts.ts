import * as fs from 'fs';
import * as path from 'path';
import type { CargoWorkspace } from '../../cargo/model';
import { loadWorkspace } from '../../cargo/workspace';
import { RustDockerError } from '../../core/errors';
import { ownershipConflict } from '../../projen/ownership';

/**
 * What an existing repository holds that adoption must keep or carry over, read once when
 * `projen new` runs in it. Paths are relative to the project directory, POSIX separators.
 * Reads only; never writes.
 */
export interface RepositoryFacts {
  /** The Cargo directory, relative to the project directory. */
  readonly cargoDir: string;
  /** The Cargo workspace, or undefined when there is none (the sample service is written). */
  readonly workspace?: CargoWorkspace;
  /** The workspace root (the build context, where the Dockerfile goes), relative to the project directory. */
  readonly contextDir: string;
  /** License files at the project's root: `LICENSE*`, `LICENCE*`, `COPYING*` (any case), sorted. */
  readonly licenseFiles: string[];
  /** Lines of the files projen manages and adoption merges, when they exist and projen did not write them. */
  readonly gitignore?: string[];
  readonly gitattributes?: string[];
  readonly npmignore?: string[];
  /** Lines of the build context's `.dockerignore`. */
  readonly dockerignore?: string[];
  /** The project's `package.json`, parsed, when it exists and projen did not write it. */
  readonly packageJson?: { [key: string]: unknown };
  /**
   * A package.json that projen's `new --from` CLI wrote itself before the project ran (it
   * installs projen and the module with npm): only `devDependencies` on those two. Not the
   * user's, so nothing of it is merged, but it may be rewritten.
   */
  readonly packageJsonFromProjenCli?: boolean;
  /** The build context's existing Dockerfile (read through a symbolic link), when there is one. */
  readonly dockerfile?: { readonly path: string; readonly text: string; readonly linkTarget?: string };
  /** Whether a path (relative to the project directory) is taken by something projen did not generate. */
  readonly taken: (file: string) => boolean;
}

const LICENSE_FILE = /^(licen[cs]e|copying)([-._].*)?$/i;

/** Reads the facts of the repository at `outdir` whose Cargo project is in `cargoDir`. */
export function readRepository(outdir: string, cargoDir: string): RepositoryFacts {
  const workspace = fs.existsSync(path.join(outdir, cargoDir, 'Cargo.toml')) ? loadWorkspace(path.join(outdir, cargoDir)) : undefined;
  const contextDir = workspace ? toPosix(path.relative(fs.realpathSync(outdir), workspace.root)) || '.' : cargoDir;
  const listed = new Set<string>();
  const taken = (file: string) => ownershipConflict(outdir, file, listed) !== undefined;
  const userText = (file: string): string | undefined => {
    const full = path.join(outdir, file);
    if (!fs.existsSync(full) || !taken(file) || !fs.statSync(full).isFile()) {
      return undefined;
    }
    return fs.readFileSync(full, 'utf8');
  };
  const lines = (file: string) => {
    const text = userText(file);
    return text === undefined ? undefined : splitLines(text);
  };

  const dockerfilePath = path.posix.join(contextDir, 'Dockerfile');
  const dockerfileFull = path.join(outdir, dockerfilePath);
  let dockerfile: RepositoryFacts['dockerfile'];
  if (fs.existsSync(dockerfileFull) && fs.statSync(dockerfileFull).isFile()) {
    const link = fs.lstatSync(dockerfileFull).isSymbolicLink() ? fs.readlinkSync(dockerfileFull) : undefined;
    dockerfile = { path: dockerfilePath, text: fs.readFileSync(dockerfileFull, 'utf8'), ...(link ? { linkTarget: link } : {}) };
  }

  let packageJson: RepositoryFacts['packageJson'];
  let packageJsonFromProjenCli = false;
  const pkgText = userText('package.json');
  if (pkgText !== undefined) {
    try {
      const parsed: unknown = JSON.parse(pkgText);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error('it is not a JSON object');
      }
      packageJson = parsed as { [key: string]: unknown };
      packageJsonFromProjenCli = fromProjenCli(packageJson);
    } catch (e) {
      throw new RustDockerError({
        file: 'package.json',
        problem: `cannot be read to merge it into the projen-managed package.json: ${(e as Error).message}.`,
        fix: 'Fix the file (it must be a JSON object), then run projen new again. Nothing was written.',
      });
    }
  }

  return {
    cargoDir,
    workspace,
    contextDir,
    licenseFiles: fs.readdirSync(outdir).filter((f) => LICENSE_FILE.test(f)).sort(),
    gitignore: lines('.gitignore'),
    gitattributes: lines('.gitattributes'),
    npmignore: lines('.npmignore'),
    dockerignore: lines(path.posix.join(contextDir, '.dockerignore')),
    packageJson: packageJsonFromProjenCli ? undefined : packageJson,
    packageJsonFromProjenCli,
    dockerfile,
    taken,
  };
}

function fromProjenCli(pkg: { [key: string]: unknown }): boolean {
  const dev = pkg.devDependencies;
  return Object.keys(pkg).join() === 'devDependencies' && dev !== null && typeof dev === 'object' &&
    Object.keys(dev).every((name) => name === 'projen' || name === 'projen-rust-docker');
}

/** The lines of a text file, without the final newline's empty line; CRLF tolerated. */
export function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
