/**
 * `loadWorkspace(dir)`: the Cargo workspace seen from `dir`, as `cargo metadata --no-deps`
 * run in `dir` reports it, plus what a container build needs to know about the files around
 * it (lockfile, toolchain file, cargo config, manifests of non-member path dependencies).
 * Read-only: nothing is ever written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readCargoConfig } from './cargo-config';
import type { DependencyEntry } from './dependencies';
import { dependencyEntries, patchPaths, workspaceDependencies } from './dependencies';
import type { WorkspaceLayout } from './discover';
import { discoverMembers, singlePackageLayout } from './discover';
import { isFile } from './fsutil';
import { inheritSource } from './inherit';
import { readLockfile } from './lockfile';
import type { Manifest } from './manifest';
import { ManifestCache } from './manifest';
import type { CargoPackage, CargoWorkspace } from './model';
import type { LoadedPackage } from './package';
import { loadPackage } from './package';
import { isWithin, relPosix } from './paths';
import { findRoot } from './root';
import { findSqlxOfflineData } from './sqlx';
import { readToolchain } from './toolchain';
import { compareStrings, sortedUnique } from '../core/compare';
import { RustDockerError } from '../core/errors';

const SKIP_DIRS = new Set(['target', 'node_modules', '.git']);

/** Cargo.toml files up to two levels below `dir` (for the "not found" hint). */
function manifestsBelow(dir: string, depth = 2): string[] {
  if (depth === 0) {
    return [];
  }
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.filter((x) => x.isDirectory() && !SKIP_DIRS.has(x.name)).sort((a, b) => compareStrings(a.name, b.name))) {
    const sub = path.join(dir, e.name);
    if (isFile(path.join(sub, 'Cargo.toml'))) {
      out.push(path.join(sub, 'Cargo.toml'));
    }
    out.push(...manifestsBelow(sub, depth - 1));
  }
  return out;
}

function noManifestError(dir: string): RustDockerError {
  const hints: string[] = [];
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if (isFile(path.join(d, 'Cargo.toml'))) {
      hints.push(`the nearest one above is ${path.join(d, 'Cargo.toml')}`);
      break;
    }
    if (path.dirname(d) === d) {
      break;
    }
  }
  const below = manifestsBelow(dir);
  if (below.length > 0) {
    hints.push(`found below: ${below.slice(0, 5).map((f) => path.relative(dir, f).split(path.sep).join('/')).join(', ')}${below.length > 5 ? ` and ${below.length - 5} more` : ''}`);
  }
  return new RustDockerError({
    file: path.join(dir, 'Cargo.toml'),
    problem: `no Cargo.toml in ${dir} (looked for ${path.join(dir, 'Cargo.toml')})${hints.length ? `; ${hints.join('; ')}` : ''}.`,
    fix: 'Set the `cargoDir` option to the directory that holds the Cargo.toml of your crate or workspace (relative to the project root).',
  });
}

/** Loads the workspace that contains the package (or virtual manifest) in `dir`. */
export function loadWorkspace(dir: string): CargoWorkspace {
  return inspectWorkspace(dir).workspace;
}

export interface WorkspaceInspection {
  readonly workspace: CargoWorkspace;
  /** The members with every target cargo resolves (auto-discovered examples/tests/benches too). */
  readonly packages: LoadedPackage[];
}

/** `loadWorkspace` plus per-package details that the model leaves out. */
export function inspectWorkspace(dir: string): WorkspaceInspection {
  const startDir = path.resolve(dir);
  const currentFile = path.join(startDir, 'Cargo.toml');
  if (!isFile(currentFile)) {
    throw noManifestError(startDir);
  }
  const cache = new ManifestCache();
  const current = cache.load(currentFile);
  const rootFile = findRoot(cache, currentFile);
  const layout: WorkspaceLayout = rootFile === null
    ? singlePackageLayout(current)
    : discoverMembers(cache, rootFile, currentFile, workspaceDependencies);
  const rootDir = layout.root.dir;
  const wsRoot = layout.hasWorkspace ? layout.root : null;
  const inherit = inheritSource(wsRoot);
  const wsDeps = workspaceDependencies(wsRoot);

  const loaded = new Map<string, LoadedPackage>();
  for (const file of layout.members) {
    const m = cache.load(file);
    if (m.package) {
      loaded.set(file, loadPackage(m, rootDir, inherit, wsDeps));
    }
  }
  checkUniqueNames(loaded);
  const members = [...loaded.values()].map((l) => l.pkg).sort((a, b) => compareStrings(a.name, b.name));
  const nameOf = (file: string) => loaded.get(file)?.pkg.name;

  const config = readCargoConfig(rootDir);
  const extra = nonMemberPathPackages(cache, rootDir, layout, loaded, config.patchDirs);
  const insideRoot = (f: string) => isWithin(rootDir, f);
  const memberFiles = layout.members.filter(insideRoot);
  const lockfile = path.join(rootDir, 'Cargo.lock');
  const lock = isFile(lockfile) ? readLockfile(lockfile) : null;

  const workspace: CargoWorkspace = {
    root: rootDir,
    currentPackage: nameOf(currentFile) ?? null,
    members,
    defaultMembers: sortedUnique(layout.defaultMembers.map(nameOf).filter((n): n is string => n !== undefined)),
    manifests: sortedUnique([layout.root.file, ...memberFiles, ...extra.manifests].map((f) => relPosix(rootDir, f))),
    pathDependencyDirs: sortedUnique(extra.dirs.map((d) => relPosix(rootDir, d))),
    externalPathDependencies: sortedUnique([
      ...extra.external,
      ...layout.members.filter((f) => !insideRoot(f)).map((f) => path.dirname(f)),
    ].map((d) => relPosix(rootDir, d))),
    profiles: profileNames(layout.root.raw),
    lockfile: isFile(lockfile) ? 'Cargo.lock' : null,
    lock,
    toolchain: readToolchain(rootDir),
    cargoConfig: config.info,
    sqlxOfflineData: findSqlxOfflineData(rootDir, members.map((m) => m.dir)),
  };
  const packages = [...loaded.values()].sort((a, b) => compareStrings(a.pkg.name, b.pkg.name));
  return { workspace, packages };
}

function profileNames(raw: Manifest['raw']): string[] {
  const profile = raw.profile;
  return profile !== null && typeof profile === 'object' && !Array.isArray(profile) ? sortedUnique(Object.keys(profile)) : [];
}

function checkUniqueNames(loaded: Map<string, LoadedPackage>): void {
  const byName = new Map<string, CargoPackage>();
  for (const [file, l] of loaded) {
    const other = byName.get(l.pkg.name);
    if (other) {
      throw new RustDockerError({
        file,
        problem: `two packages named \`${l.pkg.name}\` in this workspace: ${other.manifestPath} and ${l.pkg.manifestPath} (cargo fails on this too).`,
        fix: 'Rename one of them, or exclude one from the workspace.',
      });
    }
    byName.set(l.pkg.name, l.pkg);
  }
}

interface ExtraPackages {
  /** Manifests of non-member path packages inside the root. */
  readonly manifests: string[];
  /** Their directories. */
  readonly dirs: string[];
  /** Directories of path dependencies outside the root. */
  readonly external: string[];
}

/**
 * Path packages the build needs that are not members: excluded path dependencies,
 * `[patch]`/`[replace]` paths of the root manifest and of the cargo config, and, recursively,
 * their own path dependencies.
 */
function nonMemberPathPackages(
  cache: ManifestCache, rootDir: string, layout: WorkspaceLayout, loaded: Map<string, LoadedPackage>, configPatchDirs: string[],
): ExtraPackages {
  type Item = { readonly dir: string; readonly from: string; readonly what: string };
  const queue: Item[] = [];
  const enqueueDeps = (from: string, deps: DependencyEntry[]) => {
    for (const d of deps) {
      if (d.pathDir !== undefined) {
        queue.push({ dir: d.pathDir, from, what: `path dependency \`${d.key}\` (in \`${d.section}\`)` });
      }
    }
  };
  for (const [file, l] of loaded) {
    enqueueDeps(file, l.dependencies);
  }
  for (const p of patchPaths(layout.root.raw, layout.root.file, rootDir)) {
    queue.push({ dir: p.dir, from: layout.root.file, what: `\`${p.section}.${p.key}\`` });
  }
  for (const dir of configPatchDirs) {
    queue.push({ dir, from: path.join(rootDir, '.cargo'), what: 'a `[patch]` entry of the cargo config' });
  }
  const memberFiles = new Set(layout.members);
  const seen = new Set<string>();
  const out = { manifests: [] as string[], dirs: [] as string[], external: [] as string[] };
  while (queue.length > 0) {
    const item = queue.shift()!;
    const dir = path.resolve(item.dir);
    const file = path.join(dir, 'Cargo.toml');
    if (memberFiles.has(file) || seen.has(dir)) {
      continue;
    }
    seen.add(dir);
    if (!isWithin(rootDir, dir)) {
      out.external.push(dir);
      continue;
    }
    if (!isFile(file)) {
      throw new RustDockerError({
        file: item.from,
        problem: `${item.what} points to \`${relPosix(rootDir, dir)}\`, which has no Cargo.toml (the build would fail).`,
        fix: 'Fix the path, or add the missing crate.',
      });
    }
    out.manifests.push(file);
    out.dirs.push(dir);
    const m = cache.load(file);
    if (m.package) {
      const ownRoot = findRoot(cache, file);
      const wsDeps = workspaceDependencies(ownRoot && isFile(ownRoot) ? cache.load(ownRoot) : null);
      enqueueDeps(file, dependencyEntries(m, wsDeps));
    }
  }
  return out;
}
