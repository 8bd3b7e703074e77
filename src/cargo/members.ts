/**
 * The `[workspace]` table: `members`, `exclude` and `default-members`, with cargo's rules:
 *
 * - `members` entries are globs relative to the root; an entry that matches nothing is kept
 *   as a literal path (and then fails to load, as in cargo); matches that are not
 *   directories (files) are silently dropped;
 * - `exclude` entries are plain path prefixes (no globs), compared component by component;
 *   a path under a literal `members` entry is never excluded.
 */
import * as path from 'path';
import { isDirectory } from './fsutil';
import { GlobPatternError, expandGlob } from './glob';
import type { Manifest } from './manifest';
import { isWithin } from './paths';
import { optStringArray } from './values';
import { RustDockerError } from '../core/errors';

export interface WorkspaceConfig {
  /** Absolute path of the root manifest. */
  readonly file: string;
  /** The root directory. */
  readonly rootDir: string;
  /** `members`, as written (undefined when absent). */
  readonly members?: string[];
  /** `exclude`, as written. */
  readonly exclude: string[];
  /** `default-members`, as written (undefined when absent). */
  readonly defaultMembers?: string[];
}

export interface MemberPath {
  /** Absolute directory, as expanded (not normalised). */
  readonly dir: string;
  /** The glob the directory came from, when a wildcard was used. */
  readonly glob: string | null;
  /** The entry as written in the manifest. */
  readonly entry: string;
  /** True when the entry matched nothing and is kept as a literal path. */
  readonly unmatched: boolean;
}

export function readWorkspaceConfig(m: Manifest): WorkspaceConfig {
  const ws = m.workspace ?? {};
  return {
    file: m.file,
    rootDir: m.dir,
    members: optStringArray(ws, 'members', m.file, 'workspace.members'),
    exclude: optStringArray(ws, 'exclude', m.file, 'workspace.exclude') ?? [],
    defaultMembers: optStringArray(ws, 'default-members', m.file, 'workspace.default-members'),
  };
}

/** cargo's `WorkspaceRootConfig::is_excluded`, for a manifest path or a directory. */
export function isExcluded(cfg: WorkspaceConfig, p: string): boolean {
  const excluded = cfg.exclude.some((ex) => isWithin(path.join(cfg.rootDir, ex), p));
  const explicitMember = (cfg.members ?? []).some((mem) => isWithin(path.join(cfg.rootDir, mem), p));
  return !explicitMember && excluded;
}

/** Expands `members` or `default-members` entries (cargo's `members_paths`). */
export function expandMemberEntries(cfg: WorkspaceConfig, entries: string[], key: string): MemberPath[] {
  const out: MemberPath[] = [];
  for (const entry of entries) {
    const literal = path.join(cfg.rootDir, entry);
    let expanded: string[];
    try {
      expanded = expandGlob(cfg.rootDir, entry);
    } catch (e) {
      if (e instanceof GlobPatternError) {
        throw new RustDockerError({
          file: cfg.file,
          problem: `\`${key}\` entry \`${entry}\` is not a valid glob pattern: ${e.reason} (near position ${e.position}).`,
          fix: 'Use `*`, `?`, `[...]` within one path component, or `**` as a whole component (cargo rejects this pattern as well).',
        });
      }
      throw e;
    }
    if (expanded.length === 0) {
      out.push({ dir: literal, glob: null, entry, unmatched: true });
      continue;
    }
    const usedGlob = expanded.length > 1 || path.resolve(expanded[0]) !== path.resolve(literal);
    for (const dir of expanded) {
      if (isDirectory(dir)) {
        out.push({ dir, glob: usedGlob ? entry : null, entry, unmatched: false });
      }
    }
  }
  return out;
}
