import { GENERATED_MARKER } from './dockerfile';
import type { CargoPackage, CargoWorkspace } from '../cargo/model';
import { checkWorkspaceValues } from '../plan/safety';

/**
 * The `.dockerignore` for a workspace: build output, VCS, editor, OS and local env files are
 * excluded; then the user's own patterns (`dockerignorePatterns`); last, everything the
 * build reads (see `keptPaths`) is re-included explicitly, so that no broad pattern (`*`,
 * `src/`) can drop it: in a `.dockerignore` the last matching line decides. The sources of
 * the images' `assets` (validated options, relative to the workspace root) are kept the same
 * way. Pure.
 */
export function renderDockerignore(ws: CargoWorkspace, dockerfiles: string[], patterns: string[] = [], assets: string[] = []): string {
  checkWorkspaceValues(ws);
  const kept = keptPaths(ws);
  const keptAssets = unique(assets).filter((a) => !kept.includes(a)).sort();
  const targetDirs = ['target', ...ws.members.filter((p) => p.dir !== '.').map((p) => `${p.dir}/target`)];
  const userLines = trimBlankEdges(patterns);
  const lines = [
    `# ${GENERATED_MARKER}`,
    '',
    '# Cargo build output (the image builds its own)',
    ...unique(targetDirs).map((dir) => `/${dir}/`),
    '',
    '# Version control and CI',
    '.git/',
    '.gitignore',
    '.github/',
    '.gitlab-ci.yml',
    '',
    '# The Dockerfiles themselves: editing them must not invalidate the source layer',
    ...unique(dockerfiles).sort().map((f) => `/${f}`),
    '/.dockerignore',
    '',
    '# projen and Node.js tooling',
    'node_modules/',
    '/.projen/',
    '',
    '# Editors and operating systems',
    '.idea/',
    '.vscode/',
    '*.swp',
    '*~',
    '.DS_Store',
    'Thumbs.db',
    '',
    '# Local environment and secrets',
    '.env',
    '.env.*',
    '',
    ...(userLines.length ? ['# Your patterns (dockerignorePatterns)', ...userLines, ''] : []),
    '# Always kept: the build needs these',
    ...kept.map((path) => `!/${path}`),
    ...(keptAssets.length ? ['', '# Always kept: the images copy these (assets)', ...keptAssets.map((path) => `!/${path}`)] : []),
  ];
  return lines.join('\n') + '\n';
}

/**
 * What the Dockerfile build reads from the context, relative to the workspace root, sorted
 * and without duplicates: every manifest, the lockfile, the toolchain file, the cargo
 * config, vendored source directories and path dependencies (the dependency layer's
 * COPYs), and the sources of every member (the build's mounted context and the `touch` of every
 * target): its `src/` directory when a target lies there, and each target file outside
 * it (build script, `[[bin]] path = "..."` elsewhere, declared examples, tests, benches);
 * and sqlx's offline query data (`.sqlx/`), which the query macros read while they expand.
 */
export function keptPaths(ws: CargoWorkspace): string[] {
  const keep = [
    ...ws.manifests,
    ...(ws.lockfile ? [ws.lockfile] : []),
    ...(ws.toolchain.file ? [ws.toolchain.file] : []),
    ...(ws.cargoConfig.file ? [ws.cargoConfig.file] : []),
    ...ws.cargoConfig.sourceDirs,
    ...ws.pathDependencyDirs,
    ...ws.members.flatMap(memberSources),
    ...(ws.sqlxOfflineData ?? []),
  ];
  return unique(keep).sort();
}

/** A member's `src` directory when one of its targets lies in it, and its target files outside it. */
function memberSources(pkg: CargoPackage): string[] {
  const src = pkg.dir === '.' ? 'src' : `${pkg.dir}/src`;
  const paths = pkg.targets.map((t) => t.path);
  const inSrc = (file: string) => file.startsWith(`${src}/`);
  return [...(paths.some(inSrc) ? [src] : []), ...paths.filter((file) => !inSrc(file))];
}

/** A rule of a `.dockerignore` (Docker skips lines starting with `#` and blank ones). */
function isRule(line: string): boolean {
  return !line.startsWith('#') && line.trim() !== '';
}

/**
 * The `dockerignorePatterns` of the components that share a build context, in the order
 * they were registered, as one list. A list identical to one already merged adds nothing
 * (images given the same patterns); otherwise comments and blank lines are kept where
 * they are, and a rule given more than once is kept at its last place only. Since the last
 * matching rule decides, dropping an earlier copy of a rule never changes what is excluded:
 * the result means what all the lists one after the other mean.
 */
export function mergeDockerignorePatterns(lists: string[][]): string[] {
  const distinct: string[][] = [];
  for (const list of lists) {
    if (!distinct.some((d) => d.length === list.length && d.every((line, i) => line === list[i]))) {
      distinct.push(list);
    }
  }
  const all = distinct.flat();
  const last = new Map<string, number>();
  all.forEach((line, i) => {
    if (isRule(line)) {
      last.set(line.trim(), i);
    }
  });
  return all.filter((line, i) => !isRule(line) || last.get(line.trim()) === i);
}

/** Without blank lines at the start and end: the section has its own separators. */
function trimBlankEdges(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === '') {
    start++;
  }
  while (end > start && lines[end - 1].trim() === '') {
    end--;
  }
  return lines.slice(start, end);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
