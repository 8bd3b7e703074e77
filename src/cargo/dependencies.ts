/**
 * Dependency tables of a package manifest: which dependencies are path dependencies (and
 * where they point), and which are optional (for implicit features). Covers
 * `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]` (and their legacy `_`
 * spellings), the same tables under `[target.'cfg(..)']`, and `dep = { workspace = true }`
 * entries, which take their `path` from the root's `[workspace.dependencies]` (relative to
 * the workspace root).
 */
import * as path from 'path';
import type { Manifest } from './manifest';
import { packageNameProblem, printable } from './names';
import type { Table } from './values';
import { isTable, optBoolean, optString, optTable } from './values';
import { RustDockerError } from '../core/errors';

const DEPENDENCY_TABLES = [
  'dependencies', 'dev-dependencies', 'dev_dependencies', 'build-dependencies', 'build_dependencies',
];

/** The root's `[workspace.dependencies]`, for `workspace = true` entries. */
export interface WorkspaceDependencies {
  readonly file: string;
  readonly rootDir: string;
  readonly table: Table;
}

export interface DependencyEntry {
  /** The key in the manifest (the name the package uses; may be a rename). */
  readonly key: string;
  /** `dependencies`, `target.'cfg(unix)'.dev-dependencies`, ... (for messages). */
  readonly section: string;
  readonly dev: boolean;
  /** A build-dependency (`[build-dependencies]`, also under `[target.'cfg(..)']`). */
  readonly build: boolean;
  readonly optional: boolean;
  /** Absolute, normalised directory of a path dependency; undefined otherwise. */
  readonly pathDir?: string;
}

export function workspaceDependencies(root: Manifest | null): WorkspaceDependencies | null {
  if (!root || !root.workspace) {
    return null;
  }
  const table = optTable(root.workspace, 'dependencies', root.file, 'workspace.dependencies') ?? {};
  return { file: root.file, rootDir: root.dir, table };
}

function entry(
  m: Manifest, key: string, spec: unknown, section: string, ws: WorkspaceDependencies | null,
): DependencyEntry {
  const dev = section.endsWith('dev-dependencies') || section.endsWith('dev_dependencies');
  const build = section.endsWith('build-dependencies') || section.endsWith('build_dependencies');
  const nameProblem = packageNameProblem(key);
  if (nameProblem) {
    throw new RustDockerError({
      file: m.file,
      problem: `\`${section}\` has the key \`${printable(key)}\`: ${nameProblem}`,
      fix: 'Name the dependency with letters, digits, `-` and `_`, starting with a letter or `_`; to use another name, write `name = { package = "...", ... }` (cargo rejects the manifest as well).',
    });
  }
  if (typeof spec === 'string') {
    return { key, section, dev, build, optional: false };
  }
  if (!isTable(spec)) {
    throw new RustDockerError({
      file: m.file,
      problem: `\`${section}.${key}\` must be a version string or a table.`,
      fix: `Write \`${key} = "1.0"\` or \`${key} = { path = "..." }\`.`,
    });
  }
  const keyPath = `${section}.${key}`;
  const optional = optBoolean(spec, 'optional', m.file, `${keyPath}.optional`) ?? false;
  if (optional && dev) {
    throw new RustDockerError({
      file: m.file,
      problem: `dev-dependencies are not allowed to be optional: \`${key}\` (in \`${section}\`).`,
      fix: 'Remove `optional = true` from the dev-dependency, or move it to `[dependencies]` (cargo rejects the manifest as well).',
    });
  }
  const renamed = optString(spec, 'package', m.file, `${keyPath}.package`);
  const renameProblem = renamed === undefined ? null : packageNameProblem(renamed);
  if (renameProblem) {
    throw new RustDockerError({
      file: m.file,
      problem: `\`${keyPath}.package\`: ${renameProblem}`,
      fix: 'Write the name of the package as it is published (letters, digits, `-` and `_`); cargo rejects the manifest as well.',
    });
  }
  if (spec.workspace !== undefined) {
    if (spec.workspace !== true) {
      throw new RustDockerError({
        file: m.file,
        problem: `\`${keyPath}.workspace\` cannot be \`${String(spec.workspace)}\`.`,
        fix: 'Use `workspace = true` to inherit from `[workspace.dependencies]`, or remove the key.',
      });
    }
    const inherited = ws?.table[key];
    if (!ws || inherited === undefined) {
      throw new RustDockerError({
        file: m.file,
        problem: `\`${keyPath}\` inherits from the workspace, but \`${key}\` was not found in \`workspace.dependencies\`${ws ? ` of ${ws.file}` : ' (this package has no workspace root)'}.`,
        fix: `Add \`${key}\` to \`[workspace.dependencies]\` in the workspace root's Cargo.toml, or give the dependency its own version or path.`,
      });
    }
    const wsPath = isTable(inherited)
      ? optString(inherited, 'path', ws.file, `workspace.dependencies.${key}.path`)
      : undefined;
    return { key, section, dev, build, optional, pathDir: wsPath === undefined ? undefined : path.resolve(ws.rootDir, wsPath) };
  }
  const p = optString(spec, 'path', m.file, `${keyPath}.path`);
  return { key, section, dev, build, optional, pathDir: p === undefined ? undefined : path.resolve(m.dir, p) };
}

/** Every dependency the package declares, in file order. */
export function dependencyEntries(m: Manifest, ws: WorkspaceDependencies | null): DependencyEntry[] {
  const out: DependencyEntry[] = [];
  const scan = (t: Table, prefix: string) => {
    for (const name of DEPENDENCY_TABLES) {
      const section = `${prefix}${name}`;
      const deps = optTable(t, name, m.file, section);
      for (const [key, spec] of Object.entries(deps ?? {})) {
        out.push(entry(m, key, spec, section, ws));
      }
    }
  };
  scan(m.raw, '');
  const targets = optTable(m.raw, 'target', m.file);
  for (const [cfg, t] of Object.entries(targets ?? {})) {
    if (!isTable(t)) {
      throw new RustDockerError({
        file: m.file,
        problem: `\`target.${cfg}\` must be a table.`,
        fix: `Write it as \`[target.'${cfg}'.dependencies]\`.`,
      });
    }
    scan(t, `target.'${cfg}'.`);
  }
  return out;
}

/** A path named by `[patch.<registry>]` or `[replace]` in the root manifest (or a cargo config). */
export interface PatchPath {
  readonly key: string;
  readonly section: string;
  readonly dir: string;
}

/** Path entries of `[patch.*]` and `[replace]` in `raw`, resolved against `baseDir`. */
export function patchPaths(raw: Table, file: string, baseDir: string): PatchPath[] {
  const out: PatchPath[] = [];
  const collect = (t: Table, section: string) => {
    for (const [key, spec] of Object.entries(t)) {
      if (isTable(spec)) {
        const p = optString(spec, 'path', file, `${section}.${key}.path`);
        if (p !== undefined) {
          out.push({ key, section, dir: path.resolve(baseDir, p) });
        }
      }
    }
  };
  const patch = optTable(raw, 'patch', file);
  for (const [registry, t] of Object.entries(patch ?? {})) {
    if (isTable(t)) {
      collect(t, `patch.${registry}`);
    }
  }
  const replace = optTable(raw, 'replace', file);
  if (replace) {
    collect(replace, 'replace');
  }
  return out;
}
