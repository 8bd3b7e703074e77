import { GENERATED_MARKER } from './dockerfile';
import type { CargoWorkspace } from '../cargo/model';
import { checkWorkspaceValues } from '../plan/safety';

/**
 * The `.dockerignore` for a workspace: build output, VCS, editor, OS and local env files are
 * excluded; everything the build needs (manifests, lockfile, toolchain file, cargo config,
 * vendored sources, path dependencies, build-script inputs) is kept, and re-included
 * explicitly in case a broad pattern would catch it. Pure.
 */
export function renderDockerignore(ws: CargoWorkspace, dockerfiles: string[]): string {
  checkWorkspaceValues(ws);
  const targetDirs = ['target', ...ws.members.filter((p) => p.dir !== '.').map((p) => `${p.dir}/target`)];
  const keep = [
    ...ws.manifests,
    ...(ws.lockfile ? [ws.lockfile] : []),
    ...(ws.toolchain.file ? [ws.toolchain.file] : []),
    ...(ws.cargoConfig.file ? [ws.cargoConfig.file] : []),
    ...ws.cargoConfig.sourceDirs,
    ...ws.pathDependencyDirs,
  ];
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
    '# Always kept: the build needs these',
    ...unique(keep).sort().map((path) => `!/${path}`),
  ];
  return lines.join('\n') + '\n';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
