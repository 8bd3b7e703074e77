/**
 * `[workspace.package]` inheritance: a package field written as `field.workspace = true`
 * (or `field = { workspace = true }`) takes the value of `workspace.package.field` in the
 * workspace root. cargo rejects a field that inherits something the root does not define.
 */
import type { Manifest } from './manifest';
import type { Table } from './values';
import { isTable, optTable } from './values';
import { RustDockerError } from '../core/errors';

/** The package fields cargo lets a member inherit. */
export const INHERITABLE_PACKAGE_FIELDS = [
  'authors', 'categories', 'description', 'documentation', 'edition', 'exclude', 'homepage',
  'include', 'keywords', 'license', 'license-file', 'publish', 'readme', 'repository',
  'rust-version', 'version',
];

/** The root's `[workspace.package]`, or null when there is no root (or no such table). */
export interface InheritSource {
  readonly file: string | null;
  readonly table: Table | null;
}

export function inheritSource(root: Manifest | null): InheritSource {
  if (!root || !root.workspace) {
    return { file: root?.file ?? null, table: null };
  }
  return {
    file: root.file,
    table: optTable(root.workspace, 'package', root.file, 'workspace.package') ?? null,
  };
}

/**
 * Returns the package table with every inherited field replaced by the workspace's value.
 * Throws when a field inherits what the workspace does not define.
 */
export function resolveInheritedFields(m: Manifest, pkg: Table, source: InheritSource): Table {
  const out: Table = { ...pkg };
  for (const field of INHERITABLE_PACKAGE_FIELDS) {
    const v = pkg[field];
    if (!isTable(v) || v.workspace === undefined) {
      continue;
    }
    if (v.workspace !== true) {
      throw new RustDockerError({
        file: m.file,
        problem: `\`package.${field}.workspace\` cannot be \`${String(v.workspace)}\`.`,
        fix: `Write \`${field}.workspace = true\` to inherit the value, or give \`${field}\` its own value.`,
      });
    }
    const inherited = source.table?.[field];
    if (inherited === undefined) {
      const where = source.file
        ? `the workspace root ${source.file} does not define \`workspace.package.${field}\``
        : 'the package is not in a workspace';
      throw new RustDockerError({
        file: m.file,
        problem: `\`package.${field}\` inherits from the workspace (\`${field}.workspace = true\`), but ${where}.`,
        fix: source.file
          ? `Add \`${field} = ...\` under \`[workspace.package]\` in ${source.file}, or give \`${field}\` a value in this manifest.`
          : `Give \`${field}\` a value in this manifest.`,
      });
    }
    out[field] = inherited;
  }
  return out;
}
