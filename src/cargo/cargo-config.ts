/**
 * The cargo configuration in the workspace root's `.cargo/` directory: `.cargo/config.toml`,
 * or the legacy `.cargo/config`, which cargo prefers when both exist. Paths in it are
 * relative to the directory that contains `.cargo/` (here: the workspace root).
 *
 * Only what the build context needs is read: the directories of `[source.*]` replacements
 * (`directory = "vendor"`, `local-registry = "..."`) and the paths of `[patch.*]` entries.
 */
import * as path from 'path';
import { patchPaths } from './dependencies';
import { exists } from './fsutil';
import type { CargoConfigInfo } from './model';
import { relPosix } from './paths';
import { readTomlFile } from './toml';
import { isTable, optString, optTable } from './values';
import { sortedUnique } from '../core/compare';

export interface LoadedCargoConfig {
  readonly info: CargoConfigInfo;
  /** Absolute directories named by `[patch.*]` path entries in the config. */
  readonly patchDirs: string[];
}

export function readCargoConfig(rootDir: string): LoadedCargoConfig {
  const candidates = ['.cargo/config', '.cargo/config.toml'];
  const rel = candidates.find((c) => exists(path.join(rootDir, c)));
  if (rel === undefined) {
    return { info: { file: null, sourceDirs: [] }, patchDirs: [] };
  }
  const file = path.join(rootDir, rel);
  const raw = readTomlFile(file);
  const dirs: string[] = [];
  const sources = optTable(raw, 'source', file) ?? {};
  for (const [name, source] of Object.entries(sources)) {
    if (!isTable(source)) {
      continue;
    }
    for (const key of ['directory', 'local-registry']) {
      const p = optString(source, key, file, `source.${name}.${key}`);
      if (p !== undefined) {
        dirs.push(relPosix(rootDir, path.resolve(rootDir, p)));
      }
    }
  }
  return {
    info: { file: rel, sourceDirs: sortedUnique(dirs) },
    patchDirs: patchPaths(raw, file, rootDir).map((p) => p.dir),
  };
}
