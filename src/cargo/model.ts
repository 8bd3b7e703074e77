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

/** A dependency of a package, as `[features]`, `--features` and `required-features` refer to it. */
export interface CargoDependency {
  /** The name the package uses for it: the key in the manifest (a renamed dependency's new name). */
  readonly name: string;
  /** `normal`, `build` or `dev`, as cargo metadata spells the kind (`normal` for null). */
  readonly kind: 'normal' | 'build' | 'dev';
  readonly optional: boolean;
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
   * lib, bins, build script, and examples/tests/benches that the manifest declares. A package
   * without lib and bins (only tests, benches or examples) also lists its auto-discovered
   * examples/tests/benches: without a stub for them cargo finds no target at all
   * ("no targets specified in the manifest").
   */
  readonly targets: CargoTarget[];
  /**
   * Every dependency the manifest declares (all tables, `[target.'cfg(..)']` ones included),
   * in file order; a name may occur more than once (e.g. as normal and build dependency).
   * Always set by the reader; absent only in hand-built models, which then have none.
   */
  readonly dependencies?: CargoDependency[];
}

export interface ToolchainInfo {
  /** `rust-toolchain.toml` or `rust-toolchain`, relative to the workspace root; null if none. */
  readonly file: string | null;
  /** The channel the file names (e.g. `1.80.0`, `stable`, `nightly-2024-05-01`); null if none. */
  readonly channel: string | null;
  readonly components: string[];
  readonly targets: string[];
  /**
   * `toolchain.path`: a toolchain directory on this machine (rustup's custom toolchain), or
   * null. Absent in hand-built models: none.
   */
  readonly path?: string | null;
}

export interface CargoConfigInfo {
  /** `.cargo/config.toml` or `.cargo/config`, relative to the workspace root; null if none. */
  readonly file: string | null;
  /** Directories the config names as directory/local-registry sources (e.g. `vendor`), relative. */
  readonly sourceDirs: string[];
  /**
   * The `directory` sources among them (`cargo vendor`'s), by source name, sorted by name:
   * the builder can point cargo at a copy elsewhere (`--config source.<name>.directory=...`).
   * Absent in hand-built models: none.
   */
  readonly directorySources?: { readonly name: string; readonly dir: string }[];
  /**
   * `[build] target-dir` (where cargo writes `target/`), relative to the workspace root as
   * cargo resolves it (relative to the directory holding `.cargo/`; `../x` when outside the
   * root), or null when the config does not set it. Absent in hand-built models: not set.
   */
  readonly targetDir?: string | null;
  /**
   * `[build] target`: the target triples (or target spec `.json` files) cargo builds for
   * when no `--target` is given, so binaries land in `target/<triple>/<profile>/`. One
   * string in the config gives one entry; `[]` when not set. Absent in hand-built models: `[]`.
   */
  readonly buildTargets?: string[];
  /**
   * The names of the registries the config declares (`[registries.<name>]`), sorted. Absent in
   * hand-built models: none.
   */
  readonly registries?: string[];
}

/** A `[[package]]` entry of Cargo.lock. */
export interface LockedPackage {
  readonly name: string;
  readonly version: string;
  /**
   * Its `dependencies` as Cargo.lock writes them: `name`, or `name version` (and
   * ` (source)`) where several versions are locked. Every kind (normal, build, dev) and
   * platform, whatever the features: Cargo.lock does not tell them apart.
   */
  readonly dependencies: string[];
}

/** What Cargo.lock holds, as far as planning needs it (`cargo metadata --no-deps` never reads it). */
export interface LockfileContents {
  /** Its `[[package]]` entries (name, version, dependencies), in file order; `[]` for an empty file. */
  readonly packages: LockedPackage[];
  /**
   * Why cargo could not read the file (invalid TOML, a `[[package]]` without name or
   * version), with the 1-based position when known; undefined when it reads fine.
   */
  readonly problem?: { readonly message: string; readonly line?: number; readonly column?: number };
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
  /**
   * The contents of `lockfile`, null when there is none. Absent only in hand-built models
   * (then nothing is known about the contents and planning does not check them).
   */
  readonly lock?: LockfileContents | null;
  readonly toolchain: ToolchainInfo;
  readonly cargoConfig: CargoConfigInfo;
  /**
   * sqlx's offline query data (`cargo sqlx prepare`): `.sqlx/` directories and legacy
   * `sqlx-data.json` files in the root and in members' directories inside it, relative to
   * the root, sorted. Absent only in hand-built models (then there is none).
   */
  readonly sqlxOfflineData?: string[];
}
