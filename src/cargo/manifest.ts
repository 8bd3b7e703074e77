/**
 * Loading Cargo.toml files, each once, with the checks cargo makes before anything else:
 * a manifest has a `[package]` (or the legacy `[project]`) and/or a `[workspace]`, and a
 * virtual manifest (workspace only) has none of the package-only sections.
 */
import * as path from 'path';
import { readTomlFile } from './toml';
import type { Table } from './values';
import { optString, optTable } from './values';
import { RustDockerError } from '../core/errors';

export interface Manifest {
  /** Absolute path of the Cargo.toml. */
  readonly file: string;
  /** Its directory. */
  readonly dir: string;
  /** The whole parsed file. */
  readonly raw: Table;
  /** `[package]` (or `[project]`), if any. */
  readonly package?: Table;
  /** `[workspace]`, if any. */
  readonly workspace?: Table;
}

const PACKAGE_ONLY_SECTIONS = [
  'lib', 'bin', 'example', 'test', 'bench',
  'dependencies', 'dev-dependencies', 'build-dependencies', 'features', 'target', 'badges',
];

/** Parses and checks one manifest (no caching). */
export function readManifest(file: string): Manifest {
  const raw = readTomlFile(file);
  const pkg = optTable(raw, 'package', file) ?? optTable(raw, 'project', file);
  const workspace = optTable(raw, 'workspace', file);
  if (!pkg && !workspace) {
    throw new RustDockerError({
      file,
      problem: 'the manifest is missing either a `[package]` or a `[workspace]` section.',
      fix: 'Add a `[package]` section with at least `name = "..."`, or a `[workspace]` section (cargo rejects this file as well).',
    });
  }
  if (!pkg) {
    for (const section of PACKAGE_ONLY_SECTIONS) {
      if (raw[section] !== undefined) {
        throw new RustDockerError({
          file,
          problem: `this virtual manifest (a \`[workspace]\` without \`[package]\`) specifies a \`${section}\` section, which is not allowed.`,
          fix: `Move \`${section}\` into a member's Cargo.toml, or add a \`[package]\` section to this one.`,
        });
      }
    }
  }
  return { file, dir: path.dirname(file), raw, package: pkg, workspace };
}

/** Loads manifests, each file once. Paths are used as given (callers normalise them). */
export class ManifestCache {
  private readonly manifests = new Map<string, Manifest>();

  public load(file: string): Manifest {
    let m = this.manifests.get(file);
    if (!m) {
      m = readManifest(file);
      this.manifests.set(file, m);
    }
    return m;
  }
}

/** `package.workspace`, the explicit pointer to the workspace root directory, if any. */
export function workspacePointer(m: Manifest): string | undefined {
  return m.package ? optString(m.package, 'workspace', m.file, 'package.workspace') : undefined;
}
