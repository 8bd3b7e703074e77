/**
 * The library target and the build script, as cargo resolves them:
 * - lib: `[lib] path`, else `src/lib.rs` (auto-discovered unless `autolib = false`; a declared
 *   `[lib]` without path still finds it), else on edition 2015 `src/<lib name>.rs`; the name
 *   defaults to the package name with `-` replaced by `_`;
 * - build script: `build = "file.rs"`, `build = false` (none), `build = true` or unset with a
 *   `build.rs` present (`build.rs`). cargo names it `build-script-<file stem>`.
 */
import * as path from 'path';
import { exists } from './fsutil';
import type { CargoTarget } from './model';
import { relPosix } from './paths';
import type { PackageContext } from './targets';
import type { Table } from './values';
import { optString } from './values';
import { RustDockerError } from '../core/errors';

export function resolveLib(lib: Table | undefined, autolib: boolean | undefined, ctx: PackageContext): CargoTarget | null {
  const inferredAbs = path.join(ctx.pkgDir, 'src', 'lib.rs');
  const inferred = exists(inferredAbs) ? inferredAbs : null;
  if (!lib && (autolib === false || !inferred)) {
    return null;
  }
  const table = lib ?? {};
  const name = optString(table, 'name', ctx.file, 'lib.name') ?? ctx.pkgName.replace(/-/g, '_');
  if (name.trim() === '') {
    throw new RustDockerError({
      file: ctx.file,
      problem: 'library target names cannot be empty (`lib.name`).',
      fix: 'Give `[lib]` a non-empty `name`, or remove `name` to use the package name (cargo rejects the manifest as well).',
    });
  }
  if (name.includes('-')) {
    throw new RustDockerError({
      file: ctx.file,
      problem: `library target names cannot contain hyphens: ${name}.`,
      fix: `Use \`name = "${name.replace(/-/g, '_')}"\` in \`[lib]\`.`,
    });
  }
  const declaredPath = optString(table, 'path', ctx.file, 'lib.path');
  let abs: string;
  if (declaredPath !== undefined) {
    abs = path.resolve(ctx.pkgDir, declaredPath);
  } else if (inferred) {
    abs = inferred;
  } else {
    const legacy = path.join(ctx.pkgDir, 'src', `${name}.rs`);
    if (ctx.edition === '2015' && exists(legacy)) {
      abs = legacy;
    } else {
      throw new RustDockerError({
        file: ctx.file,
        problem: `can't find library \`${name}\`, rename file to \`src/lib.rs\` or specify lib.path (cargo fails the same way).`,
        fix: 'Create `src/lib.rs`, or set `path` in `[lib]`.',
      });
    }
  }
  return { kind: 'lib', name, path: relPosix(ctx.rootDir, abs), requiredFeatures: [] };
}

export function resolveBuildScript(pkg: Table, ctx: PackageContext): CargoTarget | null {
  const build = pkg.build;
  let abs: string | null;
  if (build === undefined) {
    const auto = path.join(ctx.pkgDir, 'build.rs');
    abs = exists(auto) ? auto : null;
  } else if (build === false) {
    abs = null;
  } else if (build === true) {
    abs = path.join(ctx.pkgDir, 'build.rs');
  } else if (typeof build === 'string') {
    abs = path.resolve(ctx.pkgDir, build);
  } else {
    throw new RustDockerError({
      file: ctx.file,
      problem: '`package.build` must be a path string or a boolean.',
      fix: 'Write `build = "build.rs"`, or `build = false` to disable the build script.',
    });
  }
  if (abs === null) {
    return null;
  }
  const stem = path.basename(abs, path.extname(abs));
  return { kind: 'custom-build', name: `build-script-${stem}`, path: relPosix(ctx.rootDir, abs), requiredFeatures: [] };
}
