/**
 * Workspace membership, as cargo's `Workspace::find_members` and `validate` decide it:
 *
 * - every `members` entry (globs expanded) is loaded as a member unless `exclude`d;
 * - the root manifest is a member when it is a package;
 * - path dependencies of members that live inside the root become members too,
 *   recursively (outside the root only when they point back to this workspace);
 * - `default-members` counts only when loading from the root itself: loaded from a member's
 *   directory, the default member is that member (a virtual root defaults to all members);
 * - then every member must find this root as its own root, and the package the workspace
 *   was loaded from must be a member.
 */
import * as path from 'path';
import type { DependencyEntry, WorkspaceDependencies } from './dependencies';
import { dependencyEntries } from './dependencies';
import { isDirectory, isFile } from './fsutil';
import { hasGlobMeta } from './glob';
import type { Manifest, ManifestCache } from './manifest';
import type { MemberPath, WorkspaceConfig } from './members';
import { expandMemberEntries, isExcluded, readWorkspaceConfig } from './members';
import { isWithin, relPosix } from './paths';
import { findRoot } from './root';
import { RustDockerError } from '../core/errors';

export interface WorkspaceLayout {
  readonly root: Manifest;
  /** True when the root was found (a `[workspace]` exists); false for a lone package. */
  readonly hasWorkspace: boolean;
  /** Manifest files of the members (absolute, normalised), the virtual root included. */
  readonly members: string[];
  /** Manifest files of the default members. */
  readonly defaultMembers: string[];
}

type Origin =
  | { readonly kind: 'member'; readonly member: MemberPath }
  | { readonly kind: 'dependency'; readonly from: Manifest; readonly dep: DependencyEntry }
  | { readonly kind: 'root' };

function missingManifestError(cfg: WorkspaceConfig, file: string, origin: Origin): RustDockerError {
  const rel = relPosix(cfg.rootDir, path.dirname(file));
  if (origin.kind === 'dependency') {
    return new RustDockerError({
      file: origin.from.file,
      problem: `path dependency \`${origin.dep.key}\` (in \`${origin.dep.section}\`) points to \`${rel}\`, which has no Cargo.toml (cargo fails on this too).`,
      fix: 'Fix the `path` of the dependency, or add the missing crate.',
    });
  }
  if (origin.kind === 'member' && origin.member.unmatched) {
    const what = hasGlobMeta(origin.member.entry) ? 'matches nothing' : 'names a directory that does not exist';
    return new RustDockerError({
      file: cfg.file,
      problem: `\`workspace.members\` entry \`${origin.member.entry}\` ${what}, so cargo looks for \`${rel}/Cargo.toml\` and fails.`,
      fix: `Create the crate, or fix or remove \`${origin.member.entry}\` in \`workspace.members\`.`,
    });
  }
  const via = origin.kind === 'member' && origin.member.glob ? ` (matched by \`${origin.member.glob}\`)` : '';
  const reason = isDirectory(path.dirname(file)) ? 'is a directory without a Cargo.toml' : 'does not exist';
  return new RustDockerError({
    file: cfg.file,
    problem: `workspace member \`${rel}\`${via} ${reason}; cargo fails to load it.`,
    fix: `Add a Cargo.toml to \`${rel}\`, move it out of the pattern's reach, or add \`${rel}\` to \`workspace.exclude\`.`,
  });
}

/** The lone-package case: no `[workspace]` anywhere above. */
export function singlePackageLayout(current: Manifest): WorkspaceLayout {
  return { root: current, hasWorkspace: false, members: [current.file], defaultMembers: [current.file] };
}

export function discoverMembers(
  cache: ManifestCache, rootFile: string, currentFile: string, wsDeps: (root: Manifest) => WorkspaceDependencies | null,
): WorkspaceLayout {
  if (!isFile(rootFile)) {
    const current = cache.load(currentFile);
    throw new RustDockerError({
      file: currentFile,
      problem: `\`package.workspace\` points to \`${path.dirname(rootFile)}\`, which has no Cargo.toml.`,
      fix: current.workspace ? 'Fix the path.' : 'Fix `package.workspace`, or remove it to let cargo search the parent directories.',
    });
  }
  const root = cache.load(rootFile);
  if (!root.workspace) {
    throw new RustDockerError({
      file: rootFile,
      problem: `root of a workspace inferred but wasn't a root: ${currentFile} points here with \`package.workspace\`, but this manifest has no \`[workspace]\`.`,
      fix: 'Add a `[workspace]` section here, or fix `package.workspace`.',
    });
  }
  const cfg = readWorkspaceConfig(root);
  const deps = wsDeps(root);
  const members: string[] = [];

  const findPathDeps = (manifestFile: string, origin: Origin): void => {
    const file = path.resolve(manifestFile);
    if (members.includes(file)) {
      return;
    }
    if (origin.kind === 'dependency' && !isWithin(cfg.rootDir, path.dirname(file))) {
      if (!isFile(file)) {
        throw missingManifestError(cfg, file, origin);
      }
      if (findRoot(cache, file) !== rootFile) {
        return; // a path dependency outside the workspace: not a member
      }
    }
    if (isExcluded(cfg, file)) {
      return;
    }
    members.push(file);
    if (!isFile(file)) {
      throw missingManifestError(cfg, file, origin);
    }
    const m = cache.load(file);
    if (!m.package) {
      return;
    }
    for (const dep of dependencyEntries(m, deps)) {
      if (dep.pathDir !== undefined) {
        findPathDeps(path.join(dep.pathDir, 'Cargo.toml'), { kind: 'dependency', from: m, dep });
      }
    }
  };

  const memberPaths = expandMemberEntries(cfg, cfg.members ?? [], 'workspace.members');
  for (const member of memberPaths) {
    findPathDeps(path.join(member.dir, 'Cargo.toml'), { kind: 'member', member });
  }
  findPathDeps(rootFile, { kind: 'root' });

  let defaultMembers: string[];
  if (rootFile === currentFile && cfg.defaultMembers !== undefined) {
    defaultMembers = [];
    for (const dm of expandMemberEntries(cfg, cfg.defaultMembers, 'workspace.default-members')) {
      const dir = path.resolve(dm.dir);
      const file = path.join(dir, 'Cargo.toml');
      if (!members.includes(file)) {
        const excluded = memberPaths.some((mp) => path.resolve(mp.dir) === dir) && isExcluded(cfg, dir);
        if (excluded) {
          continue;
        }
        throw new RustDockerError({
          file: rootFile,
          problem: `\`workspace.default-members\` entry \`${dm.entry}\` names \`${relPosix(cfg.rootDir, dir)}\`, which is not a member of the workspace (cargo fails on this too).`,
          fix: 'List only members in `default-members`, or add the package to `workspace.members`.',
        });
      }
      defaultMembers.push(file);
    }
  } else if (!cache.load(currentFile).package) {
    defaultMembers = [...members];
  } else {
    defaultMembers = [currentFile];
  }

  validate(cache, cfg, rootFile, currentFile, members);
  return { root, hasWorkspace: true, members, defaultMembers };
}

function validate(cache: ManifestCache, cfg: WorkspaceConfig, rootFile: string, currentFile: string, members: string[]): void {
  for (const file of members) {
    if (file !== rootFile && cache.load(file).workspace) {
      throw new RustDockerError({
        file,
        problem: `multiple workspace roots found in the same workspace: this manifest has a \`[workspace]\` and is also a member of ${rootFile}.`,
        fix: 'Remove `[workspace]` from this manifest, or add its directory to `workspace.exclude` of the outer workspace.',
      });
    }
  }
  for (const file of members) {
    const found = findRoot(cache, file);
    if (found === rootFile) {
      continue;
    }
    throw new RustDockerError({
      file,
      problem: found
        ? `package is a member of the wrong workspace: expected ${rootFile}, found ${found}.`
        : `workspace member is not hierarchically below the workspace root ${rootFile}.`,
      fix: found
        ? 'Fix `package.workspace`, or exclude the package from one of the workspaces.'
        : `Add \`workspace = "${path.relative(path.dirname(file), cfg.rootDir).split(path.sep).join('/')}"\` under \`[package]\`.`,
    });
  }
  if (!members.includes(currentFile)) {
    const rel = relPosix(cfg.rootDir, path.dirname(currentFile));
    throw new RustDockerError({
      file: currentFile,
      problem: `current package believes it's in a workspace when it's not: the workspace at ${rootFile} does not list it as a member (cargo fails on this too).`,
      fix: `Add \`${rel}\` to \`workspace.members\` in ${rootFile}; or, to keep it out of that workspace, add it to \`workspace.exclude\` or add an empty \`[workspace]\` table to this manifest.`,
    });
  }
}
