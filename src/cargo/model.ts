/**
 * The internal model of a Cargo workspace, as `cargo metadata --no-deps` would report it.
 *
 * Nothing in this folder knows about projen or Docker: it reads Cargo files and returns
 * plain data. Every path in the model is relative to the workspace root and uses `/`.
 * None of these types are exported from the package's public (jsii) API.
 */

/** The kind of a Cargo target, spelled as cargo metadata spells it. */
export type TargetKind = 'lib' | 'bin' | 'example' | 'test' | 'bench' | 'custom-build';

export interface CargoTarget {
  readonly kind: TargetKind;
  /** Target name (for bins: the executable's file name). */
  readonly name: string;
  /** Source file, relative to the workspace root, `/` separated. */
  readonly path: string;
  /** `required-features` of the target; `[]` when none. */
  readonly requiredFeatures: string[];
}

export interface CargoPackage {
  readonly name: string;
  /** As cargo reports it: `0.0.0` when the manifest has none. */
  readonly version: string;
  /** As cargo reports it: `2015` when the manifest has none. */
  readonly edition: string;
  /** Own or inherited `rust-version`, or null. */
  readonly rustVersion: string | null;
  readonly defaultRun: string | null;
  /** Manifest path relative to the workspace root, e.g. `crates/api/Cargo.toml`. */
  readonly manifestPath: string;
  /** Package directory relative to the workspace root; `.` for the root package. */
  readonly dir: string;
  readonly description: string | null;
  readonly license: string | null;
  readonly repository: string | null;
  readonly homepage: string | null;
  readonly authors: string[];
  /** Names declared in `[features]` (plus implicit features of optional dependencies). */
  readonly features: string[];
  /** Binary targets, as cargo discovers them. */
  readonly bins: CargoTarget[];
  /**
   * Every target the dependency layer must stub so that cargo accepts the manifest:
   * lib, bins, build script, and examples/tests/benches that the manifest declares.
   */
  readonly targets: CargoTarget[];
}

export interface ToolchainInfo {
  /** `rust-toolchain.toml` or `rust-toolchain`, relative to the workspace root; null if none. */
  readonly file: string | null;
  /** The channel the file names (e.g. `1.80.0`, `stable`, `nightly-2024-05-01`); null if none. */
  readonly channel: string | null;
  readonly components: string[];
  readonly targets: string[];
}

export interface CargoConfigInfo {
  /** `.cargo/config.toml` or `.cargo/config`, relative to the workspace root; null if none. */
  readonly file: string | null;
  /** Directories the config names as directory/local-registry sources (e.g. `vendor`), relative. */
  readonly sourceDirs: string[];
}

export interface CargoWorkspace {
  /** Absolute path of the workspace root directory. */
  readonly root: string;
  /**
   * The member whose directory is the directory the workspace was loaded from (cargo's
   * "current package"), or null when that directory is a virtual workspace root.
   */
  readonly currentPackage: string | null;
  /** Workspace members, sorted by name. */
  readonly members: CargoPackage[];
  /** Names of the default members (cargo's `workspace_default_members`). */
  readonly defaultMembers: string[];
  /**
   * Every manifest the build needs, relative to the root and sorted: the root manifest,
   * every member's, and every path dependency's (including `[patch]` paths) inside the root.
   */
  readonly manifests: string[];
  /** Path dependencies that are not members but live inside the root (their directories). */
  readonly pathDependencyDirs: string[];
  /**
   * Directories the build needs that lie OUTSIDE the workspace root, relative to the root
   * (e.g. `../shared`): path dependencies (including `[patch]` paths) and members outside the
   * root. A Docker build context rooted at the workspace cannot copy them. Sorted.
   */
  readonly externalPathDependencies: string[];
  /** Names of the `[profile.<name>]` tables of the root manifest (where cargo reads profiles), sorted. */
  readonly profiles: string[];
  /** `Cargo.lock` if it exists, else null. */
  readonly lockfile: string | null;
  readonly toolchain: ToolchainInfo;
  readonly cargoConfig: CargoConfigInfo;
}
