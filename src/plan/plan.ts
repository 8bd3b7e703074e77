import { DependencyCaching } from './caching';
import type { Linking } from './linking';
import { checkLinking, defaultLinking } from './linking-rules';
import type { BinaryImageOptions } from './options';
import { Runtime } from './runtime';
import { selectBinary } from './select';
import type { ResolvedToolchain } from './toolchain';
import { resolveToolchain } from './toolchain';
import { validateOptions } from './validate';
import type { CargoPackage, CargoTarget, CargoWorkspace } from '../cargo/model';
import { compareStrings } from '../core/compare';
import { RustDockerError } from '../core/errors';

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
  readonly caCertificates: boolean;
  /** Numeric `uid` or `uid:gid`. */
  readonly user: string;
  readonly ports: number[];
  readonly env: [string, string][];
  readonly args: string[];
  readonly labels: [string, string][];
  readonly syntaxDirective: boolean;
}

/** Plans one image from a loaded workspace and the component's options. Pure. */
export function planImage(workspace: CargoWorkspace, options: BinaryImageOptions): ImagePlan {
  validateOptions(options);
  checkBuildContext(workspace);
  const selection = selectBinary(workspace, { binary: options.binary, package: options.package });
  const pkg = selection.package;

  const features = [...new Set([...(options.features ?? []), ...selection.binary.requiredFeatures])].sort();
  const unknown = features.filter((f) => !f.includes('/') && !pkg.features.includes(f));
  if (unknown.length > 0) {
    throw new RustDockerError({
      option: 'features',
      problem: `names ${unknown.map((f) => `'${f}'`).join(', ')}, not a feature of package '${pkg.name}' (${pkg.manifestPath}).`,
      fix: `Known features: ${pkg.features.length ? pkg.features.join(', ') : '(none)'}. ` +
        `Use one of those, or declare the feature under [features] in ${pkg.manifestPath}.`,
    });
  }

  const runtime = options.runtime ?? Runtime.DEBIAN_SLIM;
  const linking = options.linking ?? defaultLinking(runtime);
  checkLinking(runtime, linking);

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
    caCertificates: options.caCertificates ?? true,
    user: options.user ?? runtime._traits.defaultUser,
    ports: [...(options.ports ?? [])],
    env: Object.entries(options.env ?? {}).sort(([a], [b]) => compareStrings(a, b)),
    args: [...(options.args ?? [])],
    labels: labels(pkg, options.labels ?? {}),
    syntaxDirective: options.syntaxDirective ?? true,
  };
}

/** The workspace must build with `--locked` from inside the build context. */
function checkBuildContext(ws: CargoWorkspace): void {
  if (!ws.lockfile) {
    throw new RustDockerError({
      file: `${ws.root}/Cargo.lock`,
      problem: 'Cargo.lock not found: the image builds with `cargo build --locked` so that it is reproducible.',
      fix: 'Run `cargo generate-lockfile` (or any cargo build) in the workspace root and commit Cargo.lock.',
    });
  }
  const external = ws.externalPathDependencies;
  if (external.length > 0) {
    // No `file`: any member's Cargo.toml (or a [patch]) may declare them; the root is named.
    throw new RustDockerError({
      problem: `path dependencies outside the workspace root (${ws.root}): ${external.join(', ')}. ` +
        'Docker cannot copy files from outside the build context.',
      fix: 'Move them into the workspace (or make them members), or build from a parent directory that contains them.',
    });
  }
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
    if (value !== null && value.trim() !== '') {
      merged.set(key, value.replace(/\s+/g, ' ').trim());
    }
  }
  for (const key of Object.keys(extra).sort(compareStrings)) {
    merged.set(key, extra[key]);
  }
  return [...merged.entries()];
}
