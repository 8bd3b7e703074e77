import type { PlannedAsset } from './assets';
import { planAssets } from './assets';
import { DependencyCaching } from './caching';
import type { BuildCredentials } from './credentials-plan';
import { planCredentials } from './credentials-plan';
import type { CrossPlan } from './cross';
import { planCross } from './cross';
import type { PlannedHealthcheck } from './healthcheck-rules';
import { planHealthcheck } from './healthcheck-rules';
import { Linking } from './linking';
import { checkLinking, defaultLinking } from './linking-rules';
import type { NativePlan } from './native/detect';
import { detectNative } from './native/detect';
import { checkPackageNames, checkRuntimePackages, checkStaticLinking } from './native/rules';
import type { BinaryImageOptions } from './options';
import type { Platform } from './platform';
import { checkPlatforms } from './platform-rules';
import { Runtime } from './runtime';
import { checkWorkspaceValues } from './safety';
import { selectBinary } from './select';
import type { ResolvedToolchain } from './toolchain';
import { resolveToolchain } from './toolchain';
import { validateOptions } from './validate';
import type { CargoPackage, CargoTarget, CargoWorkspace } from '../cargo/model';
import { featureNameProblem } from '../cargo/names';
import { compareStrings } from '../core/compare';
import { RustDockerError } from '../core/errors';
import type { ImageLock } from '../pin/image-lock';
import { DEFAULT_IMAGE_LOCK, readImageLock } from '../pin/image-lock';

/** Everything the Dockerfile and .dockerignore renderers need, resolved and validated. */
export interface ImagePlan {
  readonly workspace: CargoWorkspace;
  readonly package: CargoPackage;
  readonly binary: CargoTarget;
  readonly selectionReason: string;
  /** Features to enable: the option's plus the binary's required features, sorted, unique. */
  readonly features: string[];
  readonly noDefaultFeatures: boolean;
  readonly profile: string;
  /** Directory under `target/` (or `target/<triple>/`) where the profile's output lands. */
  readonly profileDir: string;
  readonly toolchain: ResolvedToolchain;
  readonly runtime: Runtime;
  readonly linking: Linking;
  readonly caching: DependencyCaching;
  /** Native crates of Cargo.lock and the packages the builder installs for them (and `builderPackages`). */
  readonly native: NativePlan;
  /** Cross-compilation for the image's `platforms`. */
  readonly cross: CrossPlan;
  /** Private registries' tokens and git over SSH, for the steps that fetch crates (`privateRegistries`, `gitSsh`). */
  readonly credentials: BuildCredentials;
  /** Build with `cargo auditable` (`auditable`). */
  readonly auditable: boolean;
  /** The base-image lock file, when the build context has one (`baseImageLock`). */
  readonly imageLock?: ImageLock;
  /** Its name, relative to the build context. */
  readonly imageLockFile: string;
  /** `requirePinnedImages`. */
  readonly requirePinnedImages: boolean;
  /** `runtimePackages`: installed by the final stage besides the libraries the binary needs. */
  readonly runtimePackages: string[];
  readonly caCertificates: boolean;
  /** Numeric `uid` or `uid:gid`. */
  readonly user: string;
  readonly ports: number[];
  /** The health check (`healthcheck`); undefined: no HEALTHCHECK instruction. */
  readonly healthcheck?: PlannedHealthcheck;
  readonly env: [string, string][];
  readonly args: string[];
  /** Files and directories of the build context the final image gets, in the option's order (`assets`). */
  readonly assets: PlannedAsset[];
  readonly labels: [string, string][];
  /** Run the binary under tini as PID 1 (`init`). */
  readonly init: boolean;
  /** `STOPSIGNAL`, as validated; undefined: none (the engine's SIGTERM). */
  readonly stopSignal?: string;
  readonly syntaxDirective: boolean;
}

/**
 * Plans one image from a loaded workspace and the component's options. Pure, but for the
 * asset sources, which are looked up in the build context each time (`planAssets`).
 */
export function planImage(workspace: CargoWorkspace, options: BinaryImageOptions): ImagePlan {
  validateOptions(options);
  // The specific checks first (what cargo or the build context would refuse, with the fix),
  // then the general proof that every Cargo value is safe in the generated files.
  checkBuildContext(workspace);
  const selection = selectBinary(workspace, { binary: options.binary, package: options.package });
  const pkg = selection.package;

  checkRequiredFeatures(workspace, pkg, selection.binary);
  checkOptionFeatures(pkg, options.features ?? []);
  checkWorkspaceValues(workspace);
  const features = [...new Set([...(options.features ?? []), ...selection.binary.requiredFeatures])].sort();

  const runtime = options.runtime ?? Runtime.DEBIAN_SLIM;
  const linking = options.linking ?? defaultLinking(runtime);
  checkLinking(runtime, linking);

  const builderKind = linking === Linking.STATIC_MUSL ? 'alpine' : 'debian';
  const builderPackages = options.builderPackages ?? [];
  checkPackageNames('builderPackages', builderPackages, builderKind, `the builder (${builderKind === 'alpine' ? 'rust:*-alpine, for Linking.STATIC_MUSL' : 'rust:*-bookworm'})`);
  const native = detectNative(workspace, { roots: [pkg], builder: builderKind, defaultBuilder: options.builderImage === undefined, builderPackages });
  checkStaticLinking(native, linking, runtime, options.linking !== undefined);
  const runtimePackages = [...new Set(options.runtimePackages ?? [])];
  checkRuntimePackages(runtimePackages, runtime);

  const profile = options.profile ?? 'release';
  checkProfile(workspace, profile);
  const toolchain = resolveToolchain(workspace.toolchain, pkg, {
    rustVersion: options.rustVersion, builderImage: options.builderImage, linking,
  });

  return {
    workspace,
    package: pkg,
    binary: selection.binary,
    selectionReason: selection.reason,
    features,
    noDefaultFeatures: options.noDefaultFeatures ?? false,
    profile,
    profileDir: profileDir(profile),
    toolchain,
    runtime,
    linking,
    caching: options.caching ?? DependencyCaching.LAYER,
    native,
    cross: planCross(platformValues(options.platforms), linking, options.crossCompilation),
    credentials: planCredentials(options, workspace),
    auditable: options.auditable ?? false,
    imageLock: readImageLock(workspace.root, options.baseImageLock ?? DEFAULT_IMAGE_LOCK),
    imageLockFile: options.baseImageLock ?? DEFAULT_IMAGE_LOCK,
    requirePinnedImages: options.requirePinnedImages ?? false,
    runtimePackages,
    caCertificates: options.caCertificates ?? true,
    user: options.user ?? runtime._traits.defaultUser,
    ports: [...(options.ports ?? [])],
    healthcheck: planHealthcheck(options.healthcheck, options.ports ?? [], runtime, selection.binary.name),
    env: Object.entries(options.env ?? {}).sort(([a], [b]) => compareStrings(a, b)),
    args: [...(options.args ?? [])],
    assets: planAssets(workspace.root, options.assets ?? []),
    labels: labels(pkg, options.labels ?? {}),
    init: options.init ?? false,
    stopSignal: options.stopSignal,
    syntaxDirective: options.syntaxDirective ?? true,
  };
}

/** The `platforms` option's values, checked (also a Platform of another copy of the library). */
function platformValues(platforms: unknown): string[] {
  if (platforms === undefined) {
    return [];
  }
  checkPlatforms('platforms', platforms);
  return (platforms as Platform[]).map((p) => p.value);
}

/** The workspace must build with `--locked` from inside the build context. */
function checkBuildContext(ws: CargoWorkspace): void {
  checkLockfile(ws);
  const external = ws.externalPathDependencies;
  if (external.length > 0) {
    // No `file`: any member's Cargo.toml (or a [patch]) may declare them; the root is named.
    throw new RustDockerError({
      problem: `path dependencies outside the workspace root (${ws.root}): ${external.join(', ')}. ` +
        'Docker cannot copy files from outside the build context.',
      fix: 'Move them into the workspace (or make them members), or build from a parent directory that contains them.',
    });
  }
  checkCargoConfig(ws);
  checkTargetPaths(ws);
  if (ws.toolchain.path) {
    throw new RustDockerError({
      file: `${ws.root}/${ws.toolchain.file}`,
      problem: `\`toolchain.path\` names a toolchain directory on this machine (${JSON.stringify(ws.toolchain.path)}), which the builder image does not have.`,
      fix: 'Name an official toolchain with `channel = "..."` (e.g. "1.80" or "nightly-2024-05-01") instead of `path`.',
    });
  }
}

/** The fix for a Cargo.lock that `cargo build --locked` would have to change. */
const LOCK_FIX = 'Run `cargo update --workspace` (or `cargo generate-lockfile`) in the workspace root and commit Cargo.lock.';

/**
 * Cargo.lock must exist and list every member (name and version): otherwise `cargo build
 * --locked` stops with "cannot update the lock file ... because --locked was passed".
 */
function checkLockfile(ws: CargoWorkspace): void {
  const file = `${ws.root}/Cargo.lock`;
  if (!ws.lockfile) {
    throw new RustDockerError({
      file,
      problem: 'Cargo.lock not found: the image builds with `cargo build --locked` so that it is reproducible.',
      fix: 'Run `cargo generate-lockfile` (or any cargo build) in the workspace root and commit Cargo.lock.',
    });
  }
  const lock = ws.lock;
  if (!lock) {
    return; // a hand-built model: nothing is known about the contents
  }
  if (lock.problem) {
    throw new RustDockerError({
      file,
      line: lock.problem.line,
      column: lock.problem.column,
      problem: `cargo cannot read Cargo.lock, so \`cargo build --locked\` fails: ${lock.problem.message}`,
      fix: 'Delete Cargo.lock and run `cargo generate-lockfile` in the workspace root, then commit the new Cargo.lock.',
    });
  }
  if (lock.packages.length === 0) {
    throw new RustDockerError({
      file,
      problem: `Cargo.lock lists no packages, not even the workspace members (${ws.members.map((m) => `${m.name} ${m.version}`).join(', ')}): \`cargo build --locked\` would have to write it, and fails.`,
      fix: LOCK_FIX,
    });
  }
  const missing = ws.members.filter((m) => !lock.packages.some((p) => p.name === m.name && p.version === m.version));
  if (missing.length > 0) {
    const describe = (m: CargoPackage) => {
      const other = lock.packages.filter((p) => p.name === m.name).map((p) => p.version);
      return `${m.name} ${m.version} (${m.manifestPath}${other.length ? `; Cargo.lock has ${other.join(', ')}` : ''})`;
    };
    throw new RustDockerError({
      file,
      problem: `Cargo.lock lacks ${missing.length === 1 ? 'the workspace member' : 'the workspace members'} ${missing.map(describe).join(', ')}: ` +
        '`cargo build --locked` would have to update it, and fails.',
      fix: LOCK_FIX,
    });
  }
}

/**
 * `.cargo/config.toml`: cargo reads it in the builder too. Keys that move the binaries away
 * from `target/<profile>/` (where the Dockerfile copies them from), or sources outside the
 * build context, cannot work.
 */
function checkCargoConfig(ws: CargoWorkspace): void {
  const config = ws.cargoConfig;
  if (!config.file) {
    return;
  }
  const file = `${ws.root}/${config.file}`;
  if (config.targetDir !== undefined && config.targetDir !== null) {
    throw new RustDockerError({
      file,
      problem: `\`build.target-dir\` is set (to ${JSON.stringify(config.targetDir)}, relative to the workspace root): cargo in the builder would write the binaries there, not to \`target/\`, where the image copies them from.`,
      fix: 'Remove `target-dir` from `[build]` in the config (set CARGO_TARGET_DIR in your shell instead if you need another directory locally).',
    });
  }
  const targets = config.buildTargets ?? [];
  if (targets.length > 0) {
    throw new RustDockerError({
      file,
      problem: `\`build.target\` is set (${targets.map((t) => JSON.stringify(t)).join(', ')}): cargo in the builder would build for it and write the binaries to \`target/<triple>/\`, not where the image copies them from.`,
      fix: 'Remove `target` from `[build]` in the config (pass `--target` on the command line locally instead); for a static binary use the `linking` option.',
    });
  }
  const outside = config.sourceDirs.filter((d) => d === '..' || d.startsWith('../') || d.startsWith('/'));
  if (outside.length > 0) {
    throw new RustDockerError({
      file,
      problem: `the source replacement directory ${outside.map((d) => JSON.stringify(d)).join(', ')} (\`directory\` or \`local-registry\` of a \`[source]\`) lies outside the workspace root (${ws.root}), the Docker build context: the image cannot copy it.`,
      fix: 'Vendor into a directory inside the workspace (e.g. `cargo vendor vendor` and `directory = "vendor"`), or build from a parent directory that contains it.',
    });
  }
}

/**
 * Every target file the builder writes a stub for must lie inside the build context: an
 * absolute `path` (cargo uses it as written) or one that climbs out of the workspace root
 * names a file the image cannot copy, and the stub would be written outside `/app`.
 */
function checkTargetPaths(ws: CargoWorkspace): void {
  for (const pkg of ws.members) {
    for (const target of pkg.targets) {
      if (target.path === '..' || target.path.startsWith('../') || target.path.startsWith('/')) {
        const what = target.kind === 'custom-build' ? 'the build script (`package.build`)' : `the ${target.kind} target \`${target.name}\``;
        throw new RustDockerError({
          file: `${ws.root}/${pkg.manifestPath}`,
          problem: `the path of ${what} resolves to ${JSON.stringify(target.path)} (relative to the workspace root), outside the workspace root (${ws.root}), the Docker build context: the image cannot copy it.`,
          fix: 'Move the file into the package and give a relative `path` inside the workspace.',
        });
      }
    }
  }
}

/**
 * `required-features` of the chosen binary, as `cargo build --bin` checks them: `dep:name` and
 * `name?/feature` are errors there, `name/feature` must name a dependency that is built with
 * the binary (not a dev-dependency), and its feature part must be a valid feature name.
 */
function checkRequiredFeatures(ws: CargoWorkspace, pkg: CargoPackage, bin: CargoTarget): void {
  const file = `${ws.root}/${pkg.manifestPath}`;
  for (const feature of bin.requiredFeatures) {
    const problem = featureProblem(pkg, feature, true);
    if (problem) {
      throw new RustDockerError({
        file,
        problem: `\`required-features\` of binary \`${bin.name}\` has ${JSON.stringify(feature)}: ${problem}`,
        fix: 'List features of this package (`name`), or features of a dependency as `dependency/feature`.',
      });
    }
  }
}

/** The `features` option, as `cargo build --features` takes it for one package. */
function checkOptionFeatures(pkg: CargoPackage, features: string[]): void {
  const unknown = features.filter((f) => !f.includes('/') && !f.startsWith('dep:') && !pkg.features.includes(f));
  if (unknown.length > 0) {
    throw new RustDockerError({
      option: 'features',
      problem: `names ${unknown.map((f) => `'${f}'`).join(', ')}, not a feature of package '${pkg.name}' (${pkg.manifestPath}).`,
      fix: `Known features: ${pkg.features.length ? pkg.features.join(', ') : '(none)'}. ` +
        `Use one of those, or declare the feature under [features] in ${pkg.manifestPath}.`,
    });
  }
  for (const feature of features) {
    const problem = featureProblem(pkg, feature, false);
    if (problem) {
      throw new RustDockerError({
        option: 'features',
        problem: `has '${feature}': ${problem}`,
        fix: `Use a feature of package '${pkg.name}' (${pkg.features.length ? pkg.features.join(', ') : 'it has none'}), or \`dependency/feature\` for a dependency's feature.`,
      });
    }
  }
}

/** What is wrong with a `dep:x`, `x/y` or `x?/y` feature value for `pkg`, or null. */
function featureProblem(pkg: CargoPackage, feature: string, required: boolean): string | null {
  if (feature.startsWith('dep:')) {
    return 'cargo does not accept the explicit `dep:` syntax here (a `dep:` feature can only be enabled by a feature of [features]).';
  }
  const slash = feature.indexOf('/');
  if (slash < 0) {
    return required && !pkg.features.includes(feature)
      ? `\`${feature}\` is not a feature of package '${pkg.name}' (known: ${pkg.features.length ? pkg.features.join(', ') : 'none'}).`
      : null;
  }
  const head = feature.slice(0, slash);
  const weak = head.endsWith('?');
  const dep = weak ? head.slice(0, -1) : head;
  const depFeature = feature.slice(slash + 1);
  if (weak && required) {
    return 'an optional dependency with `?` is not allowed in required-features.';
  }
  const nameProblem = featureNameProblem(depFeature);
  if (nameProblem) {
    return `the part after \`/\` is not a feature name: ${nameProblem}`;
  }
  const deps = pkg.dependencies;
  if (deps === undefined) {
    return null; // a hand-built model: its dependencies are not known
  }
  const matching = deps.filter((d) => d.name === dep);
  if (matching.length === 0) {
    return `\`${dep}\` is not a dependency of package '${pkg.name}'.`;
  }
  if (required && matching.every((d) => d.kind === 'dev')) {
    return `\`${dep}\` is only a dev-dependency, which \`cargo build\` does not build, so the feature is never enabled.`;
  }
  return null;
}

const BUILT_IN_PROFILES = ['dev', 'release', 'test', 'bench'];

/** A custom profile must be declared in the root manifest, or cargo fails at build time. */
export function checkProfile(ws: CargoWorkspace, profile: string): void {
  if (!BUILT_IN_PROFILES.includes(profile) && !ws.profiles.includes(profile)) {
    const declared = ws.profiles.filter((p) => !BUILT_IN_PROFILES.includes(p));
    throw new RustDockerError({
      option: 'profile',
      problem: `is '${profile}', but ${ws.root}/Cargo.toml declares no [profile.${profile}] ` +
        `(custom profiles there: ${declared.length ? declared.join(', ') : 'none'}).`,
      fix: `Add [profile.${profile}] with inherits = "release" to the root Cargo.toml, or use "release" or "dev".`,
    });
  }
}

/** Cargo's output directory for a profile: `dev` and `test` share `debug`, `bench` uses `release`. */
export function profileDir(profile: string): string {
  switch (profile) {
    case 'dev':
    case 'test':
      return 'debug';
    case 'bench':
      return 'release';
    default:
      return profile;
  }
}

/** OCI labels from the package's metadata, then the user's labels (which win). */
function labels(pkg: CargoPackage, extra: { [key: string]: string }): [string, string][] {
  const oci: [string, string | null][] = [
    ['org.opencontainers.image.title', pkg.name],
    ['org.opencontainers.image.description', pkg.description],
    ['org.opencontainers.image.version', pkg.version],
    ['org.opencontainers.image.licenses', pkg.license],
    ['org.opencontainers.image.source', pkg.repository],
    ['org.opencontainers.image.url', pkg.homepage],
    ['org.opencontainers.image.authors', pkg.authors.length ? pkg.authors.join(', ') : null],
  ];
  const merged = new Map<string, string>();
  for (const [key, value] of oci) {
    // Cargo metadata is free text: a description may even hold a NUL (cargo accepts "\u0000").
    const text = value === null ? '' : value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, ' ').replace(/\s+/g, ' ').trim();
    if (text !== '') {
      merged.set(key, text);
    }
  }
  for (const key of Object.keys(extra).sort(compareStrings)) {
    merged.set(key, extra[key]);
  }
  return [...merged.entries()];
}
