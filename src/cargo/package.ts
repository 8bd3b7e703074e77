/**
 * One member package, as `cargo metadata --no-deps` reports it: inherited fields resolved,
 * defaults filled in (`version` 0.0.0, `edition` 2015), targets resolved, features listed.
 */
import type { DependencyEntry, WorkspaceDependencies } from './dependencies';
import { dependencyEntries } from './dependencies';
import { resolveFeatures } from './features';
import type { InheritSource } from './inherit';
import { resolveInheritedFields } from './inherit';
import { resolveBuildScript, resolveLib } from './lib-build';
import type { Manifest } from './manifest';
import type { CargoDependency, CargoPackage, CargoTarget } from './model';
import { packageNameProblem, parseRustVersion, printable, rustVersionEditionProblem } from './names';
import { relPosix } from './paths';
import type { DiscoverableKind, PackageContext, ResolvedTarget } from './targets';
import { TARGET_KINDS, resolveTargets } from './targets';
import type { Table } from './values';
import { optBoolean, optString, optStringArray, optTable, optTableArray } from './values';
import { RustDockerError } from '../core/errors';

/** Editions cargo 1.95 knows. */
export const EDITIONS = ['2015', '2018', '2021', '2024'];

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

export interface LoadedPackage {
  readonly pkg: CargoPackage;
  /** Every target cargo resolves, including auto-discovered examples/tests/benches. */
  readonly allTargets: ResolvedTarget[];
  /** The package's dependencies (for path-dependency discovery). */
  readonly dependencies: DependencyEntry[];
}

/** cargo's package-name rules: Unicode XID characters, `-` allowed, no leading digit. */
export function validatePackageName(name: string, file: string): void {
  const problem = packageNameProblem(name);
  if (problem) {
    throw new RustDockerError({
      file,
      problem,
      fix: 'Use letters, digits, `-` and `_` only, starting with a letter or `_` (cargo rejects this name as well).',
    });
  }
}

function stringField(pkg: Table, key: string, file: string): string | null {
  return optString(pkg, key, file, `package.${key}`) ?? null;
}

/** `rust-version` (own or inherited) as cargo reports it, checked with cargo's grammar and the edition's minimum. */
function resolveRustVersion(pkg: Table, edition: string, file: string): string | null {
  const raw = stringField(pkg, 'rust-version', file);
  if (raw === null) {
    return null;
  }
  const parsed = parseRustVersion(raw);
  if (!parsed.ok) {
    throw new RustDockerError({
      file,
      problem: `\`package.rust-version\` = ${JSON.stringify(raw)} is not a Rust version: ${parsed.problem}`,
      fix: 'Write the oldest Rust release the package supports as `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, e.g. `rust-version = "1.80"` (cargo rejects the manifest as well).',
    });
  }
  const tooOld = rustVersionEditionProblem(parsed.parts, parsed.version, edition);
  if (tooOld) {
    throw new RustDockerError({
      file,
      problem: tooOld,
      fix: 'Raise `rust-version`, or use an older edition (cargo rejects the manifest as well).',
    });
  }
  return parsed.version;
}

/** Reads a member package. `rootDir` is the workspace root the model's paths are relative to. */
export function loadPackage(
  m: Manifest, rootDir: string, inherit: InheritSource, wsDeps: WorkspaceDependencies | null,
): LoadedPackage {
  if (!m.package) {
    // A plain Error on purpose: callers only pass manifests with a [package], so this is an
    // internal invariant (a bug here), not something a user can fix.
    throw new Error(`internal: ${m.file} is not a package`);
  }
  const pkg = resolveInheritedFields(m, m.package, inherit);
  const name = optString(pkg, 'name', m.file, 'package.name');
  if (name === undefined) {
    throw new RustDockerError({
      file: m.file,
      problem: 'missing field `package.name`.',
      fix: 'Add `name = "..."` under `[package]` (cargo rejects the manifest as well).',
    });
  }
  validatePackageName(name, m.file);

  const version = stringField(pkg, 'version', m.file) ?? '0.0.0';
  if (!SEMVER.test(version)) {
    throw new RustDockerError({
      file: m.file,
      problem: `\`package.version\` = "${version}" is not a valid SemVer version.`,
      fix: 'Use MAJOR.MINOR.PATCH, e.g. `version = "0.1.0"` (cargo rejects this version as well).',
    });
  }
  const edition = stringField(pkg, 'edition', m.file) ?? '2015';
  if (!EDITIONS.includes(edition)) {
    throw new RustDockerError({
      file: m.file,
      problem: `\`package.edition\` = "${edition}" is not an edition this tool knows (${EDITIONS.join(', ')}).`,
      fix: 'Use one of those editions.',
    });
  }
  const rustVersion = resolveRustVersion(pkg, edition, m.file);
  const authors = optStringArray(pkg, 'authors', m.file, 'package.authors') ?? [];

  const ctx: PackageContext = { pkgDir: m.dir, pkgName: name, edition, rootDir, file: m.file };
  const autoFlag = (key: string) => optBoolean(pkg, key, m.file, `package.${key}`);
  const lib = resolveLib(optTable(m.raw, 'lib', m.file), autoFlag('autolib'), ctx);
  const kinds: DiscoverableKind[] = ['bin', 'example', 'test', 'bench'];
  const byKind = new Map<DiscoverableKind, ResolvedTarget[]>();
  for (const kind of kinds) {
    const declared = optTableArray(m.raw, kind, m.file);
    byKind.set(kind, resolveTargets(kind, declared, autoFlag(TARGET_KINDS[kind].auto), lib !== null, ctx));
  }
  const bins = byKind.get('bin')!;
  const others = (['example', 'test', 'bench'] as DiscoverableKind[]).flatMap((k) => byKind.get(k)!);
  // cargo counts every target kind (a build script aside) before it gives up.
  if (!lib && bins.length === 0 && others.length === 0) {
    throw new RustDockerError({
      file: m.file,
      problem: 'no targets specified in the manifest: either src/lib.rs, src/main.rs, a [lib] section, or [[bin]] section must be present.',
      fix: 'Create `src/main.rs` or `src/lib.rs`, or declare a `[lib]`, `[[bin]]`, `[[test]]`, `[[bench]]` or `[[example]]` with a `path` (cargo rejects the manifest as well).',
    });
  }
  const build = resolveBuildScript(pkg, ctx);
  const strip = (t: ResolvedTarget): CargoTarget => ({ kind: t.kind, name: t.name, path: t.path, requiredFeatures: t.requiredFeatures });
  // Declared examples/tests/benches must be stubbed (the manifest names their files); when
  // they are all the package has, the auto-discovered ones too, or cargo finds no target.
  const stubbedOthers = others.filter((t) => t.declared || (!lib && bins.length === 0)).map(strip);
  const targets: CargoTarget[] = [...(lib ? [lib] : []), ...bins.map(strip), ...stubbedOthers, ...(build ? [build] : [])];

  const defaultRun = optString(pkg, 'default-run', m.file, 'package.default-run') ?? null;
  if (defaultRun !== null && !bins.some((b) => b.name === defaultRun)) {
    throw new RustDockerError({
      file: m.file,
      problem: `default-run target \`${printable(defaultRun)}\` not found: \`package.default-run\` must name a binary of this package (binaries: ${bins.length ? bins.map((b) => `\`${printable(b.name)}\``).join(', ') : 'none'}).`,
      fix: 'Set `default-run` to one of the binaries, or remove it (cargo rejects the manifest as well).',
    });
  }
  const deps = dependencyEntries(m, wsDeps);
  const features = resolveFeatures(m, deps);
  const dependencies: CargoDependency[] = deps.map((d) => ({ name: d.key, kind: d.dev ? 'dev' : d.build ? 'build' : 'normal', optional: d.optional }));
  const libTargets: ResolvedTarget[] = lib ? [{ ...lib, declared: true }] : [];
  const buildTargets: ResolvedTarget[] = build ? [{ ...build, declared: true }] : [];
  return {
    pkg: {
      name,
      version,
      edition,
      rustVersion,
      defaultRun,
      manifestPath: relPosix(rootDir, m.file),
      dir: relPosix(rootDir, m.dir),
      description: stringField(pkg, 'description', m.file),
      license: stringField(pkg, 'license', m.file),
      repository: stringField(pkg, 'repository', m.file),
      homepage: stringField(pkg, 'homepage', m.file),
      authors,
      features,
      bins: bins.map(strip),
      targets,
      dependencies,
    },
    allTargets: [...libTargets, ...kinds.flatMap((k) => byKind.get(k)!), ...buildTargets],
    dependencies: deps,
  };
}
