/**
 * Finding the workspace root of a manifest, as cargo's `Workspace::find_root` does:
 *
 * 1. the manifest itself, when it has `[workspace]` (and does not exclude itself), or the
 *    directory its `package.workspace` key points to;
 * 2. else the nearest ancestor directory (starting with the parent of the manifest's
 *    directory) whose Cargo.toml has a `[workspace]` that does not `exclude` the manifest, or
 *    whose `package.workspace` points somewhere. Membership is NOT checked here: a root found
 *    this way that does not list the package is an error later ("believes it's in a
 *    workspace when it's not"). The walk stops at `target/package` and does not leave
 *    `CARGO_HOME`.
 */
import * as os from 'os';
import * as path from 'path';
import { exists } from './fsutil';
import type { Manifest, ManifestCache } from './manifest';
import { workspacePointer } from './manifest';
import { isExcluded, readWorkspaceConfig } from './members';

/** The root a manifest names by itself, if any (cargo's `get_ws_root`). */
function ownRoot(m: Manifest, lookFrom: string): string | null {
  if (m.workspace) {
    return isExcluded(readWorkspaceConfig(m), lookFrom) ? null : m.file;
  }
  const pointer = workspacePointer(m);
  if (pointer !== undefined) {
    return path.resolve(m.dir, pointer, 'Cargo.toml');
  }
  return null;
}

function cargoHome(): string {
  return path.resolve(process.env.CARGO_HOME || path.join(os.homedir(), '.cargo'));
}

/** Absolute path of the root manifest for `manifestFile`, or null when it has none. */
export function findRoot(cache: ManifestCache, manifestFile: string): string | null {
  const own = ownRoot(cache.load(manifestFile), manifestFile);
  if (own) {
    return own;
  }
  const home = cargoHome();
  let previous: string | null = null;
  let dir = path.dirname(path.dirname(manifestFile));
  for (;;) {
    if (previous !== null && previous === home) {
      break;
    }
    if (dir.endsWith(`${path.sep}target${path.sep}package`)) {
      break;
    }
    const candidate = path.join(dir, 'Cargo.toml');
    if (exists(candidate)) {
      const root = ownRoot(cache.load(candidate), manifestFile);
      if (root) {
        return root;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      break;
    }
    previous = dir;
    dir = parent;
  }
  return null;
}
