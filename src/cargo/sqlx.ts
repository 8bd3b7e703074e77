/**
 * sqlx's offline query data: what `cargo sqlx prepare` writes so that the `query!` macros
 * compile without a database. sqlx 0.7+ writes a `.sqlx/` directory (into the package's
 * directory, or the workspace root with `--workspace`); sqlx 0.6 wrote `sqlx-data.json`.
 * Read only; never written.
 */
import * as path from 'path';
import { isDirectory, isFile } from './fsutil';

/** The names `cargo sqlx prepare` writes, newest first. */
export const SQLX_OFFLINE_DIR = '.sqlx';
export const SQLX_LEGACY_FILE = 'sqlx-data.json';

/**
 * The offline query data in the workspace root and in each member directory inside it,
 * relative to the root (POSIX separators), sorted: `.sqlx`, `api/.sqlx`, `sqlx-data.json`.
 * `memberDirs` are relative to the root (`.` for the root package).
 */
export function findSqlxOfflineData(rootDir: string, memberDirs: readonly string[]): string[] {
  // A member outside the root (`../shared`) is not in the build context: its data is not either.
  const dirs = [...new Set(['.', ...memberDirs.filter((d) => d !== '..' && !d.startsWith('../'))])];
  const found: string[] = [];
  for (const dir of dirs) {
    const rel = (name: string) => (dir === '.' ? name : `${dir}/${name}`);
    if (isDirectory(path.join(rootDir, dir, SQLX_OFFLINE_DIR))) {
      found.push(rel(SQLX_OFFLINE_DIR));
    }
    if (isFile(path.join(rootDir, dir, SQLX_LEGACY_FILE))) {
      found.push(rel(SQLX_LEGACY_FILE));
    }
  }
  return found.sort();
}
