/**
 * The cargo configuration in the workspace root's `.cargo/` directory: `.cargo/config.toml`,
 * or the legacy `.cargo/config`, which cargo prefers when both exist. Paths in it are
 * relative to the directory that contains `.cargo/` (here: the workspace root).
 *
 * Only what the build context and the Dockerfile need is read: the directories of `[source.*]`
 * replacements (`directory = "vendor"`, `local-registry = "..."`), the paths of `[patch.*]`
 * entries, and the two `[build]` keys that move the binaries: `target-dir` (where `target/`
 * is) and `target` (the default `--target`, which adds `<triple>/` below it), and the names of
 * `[registries.*]` (the private registries a build may need a token for). cargo accepts
 * them all; whether a container build can honour them is decided when planning.
 */
import * as path from 'path';
import { patchPaths } from './dependencies';
import { exists } from './fsutil';
import type { CargoConfigInfo } from './model';
import { relPosix } from './paths';
import { readTomlFile } from './toml';
import type { Table } from './values';
import { isTable, optString, optTable } from './values';
import { compareStrings, sortedUnique } from '../core/compare';
import { RustDockerError } from '../core/errors';

export interface LoadedCargoConfig {
  readonly info: CargoConfigInfo;
  /** Absolute directories named by `[patch.*]` path entries in the config. */
  readonly patchDirs: string[];
}

export function readCargoConfig(rootDir: string): LoadedCargoConfig {
  const candidates = ['.cargo/config', '.cargo/config.toml'];
  const rel = candidates.find((c) => exists(path.join(rootDir, c)));
  if (rel === undefined) {
    return { info: { file: null, sourceDirs: [], targetDir: null, buildTargets: [], registries: [] }, patchDirs: [] };
  }
  const file = path.join(rootDir, rel);
  const raw = readTomlFile(file);
  const dirs: string[] = [];
  const directorySources: { name: string; dir: string }[] = [];
  const sources = optTable(raw, 'source', file) ?? {};
  for (const [name, source] of Object.entries(sources)) {
    if (!isTable(source)) {
      continue;
    }
    for (const key of ['directory', 'local-registry']) {
      const p = optString(source, key, file, `source.${name}.${key}`);
      if (p !== undefined) {
        dirs.push(relPosix(rootDir, path.resolve(rootDir, p)));
        if (key === 'directory') {
          directorySources.push({ name, dir: relPosix(rootDir, path.resolve(rootDir, p)) });
        }
      }
    }
  }
  const build = optTable(raw, 'build', file) ?? {};
  const registries = Object.entries(optTable(raw, 'registries', file) ?? {}).filter(([, r]) => isTable(r)).map(([name]) => name);
  const targetDir = optString(build, 'target-dir', file, 'build.target-dir');
  return {
    info: {
      file: rel,
      sourceDirs: sortedUnique(dirs),
      directorySources: directorySources.sort((a, b) => compareStrings(a.name, b.name)),
      targetDir: targetDir === undefined ? null : relPosix(rootDir, path.resolve(rootDir, targetDir)),
      buildTargets: buildTargets(build, file),
      registries: registries.sort(compareStrings),
    },
    patchDirs: patchPaths(raw, file, rootDir).map((p) => p.dir),
  };
}

/** `[build] target`: one string or an array of strings (cargo's `BuildTargetConfig`). */
function buildTargets(build: Table, file: string): string[] {
  const v = build.target;
  if (v === undefined) {
    return [];
  }
  if (typeof v === 'string') {
    return [v];
  }
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    return [...(v as string[])];
  }
  throw new RustDockerError({
    file,
    problem: '`build.target` must be a target triple or an array of them (cargo rejects this config as well).',
    fix: 'Write `target = "x86_64-unknown-linux-gnu"` or `target = ["...", "..."]` under `[build]`, or remove it.',
  });
}
