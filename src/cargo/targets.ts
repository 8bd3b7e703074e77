/**
 * Cargo targets, resolved as cargo resolves them (`cargo metadata` is the reference).
 *
 * One generic function handles `[[bin]]`, `[[example]]`, `[[test]]` and `[[bench]]`:
 * - inferred targets: for bins `src/main.rs` (named after the package) and, for every kind,
 *   `<dir>/*.rs` and `<dir>/<name>/main.rs` (dotfiles skipped; `<dir>` is `src/bin`,
 *   `examples`, `tests` or `benches`);
 * - without a declared array, the inferred targets (unless `auto<kind>s = false`);
 * - with one, the declared targets plus the inferred ones whose name and path are not
 *   declared, but only when auto-discovery is on: `auto<kind>s = true`, or unset on edition
 *   2018+. On edition 2015, declaring any target turns discovery off;
 * - a declared target without `path` takes the inferred target of the same name; edition
 *   2015 also accepts legacy locations (`src/<name>.rs`, `src/main.rs`, `src/bin/main.rs` for
 *   bins; `src/bench.rs` for a bench named `bench`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { exists } from './fsutil';
import type { CargoTarget } from './model';
import { relPosix, rustPathKey } from './paths';
import type { Table } from './values';
import { optStringArray, optString } from './values';
import { compareStrings } from '../core/compare';
import { RustDockerError } from '../core/errors';

export type DiscoverableKind = 'bin' | 'example' | 'test' | 'bench';

interface KindInfo {
  readonly dir: string;
  readonly human: string;
  readonly auto: string;
}

export const TARGET_KINDS: Record<DiscoverableKind, KindInfo> = {
  bin: { dir: 'src/bin', human: 'binary', auto: 'autobins' },
  example: { dir: 'examples', human: 'example', auto: 'autoexamples' },
  test: { dir: 'tests', human: 'test', auto: 'autotests' },
  bench: { dir: 'benches', human: 'benchmark', auto: 'autobenches' },
};

/** Names cargo forbids for bins because they clash with its output directories. */
const FORBIDDEN_BIN_NAMES = ['build', 'deps', 'examples', 'incremental'];

export interface PackageContext {
  /** Absolute package directory. */
  readonly pkgDir: string;
  readonly pkgName: string;
  readonly edition: string;
  /** Absolute workspace root (target paths are made relative to it). */
  readonly rootDir: string;
  /** Absolute manifest path (for errors). */
  readonly file: string;
}

export interface ResolvedTarget extends CargoTarget {
  /** True when the manifest declares the target; false when it was auto-discovered. */
  readonly declared: boolean;
}

interface Candidate {
  readonly name?: string;
  /** Absolute path, when known. */
  readonly abs?: string;
  readonly table?: Table;
  readonly declared: boolean;
}

/** `<dir>/*.rs` and `<dir>/<name>/main.rs` under the package (cargo's `infer_from_directory`). */
export function inferFromDirectory(pkgDir: string, relDir: string): Array<{ name: string; abs: string }> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(pkgDir, relDir), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: Array<{ name: string; abs: string }> = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) {
      continue;
    }
    const abs = path.join(pkgDir, relDir, e.name);
    if (e.isDirectory()) {
      if (exists(path.join(abs, 'main.rs'))) {
        out.push({ name: e.name, abs: path.join(abs, 'main.rs') });
      }
    } else if (path.extname(e.name) === '.rs') {
      out.push({ name: e.name.slice(0, -3), abs });
    }
  }
  return out.sort((a, b) => compareStrings(a.abs, b.abs));
}

function inferred(kind: DiscoverableKind, ctx: PackageContext): Array<{ name: string; abs: string }> {
  const found = inferFromDirectory(ctx.pkgDir, TARGET_KINDS[kind].dir);
  const main = path.join(ctx.pkgDir, 'src', 'main.rs');
  return kind === 'bin' && exists(main) ? [{ name: ctx.pkgName, abs: main }, ...found] : found;
}

/** Edition-2015 fallbacks for a declared target that matches no inferred file. */
function legacyPath(kind: DiscoverableKind, name: string, hasLib: boolean, ctx: PackageContext): string | undefined {
  const candidates: string[] = [];
  if (kind === 'bin') {
    if (!hasLib) {
      candidates.push(`src/${name}.rs`);
    }
    candidates.push('src/main.rs', 'src/bin/main.rs');
  } else if (kind === 'bench' && name === 'bench') {
    candidates.push('src/bench.rs');
  }
  return candidates.map((c) => path.join(ctx.pkgDir, c)).find((p) => exists(p));
}

function targetError(ctx: PackageContext, problem: string, fix: string): RustDockerError {
  return new RustDockerError({ file: ctx.file, problem, fix });
}

/** cargo's `target_path` for a declared target without `path`. */
function inferPath(
  kind: DiscoverableKind, name: string, found: Array<{ name: string; abs: string }>, hasLib: boolean, ctx: PackageContext,
): string {
  const matching = found.filter((f) => f.name === name);
  if (matching.length === 1) {
    return matching[0].abs;
  }
  const legacy = ctx.edition === '2015' ? legacyPath(kind, name, hasLib, ctx) : undefined;
  if (legacy) {
    return legacy;
  }
  const dir = TARGET_KINDS[kind].dir;
  if (matching.length === 0) {
    throw targetError(ctx,
      `can't find \`${name}\` ${kind} at \`${dir}/${name}.rs\` or \`${dir}/${name}/main.rs\` (cargo fails the same way).`,
      `Create one of those files, or set \`path\` in the \`[[${kind}]]\` entry named \`${name}\`.`);
  }
  const files = matching.map((f) => `\`${path.relative(ctx.pkgDir, f.abs).split(path.sep).join('/')}\``).join(' and ');
  throw targetError(ctx,
    `cannot infer path for \`${name}\` ${kind}: cargo doesn't know which to use because multiple target files found at ${files}.`,
    `Set \`path\` in the \`[[${kind}]]\` entry named \`${name}\`, or remove one of the files.`);
}

/**
 * All targets of one kind, exactly as cargo resolves them (sorted by name).
 * `declaredTables` is the manifest's `[[kind]]` array (undefined when absent); `autodiscover`
 * is the package's `auto<kind>s` value.
 */
export function resolveTargets(
  kind: DiscoverableKind,
  declaredTables: Table[] | undefined,
  autodiscover: boolean | undefined,
  hasLib: boolean,
  ctx: PackageContext,
): ResolvedTarget[] {
  const info = TARGET_KINDS[kind];
  const found = inferred(kind, ctx);
  const fromInferred = (f: { name: string; abs: string }): Candidate => ({ name: f.name, abs: f.abs, declared: false });
  let candidates: Candidate[];
  if (declaredTables === undefined) {
    candidates = autodiscover === false ? [] : found.map(fromInferred);
  } else {
    const declared: Candidate[] = declaredTables.map((t, i) => {
      const key = `${kind}[${i}]`;
      const p = optString(t, 'path', ctx.file, `${key}.path`);
      // An absolute `path` is used as written (cargo joins it onto the package directory, which keeps it).
      return { name: optString(t, 'name', ctx.file, `${key}.name`), abs: p === undefined ? undefined : path.resolve(ctx.pkgDir, p), table: t, declared: true };
    });
    const names = new Set(declared.map((d) => d.name));
    const paths = new Set(declared.filter((d) => d.abs !== undefined).map((d) => rustPathKey(d.abs!)));
    const rest = found.filter((f) => !names.has(f.name) && !paths.has(rustPathKey(f.abs)));
    const auto = autodiscover ?? ctx.edition !== '2015';
    candidates = auto ? [...declared, ...rest.map(fromInferred)] : declared;
  }

  const out: ResolvedTarget[] = [];
  for (const c of candidates) {
    if (c.name === undefined) {
      throw targetError(ctx, `${info.human} target ${kind}.name is required (a \`[[${kind}]]\` entry has no \`name\`).`,
        `Add \`name = "..."\` to every \`[[${kind}]]\` entry.`);
    }
    const name = c.name;
    if (name.trim() === '') {
      throw targetError(ctx, `${info.human} target names cannot be empty.`, `Give the \`[[${kind}]]\` entry a non-empty \`name\`.`);
    }
    if (kind === 'bin' && FORBIDDEN_BIN_NAMES.includes(name)) {
      throw targetError(ctx, `the binary target name \`${name}\` is forbidden, it conflicts with cargo's build directory names.`,
        'Rename the binary.');
    }
    const abs = c.abs !== undefined ? path.resolve(c.abs) : inferPath(kind, name, found, hasLib, ctx);
    const requiredFeatures = c.table
      ? optStringArray(c.table, 'required-features', ctx.file, `${kind}.required-features`) ?? []
      : [];
    out.push({ kind, name, path: relPosix(ctx.rootDir, abs), requiredFeatures, declared: c.declared });
  }
  const seen = new Set<string>();
  for (const t of out) {
    if (seen.has(t.name)) {
      throw targetError(ctx, `found duplicate ${info.human} name ${t.name}, but all ${info.human} targets must have a unique name.`,
        `Rename one of the \`${t.name}\` ${info.human} targets (declared or auto-discovered from \`${info.dir}/\`), or set \`${info.auto} = false\`.`);
    }
    seen.add(t.name);
  }
  return out.sort((a, b) => compareStrings(a.name, b.name));
}
