import type { LinkedLibraryCrate, PackageNames } from './crates';
import { BUILD_TOOLS, DEFAULT_BUILDER_PACKAGES, LINKED_LIBRARY_CRATES } from './crates';
import { NATIVE_LIBRARIES } from './libraries';
import type { SqlxPlan } from './sqlx';
import { detectSqlx } from './sqlx';
import type { CargoPackage, CargoWorkspace, LockedPackage } from '../../cargo/model';
import { compareStrings } from '../../core/compare';

/** Which package manager the builder has: apt (`rust:*-bookworm`) or apk (`rust:*-alpine`). */
export type BuilderKind = 'debian' | 'alpine';

/** A crate of Cargo.lock that needs a C library or a build tool, as planning found it. */
export interface DetectedCrate {
  readonly crate: string;
  readonly version: string;
  /** How the built package reaches it in Cargo.lock: `["api", "diesel", "pq-sys"]`. */
  readonly via: string[];
  /** `library`: it links a C library; `build-tool`: its build script needs a tool. */
  readonly kind: 'library' | 'build-tool';
  /** The library or the tool, in words. */
  readonly what: string;
  /** The lock package that builds the library into the binary (`pq-src`), when there is one. */
  readonly bundledBy?: string;
  /** Packages the builder installs for it (none when the builder image has them or it is bundled). */
  readonly builderPackages: string[];
  /** Packages a dynamically linked binary needs at run time (informational: the final stage reads them off the binary). */
  readonly runtimePackages: string[];
}

/** What planning knows about native dependencies from Cargo.lock and the options. */
export interface NativePlan {
  readonly builder: BuilderKind;
  /** Detected crates, sorted by name. */
  readonly crates: DetectedCrate[];
  /** Packages the builder installs before the dependency layer: detected and `builderPackages`, sorted, unique. */
  readonly builderPackages: string[];
  /**
   * Crates of the lock that link a library of the soname table (src/plan/native/libraries.ts),
   * sorted: the builder's runtime-library check names them when their library is missing.
   */
  readonly libraryCrates: string[];
  /** Why: one line per package group, e.g. `protobuf-compiler libprotobuf-dev: prost-build 0.13.5 needs protoc ...`. */
  readonly builderPackageReasons: string[];
  /** sqlx's query macros, when Cargo.lock has them, and whether the builder builds offline. */
  readonly sqlx: SqlxPlan | null;
  /**
   * The build packages of the linked (not bundled) C libraries, whether or not the builder image
   * has them: a cross-compiling builder installs their `-dev` packages for the target architecture.
   */
  readonly libraryBuildPackages: string[];
}

/** What `detectNative` needs besides the workspace. */
export interface NativeRequest {
  /** The packages whose binaries are built (their Cargo.lock dependencies are followed). */
  readonly roots: readonly CargoPackage[];
  readonly builder: BuilderKind;
  /** The builder image is the default one (whose packages are known), not `builderImage`. */
  readonly defaultBuilder: boolean;
  /** The `builderPackages` option. */
  readonly builderPackages: readonly string[];
}

/**
 * Native crates reachable from the built packages in Cargo.lock, and the builder packages
 * they need. Pure. A hand-built model without a lock detects nothing.
 */
export function detectNative(ws: CargoWorkspace, request: NativeRequest): NativePlan {
  const reach = reachable(ws.lock?.packages ?? [], request.roots);
  const names = new Set([...reach.keys()].map((p) => p.name));
  const present = (pattern: string) => (pattern.endsWith('*') ? [...names].some((n) => n.startsWith(pattern.slice(0, -1))) : names.has(pattern));
  const have = new Set(request.defaultBuilder ? DEFAULT_BUILDER_PACKAGES[request.builder] : []);
  const needs = (packages: PackageNames) => packages[request.builder].filter((p) => !have.has(p));

  const crates: DetectedCrate[] = [];
  for (const [locked, via] of reach) {
    const library = LINKED_LIBRARY_CRATES.find((c) => c.crate === locked.name);
    if (library) {
      const bundledBy = bundling(library, locked, present);
      crates.push({
        crate: locked.name,
        version: locked.version,
        via,
        kind: 'library',
        what: library.library,
        bundledBy,
        builderPackages: bundledBy ? [] : needs(library.build),
        runtimePackages: bundledBy ? [] : [...library.runtime[request.builder]],
      });
    }
    const tool = BUILD_TOOLS.find((t) => t.crates.includes(locked.name));
    if (tool && !tool.unless.some(present)) {
      crates.push({ crate: locked.name, version: locked.version, via, kind: 'build-tool', what: tool.tool, builderPackages: needs(tool.packages), runtimePackages: [] });
    }
  }
  crates.sort((a, b) => compareStrings(a.crate, b.crate) || compareStrings(a.version, b.version) || compareStrings(a.kind, b.kind));

  const reasons = crates.filter((c) => c.builderPackages.length > 0)
    .map((c) => `${c.builderPackages.join(' ')}: ${c.crate} ${c.version} (${c.kind === 'library' ? `links ${c.what}` : `needs ${c.what}`})`);
  if (request.builderPackages.length > 0) {
    reasons.push(`${request.builderPackages.join(' ')}: the builderPackages option`);
  }
  const builderPackages = [...new Set([...crates.flatMap((c) => c.builderPackages), ...request.builderPackages])].sort(compareStrings);
  const libraryCrates = [...names].filter((n) => NATIVE_LIBRARIES.some((l) => l.crates.includes(n))).sort(compareStrings);
  const builderPackageReasons = [...new Set(reasons)];
  const libraryBuildPackages = [...new Set(crates.filter((c) => c.kind === 'library' && !c.bundledBy)
    .flatMap((c) => LINKED_LIBRARY_CRATES.find((l) => l.crate === c.crate)!.build[request.builder]))].sort(compareStrings);
  const sqlx = detectSqlx(ws, reach);
  return { builder: request.builder, crates, builderPackages, libraryCrates, builderPackageReasons, sqlx, libraryBuildPackages };
}

function bundling(library: LinkedLibraryCrate, locked: LockedPackage, present: (name: string) => boolean): string | undefined {
  const own = (library.bundledByOwnDependency ?? []).find((d) => locked.dependencies.some((dep) => dependencyName(dep) === d));
  return library.bundledBy.find(present) ?? (own ? `${own} (a dependency of ${library.crate} only with its bundled feature)` : undefined);
}

/**
 * Every lock package reachable from the roots (through dependencies of every kind: the lock
 * does not tell them apart), each with the path it was first reached by (breadth first, so a
 * shortest one).
 */
function reachable(packages: readonly LockedPackage[], roots: readonly CargoPackage[]): Map<LockedPackage, string[]> {
  const byName = new Map<string, LockedPackage[]>();
  for (const p of packages) {
    byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  }
  const found = new Map<LockedPackage, string[]>();
  const queue: LockedPackage[] = [];
  for (const root of roots) {
    const locked = (byName.get(root.name) ?? []).find((p) => p.version === root.version);
    if (locked && !found.has(locked)) {
      found.set(locked, [locked.name]);
      queue.push(locked);
    }
  }
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const dependency of current.dependencies) {
      const [name, version] = dependency.split(' ');
      const candidates = (byName.get(name) ?? []).filter((p) => version === undefined || p.version === version);
      for (const next of candidates) {
        if (!found.has(next)) {
          found.set(next, [...found.get(current)!, next.name]);
          queue.push(next);
        }
      }
    }
  }
  return found;
}

/** `serde 1.0.0 (registry+...)` -> `serde`. */
function dependencyName(entry: string): string {
  return entry.split(' ')[0];
}
