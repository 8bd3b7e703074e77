import type { CargoWorkspace } from '../cargo/model';
import { RustDockerError } from '../core/errors';

/**
 * The one check between reading the Cargo files and rendering: every value read from them
 * that reaches a generated file (Dockerfile, `.dockerignore`, bake file, tasks, workflows)
 * is proved safe here by a rule for the places it goes, or the renderer quotes it with
 * `src/core/quote.ts`. Cargo's own rules are looser than a Dockerfile can take (a directory
 * may be called `$HOME` or `a*b`), so a value that cargo accepts but no generated file can
 * carry safely is a clear error naming the file and the value. Pure.
 */

/** Line breaks and control characters end a Dockerfile line, a shell word or a YAML scalar. */
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/u;

/** Package, target and dependency names: cargo's identifier characters (Unicode XID, `-`, `_`). */
const NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_-]*$/u;

/** Feature names (`tls`, `serde/derive`, `dep:x`, `dep?/feat`): cargo's feature characters. */
const FEATURE = /^(dep:)?[\p{L}\p{N}_][\p{L}\p{N}_+.-]*(\??\/[\p{L}\p{N}_][\p{L}\p{N}_+.-]*)?$/u;

/**
 * A path segment a Dockerfile COPY, a `.dockerignore` line and a shell word all take
 * literally: no `$` (COPY expands variables), no glob characters `*?[]` (COPY and
 * `.dockerignore` match patterns), no backslash or quotes, no control characters.
 */
const SEGMENT = /^[\p{L}\p{N}_.+@=,~ -]+$/u;

/** Toolchain channels, versions, components and targets: `1.80`, `nightly-2024-05-01`, `rust-src`. */
const TOOLCHAIN_WORD = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Checks every value of the workspace that generated files use. Throws a RustDockerError. */
export function checkWorkspaceValues(ws: CargoWorkspace): void {
  for (const pkg of ws.members) {
    const file = pkg.manifestPath;
    check(file, 'package name', pkg.name, NAME);
    check(file, 'package directory', pkg.dir, undefined, true);
    check(file, 'manifest path', pkg.manifestPath, undefined, true);
    for (const target of pkg.targets) {
      if (target.kind === 'bin') {
        check(file, `name of [[bin]] '${printable(target.name)}'`, target.name, NAME);
      }
      check(file, `path of ${target.kind} target '${printable(target.name)}'`, target.path, undefined, true);
      target.requiredFeatures.forEach((f) => check(file, `required feature of '${printable(target.name)}'`, f, FEATURE));
    }
    pkg.features.forEach((f) => check(file, 'feature name', f, FEATURE));
    if (pkg.rustVersion !== null) {
      check(file, 'rust-version', pkg.rustVersion, TOOLCHAIN_WORD);
    }
  }
  for (const manifest of ws.manifests) {
    check(manifest, 'manifest path', manifest, undefined, true);
  }
  for (const dir of [...ws.pathDependencyDirs, ...ws.cargoConfig.sourceDirs]) {
    check(ws.cargoConfig.file ?? 'Cargo.toml', 'directory the build copies', dir, undefined, true);
  }
  for (const file of [ws.lockfile, ws.toolchain.file, ws.cargoConfig.file]) {
    if (file) {
      check(file, 'file path', file, undefined, true);
    }
  }
  const toolchain = ws.toolchain.file ?? 'rust-toolchain.toml';
  if (ws.toolchain.channel !== null) {
    check(toolchain, 'toolchain channel', ws.toolchain.channel, TOOLCHAIN_WORD);
  }
  ws.toolchain.components.forEach((c) => check(toolchain, 'toolchain component', c, TOOLCHAIN_WORD));
  ws.toolchain.targets.forEach((t) => check(toolchain, 'toolchain target', t, TOOLCHAIN_WORD));
}

/** Free text for labels and comments: control characters become spaces, runs of space one. */
export function plainText(value: string): string {
  return value.replace(new RegExp(CONTROL.source, 'gu'), ' ').replace(/\s+/g, ' ').trim();
}

function check(file: string, what: string, value: string, rule: RegExp | undefined, isPath = false): void {
  if (CONTROL.test(value)) {
    throw unsafe(file, what, value, 'contains a line break or control character, which would start a new line in the generated files');
  }
  if (isPath) {
    checkPath(file, what, value);
  } else if (rule && !rule.test(value)) {
    throw unsafe(file, what, value, 'has characters that cargo\'s own rules for it do not allow');
  }
}

function checkPath(file: string, what: string, value: string): void {
  if (value === '.' || value === '') {
    return;
  }
  if (value.startsWith('/')) {
    throw unsafe(file, what, value, 'is absolute: the Docker build context holds only files under the workspace root');
  }
  for (const segment of value.split('/')) {
    if (segment === '..') {
      throw unsafe(file, what, value, 'leaves the workspace root, which is the Docker build context');
    }
    if (!SEGMENT.test(segment)) {
      throw unsafe(file, what, value, 'has a character that a Dockerfile COPY or .dockerignore would not take literally ($, *, ?, [, ], quotes or backslashes)');
    }
  }
}

function unsafe(file: string, what: string, value: string, why: string): RustDockerError {
  return new RustDockerError({
    file,
    problem: `the ${what} ${JSON.stringify(value)} ${why}.`,
    fix: 'Rename it to letters, digits, \'-\', \'_\' and \'.\' (cargo accepts such names everywhere), or leave this Cargo project out of the image.',
  });
}

function printable(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
