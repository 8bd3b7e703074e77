import * as fs from 'fs';
import * as path from 'path';
import type { AssetOptions, FinalStageOptions } from './image-options';
import { RustDockerError } from '../core/errors';
import { describeValue, hasControlCharacter, isMap, printable } from '../core/rules';

/**
 * Assets (`FinalStageOptions.assets`): files and directories of the build context copied into
 * the final image. The rules for the two paths (checked when the options are given), the
 * check at synthesis that each source exists in the build context, and the planned list the
 * Dockerfile and `.dockerignore` render from.
 *
 * A source and a destination reach a Dockerfile `COPY` (JSON form) and a `.dockerignore` line.
 * COPY expands `$VAR` in both paths and matches `*`, `?` and `[...]` in sources; a
 * `.dockerignore` matches the same patterns and trims surrounding spaces. So each path segment
 * is limited to characters all three take literally, and paths are normalized, so the line
 * written is the path meant.
 */

/** One asset of a plan: the option's paths and what the source was at synthesis. */
export interface PlannedAsset {
  /** Relative to the workspace root (the build context), normalized. */
  readonly source: string;
  /** Absolute path in the image, normalized. */
  readonly destination: string;
  readonly kind: 'file' | 'directory';
}

/** Characters of a path segment that COPY and `.dockerignore` take literally (no `$`, globs, quotes, backslash or `:`). */
const SEGMENT = /^[\p{L}\p{N}_.+@=,~ -]+$/u;

/**
 * Paths the engine mounts over when a container starts (the kernel's file systems, the
 * files Docker writes for each container, BuildKit and swarm secrets): an asset there would
 * be hidden at run time.
 */
const MOUNTED = ['/proc', '/sys', '/dev', '/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/run/secrets'];

/**
 * Files the image itself needs: the accounts, name service configuration, the CA bundle (the
 * generated Dockerfile copies it on scratch). A destination may not be one of them, lie
 * inside one, or be a directory above one (copying a directory there merges into it and can
 * replace the file).
 */
const IMAGE_FILES = ['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/gshadow', '/etc/nsswitch.conf', '/etc/ssl/certs/ca-certificates.crt'];

/**
 * Directories of programs and libraries, the binary's own (`/usr/local/bin`) included: an
 * asset there could shadow or replace a program, a library or the binary. The same rule as
 * `IMAGE_FILES`: not the directory, nothing inside it, no directory above it (`/usr`).
 */
const PROGRAM_DIRS = [
  '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32',
  '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib32', '/usr/lib64', '/usr/libexec',
  '/usr/local/bin', '/usr/local/sbin', '/usr/local/lib',
];

const SOURCE_FIX = 'Give a file or directory of the build context (the Cargo workspace root) as a relative path, e.g. "static" or "config/app.toml".';
const DESTINATION_FIX = 'Give the absolute path the asset gets in the image, in a directory of its own, e.g. "/app/static" or "/usr/share/<service>/templates".';

function fail(option: string, problem: string, fix: string): never {
  throw new RustDockerError({ option, problem, fix });
}

/**
 * The `assets` option on its own (types, both paths, duplicate destinations). Throws a
 * RustDockerError naming `assets[i].source`, `assets[i].destination` or `assets[i]`.
 */
export function checkAssets(assets: unknown): void {
  if (!Array.isArray(assets)) {
    fail('assets', `is ${describeValue(assets)}, not a list.`, 'Give an array, e.g. [{ source: "static", destination: "/app/static" }].');
  }
  const destinations = new Map<string, number>();
  assets.forEach((asset: unknown, i) => {
    if (!isMap(asset)) {
      fail(`assets[${i}]`, `is ${describeValue(asset)}, not an object.`, 'Give each asset as { source: "static", destination: "/app/static" }.');
    }
    checkSource(`assets[${i}].source`, asset.source);
    checkDestination(`assets[${i}].destination`, asset.destination);
    const first = destinations.get(asset.destination);
    if (first !== undefined) {
      fail(`assets[${i}].destination`, `is ${JSON.stringify(asset.destination)}, the destination of assets[${first}] too: the second COPY would merge into or replace the first.`,
        'Give each asset its own destination (one asset may lie inside another\'s directory, e.g. "/app/static" and "/app/static/img").');
    }
    destinations.set(asset.destination, i);
  });
}

/** Checks the parts both paths share; `absolute` says which kind of path the value must be. */
function checkPath(option: string, value: unknown, absolute: boolean, fix: string): asserts value is string {
  if (typeof value !== 'string') {
    fail(option, `is ${describeValue(value)}, not a string.`, fix);
  }
  if (value.trim() === '') {
    fail(option, 'is empty.', fix);
  }
  if (hasControlCharacter(value)) {
    fail(option, `is "${printable(value)}", which contains a line break or control character that no Dockerfile line can hold.`, fix);
  }
  if (value.includes('\\')) {
    fail(option, `is ${JSON.stringify(value)}, which contains a backslash: paths in the image and the build context are written with "/".`, fix);
  }
  if (absolute !== value.startsWith('/')) {
    fail(option, absolute
      ? `is ${JSON.stringify(value)}, which is relative: the destination is a path in the image, where there is no directory to be relative to.`
      : `is ${JSON.stringify(value)}, which is absolute: an asset is copied from the build context (the Cargo workspace root), and Docker can copy nothing from outside it.`, fix);
  }
  const segments = (absolute ? value.slice(1) : value).split('/');
  if (segments.includes('..')) {
    fail(option, absolute
      ? `is ${JSON.stringify(value)}, which contains "..": write the path it stands for.`
      : `is ${JSON.stringify(value)}, which leaves the build context ("..").`, absolute ? fix : `${fix} Docker can copy nothing from outside the build context.`);
  }
  const normalized = path.posix.normalize(value).replace(/(.)\/$/, '$1');
  if (normalized === '.' || normalized === '/') {
    fail(option, absolute
      ? `is ${JSON.stringify(value)}, the root directory: the asset would be merged into the whole file system.`
      : `is ${JSON.stringify(value)}, the whole build context: the image would get every source file.`, fix);
  }
  if (normalized !== value) {
    fail(option, `is ${JSON.stringify(value)}, which is not written in its plain form: write ${JSON.stringify(normalized)} (no "./", "//" or trailing "/").`, fix);
  }
  for (const segment of segments) {
    const bad = /[$]/.test(segment) ? 'a "$", which COPY would expand as a variable'
      : /[*?[\]]/.test(segment) ? 'a pattern character (*, ? or [ ]), which COPY and .dockerignore would match against other files'
        : segment !== segment.trim() ? 'a space at the start or end of a name, which .dockerignore would drop'
          : !SEGMENT.test(segment) ? 'a character other than letters, digits, spaces and ". _ - + @ = , ~" (quotes and ":" included)'
            : undefined;
    if (bad) {
      fail(option, `is ${JSON.stringify(value)}, which contains ${bad}.`, `${fix} Rename the file, or copy the directory around it.`);
    }
  }
}

function checkSource(option: string, value: unknown): asserts value is string {
  checkPath(option, value, false, SOURCE_FIX);
}

function checkDestination(option: string, value: unknown): asserts value is string {
  checkPath(option, value, true, DESTINATION_FIX);
  const within = (dir: string) => value === dir || value.startsWith(`${dir}/`);
  const above = (file: string) => file.startsWith(`${value}/`);
  const mounted = MOUNTED.find(within);
  if (mounted) {
    fail(option, `is ${JSON.stringify(value)}, ${value === mounted ? '' : `inside ${mounted}, `}which the container engine mounts over when the container starts: the asset would be hidden.`, DESTINATION_FIX);
  }
  for (const file of IMAGE_FILES) {
    if (within(file) || above(file)) {
      fail(option, `is ${JSON.stringify(value)}, ${value === file ? 'a file' : within(file) ? `inside ${file}, a file` : `a directory that holds ${file}, a file`} the image itself needs: the COPY could replace it.`, DESTINATION_FIX);
    }
  }
  for (const dir of PROGRAM_DIRS) {
    if (within(dir) || above(dir)) {
      const where = value === dir ? 'a directory' : within(dir) ? `inside ${dir}, a directory` : `a directory that holds ${dir}, a directory`;
      const binary = dir === '/usr/local/bin' || (above(dir) && dir.startsWith('/usr/local')) ? ' (the image\'s binary is /usr/local/bin/<binary>)' : '';
      fail(option, `is ${JSON.stringify(value)}, ${where} of programs or libraries${binary}: the asset could shadow or replace them.`, DESTINATION_FIX);
    }
  }
}

/**
 * The assets of one image at synthesis: each source must exist in the build context (`root`,
 * absolute) now, as a file or a directory, and resolve inside it (a symbolic link may point
 * elsewhere in the context); a file's destination cannot hold another asset. Reads the file
 * system every time it runs: nothing is cached between syntheses.
 */
export function planAssets(root: string, assets: readonly AssetOptions[]): PlannedAsset[] {
  const realRoot = realPath(root) ?? root;
  const planned = assets.map((asset, i): PlannedAsset => {
    const option = `assets[${i}].source`;
    const full = path.join(root, ...asset.source.split('/'));
    const real = realPath(full);
    if (real === undefined) {
      fail(option, `is ${JSON.stringify(asset.source)}, which does not exist in the build context (${root}): the Dockerfile's COPY of it would fail.`,
        'Create it, or correct the path (relative to the Cargo workspace root, the build context): a moved or renamed asset must be changed in the assets option too.');
    }
    const relative = path.relative(realRoot, real);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      fail(option, `is ${JSON.stringify(asset.source)}, which resolves through a symbolic link to ${real}, ${relative === '' ? 'the build context itself' : `outside the build context (${root})`}: Docker cannot copy it from there.`,
        'Copy the files into the workspace, or give the path they have inside it.');
    }
    const stat = fs.statSync(full);
    if (!stat.isFile() && !stat.isDirectory()) {
      fail(option, `is ${JSON.stringify(asset.source)}, which is neither a file nor a directory (a socket, pipe or device).`, SOURCE_FIX);
    }
    return { source: asset.source, destination: asset.destination, kind: stat.isDirectory() ? 'directory' : 'file' };
  });
  for (const file of planned.filter((a) => a.kind === 'file')) {
    const inside = planned.findIndex((a) => a.destination.startsWith(`${file.destination}/`));
    if (inside >= 0) {
      fail(`assets[${inside}].destination`, `is ${JSON.stringify(planned[inside].destination)}, inside ${JSON.stringify(file.destination)}, where assets[${planned.indexOf(file)}] copies the file ${JSON.stringify(file.source)}: a file cannot hold other files.`,
        'Copy the asset to another directory, or make the other source a directory.');
    }
  }
  return planned;
}

function realPath(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Runs the planning of one workspace binary: an error about its `assets` names
 * `binaries.<name>.assets[...]` when the binary has its own list (which replaces the
 * workspace-wide one), else the workspace-wide `assets[...]`.
 */
export function withAssetsOf<T>(binary: string, own: FinalStageOptions | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (own?.assets !== undefined && RustDockerError.is(e) && /^assets(\[|$)/.test(e.option ?? '')) {
      throw e.within({ optionPrefix: `binaries.${binary}` });
    }
    throw e;
  }
}

/**
 * Every asset source of a component's options, workspace-wide and per binary (for
 * `RustWorkspaceImages`, whose options have `binaries`), sorted and without duplicates: the
 * `.dockerignore` keeps them in the build context.
 */
export function assetSources(options: FinalStageOptions & { readonly binaries?: { readonly [binary: string]: FinalStageOptions } }): string[] {
  const lists = [options.assets ?? [], ...Object.values(options.binaries ?? {}).map((b) => b.assets ?? [])];
  return [...new Set(lists.flat().map((a) => a.source))].sort();
}
