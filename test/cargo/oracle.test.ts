/**
 * cargo is the oracle: for every fixture, what `loadWorkspace` reads must equal what
 * `cargo metadata` reports, field by field (cargo's absolute paths mapped to paths relative
 * to the workspace root). Error fixtures must make both cargo and `loadWorkspace` fail.
 */
import * as path from 'path';
import type { Metadata, MetaTarget } from './cargo-oracle';
import { cargoMetadata, cleanupTemp, copyFixture, rel, runCargo, sorted } from './cargo-oracle';
import type { WorkspaceInspection } from '../../src/cargo/workspace';
import { inspectWorkspace } from '../../src/cargo/workspace';
import { RustDockerError } from '../../src/core/errors';

interface TargetInventory {
  readonly kind: string;
  readonly name: string;
  readonly path: string;
  readonly requiredFeatures: string[];
}

interface PackageInventory {
  readonly name: string;
  readonly version: string;
  readonly edition: string;
  readonly rustVersion: string | null;
  readonly defaultRun: string | null;
  readonly manifestPath: string;
  readonly description: string | null;
  readonly license: string | null;
  readonly repository: string | null;
  readonly homepage: string | null;
  readonly authors: string[];
  readonly features: string[];
  readonly lib: TargetInventory | null;
  readonly bins: TargetInventory[];
  readonly examples: TargetInventory[];
  readonly tests: TargetInventory[];
  readonly benches: TargetInventory[];
  readonly build: TargetInventory | null;
}

interface Inventory {
  /** Workspace root relative to the copied fixture. */
  readonly root: string;
  readonly members: PackageInventory[];
  readonly defaultMembers: string[];
}

type Kind = 'lib' | 'bin' | 'example' | 'test' | 'bench' | 'custom-build';

function kindOf(t: MetaTarget): Kind {
  for (const k of ['bin', 'example', 'test', 'bench', 'custom-build'] as Kind[]) {
    if (t.kind.includes(k)) {
      return k;
    }
  }
  return 'lib'; // lib, rlib, cdylib, proc-macro, ...
}

function byKind(targets: TargetInventory[], kind: Kind): TargetInventory[] {
  return sorted(targets.filter((t) => t.kind === kind), (t) => t.name);
}

function single(targets: TargetInventory[], kind: Kind): TargetInventory | null {
  const found = byKind(targets, kind);
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0] ?? null;
}

function fromCargo(meta: Metadata, base: string): Inventory {
  const root = meta.workspace_root;
  const byId = new Map(meta.packages.map((p) => [p.id, p]));
  const members = meta.workspace_members.map((id) => byId.get(id)!).map((p): PackageInventory => {
    const targets = p.targets.map((t): TargetInventory => ({
      kind: kindOf(t), name: t.name, path: rel(root, t.src_path), requiredFeatures: t['required-features'] ?? [],
    }));
    return {
      name: p.name,
      version: p.version,
      edition: p.edition,
      rustVersion: p.rust_version,
      defaultRun: p.default_run,
      manifestPath: rel(root, p.manifest_path),
      description: p.description,
      license: p.license,
      repository: p.repository,
      homepage: p.homepage,
      authors: p.authors,
      features: sorted(Object.keys(p.features)),
      lib: single(targets, 'lib'),
      bins: byKind(targets, 'bin'),
      examples: byKind(targets, 'example'),
      tests: byKind(targets, 'test'),
      benches: byKind(targets, 'bench'),
      build: single(targets, 'custom-build'),
    };
  });
  return {
    root: rel(base, root),
    members: sorted(members, (m) => m.name),
    defaultMembers: sorted(meta.workspace_default_members.map((id) => byId.get(id)!.name)),
  };
}

function fromUs(ins: WorkspaceInspection, base: string): Inventory {
  const members = ins.packages.map(({ pkg, allTargets }): PackageInventory => {
    const targets = allTargets.map((t): TargetInventory => ({ kind: t.kind, name: t.name, path: t.path, requiredFeatures: t.requiredFeatures }));
    return {
      name: pkg.name,
      version: pkg.version,
      edition: pkg.edition,
      rustVersion: pkg.rustVersion,
      defaultRun: pkg.defaultRun,
      manifestPath: pkg.manifestPath,
      description: pkg.description,
      license: pkg.license,
      repository: pkg.repository,
      homepage: pkg.homepage,
      authors: pkg.authors,
      features: pkg.features,
      lib: single(targets, 'lib'),
      bins: byKind(targets, 'bin'),
      examples: byKind(targets, 'example'),
      tests: byKind(targets, 'test'),
      benches: byKind(targets, 'bench'),
      build: single(targets, 'custom-build'),
    };
  });
  return { root: rel(base, ins.workspace.root), members, defaultMembers: ins.workspace.defaultMembers };
}

interface Case {
  readonly fixture: string;
  /** Directory to load from, relative to the fixture (default: the fixture itself). */
  readonly start?: string;
}

const CASES: Case[] = [
  { fixture: 'single-crate' },
  { fixture: 'bin-custom-path' },
  { fixture: 'bin-inferred-paths' },
  { fixture: 'multi-bin-default-run' },
  { fixture: 'autobins-false' },
  { fixture: 'edition2015-explicit' },
  { fixture: 'edition2015-autobins' },
  { fixture: 'edition2015-legacy' },
  { fixture: 'dedup-inferred' },
  { fixture: 'required-features' },
  { fixture: 'virtual-globs' },
  { fixture: 'virtual-globs', start: 'crates/api' },
  { fixture: 'virtual-globs', start: 'tools/nested/deep/cli' },
  { fixture: 'root-package' },
  { fixture: 'root-package', start: 'crates/worker' },
  { fixture: 'path-deps', start: 'ws' },
  { fixture: 'path-deps', start: 'ws/app' },
  { fixture: 'path-deps', start: 'ws/libs/core' },
  { fixture: 'path-deps', start: 'ws/vendored/forked' },
  { fixture: 'inherit' },
  { fixture: 'inherit', start: 'crates/full' },
  { fixture: 'nested-workspace' },
  { fixture: 'nested-workspace', start: 'standalone' },
  { fixture: 'nested-workspace', start: 'pointed' },
  { fixture: 'toolchain-toml' },
  { fixture: 'toolchain-legacy' },
  { fixture: 'toolchain-symlink' },
  { fixture: 'toolchain-both' },
  { fixture: 'cargo-config-vendor' },
  { fixture: 'targets-misc' },
  { fixture: 'targets-misc', start: 'declared-targets' },
  { fixture: 'test-bench-example-members' },
  { fixture: 'test-bench-example-members', start: 'tests' },
  { fixture: 'test-bench-example-members', start: 'examples-only' },
  { fixture: 'target-paths-outside' },
];

const label = (c: Case) => (c.start ? `${c.fixture} (from ${c.start})` : c.fixture);

afterAll(() => cleanupTemp());

describe('inventory equals cargo metadata --no-deps', () => {
  test.each(CASES.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const base = copyFixture(c.fixture);
    const start = path.join(base, c.start ?? '');
    const { meta } = cargoMetadata(start);
    const expected = fromCargo(meta, base);
    const actual = fromUs(inspectWorkspace(start), base);
    expect(actual).toEqual(expected);
    // the fixture set must really exercise members
    expect(expected.members.length).toBeGreaterThan(0);
  });
});

describe('manifests and path dependencies equal what cargo resolves', () => {
  test.each(CASES.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const base = copyFixture(c.fixture);
    const start = path.join(base, c.start ?? '');
    const { meta, stderr } = cargoMetadata(start, true);
    const root = meta.workspace_root;
    const inside = (p: string) => !rel(root, p).startsWith('..');
    const memberIds = new Set(meta.workspace_members);
    const pathPackages = meta.packages.filter((p) => p.source === null);
    // `[patch]` entries that nothing uses are loaded all the same; cargo names them in a warning.
    const unusedPatches = [...stderr.matchAll(/patch `\S+ v\S+ \(([^)]+)\)` was not used/g)].map((m) => m[1]);
    const dirs = [
      ...pathPackages.map((p) => ({ dir: path.dirname(p.manifest_path), member: memberIds.has(p.id) })),
      ...unusedPatches.map((dir) => ({ dir, member: false })),
    ];
    const ws = inspectWorkspace(start).workspace;
    expect(ws.manifests).toEqual(sorted([...new Set([
      'Cargo.toml',
      ...dirs.filter((d) => inside(d.dir)).map((d) => rel(root, path.join(d.dir, 'Cargo.toml'))),
    ])]));
    expect(ws.pathDependencyDirs).toEqual(sorted([...new Set(dirs.filter((d) => !d.member && inside(d.dir)).map((d) => rel(root, d.dir)))]));
    expect(ws.externalPathDependencies).toEqual(sorted([...new Set(dirs.filter((d) => !inside(d.dir)).map((d) => rel(root, d.dir)))]));
  });
});

interface ErrorCase {
  readonly fixture: string;
  readonly start?: string;
  /** The file the error must name, relative to the fixture. */
  readonly file: string;
  readonly message: RegExp;
  readonly line?: number;
  readonly column?: number;
}

const ERRORS: ErrorCase[] = [
  { fixture: 'glob-dir-without-manifest', file: 'Cargo.toml', message: /workspace member `crates\/empty` \(matched by `crates\/\*`\) is a directory without a Cargo\.toml/ },
  { fixture: 'glob-matches-nothing', file: 'Cargo.toml', message: /`workspace\.members` entry `crates\/\*` matches nothing/ },
  { fixture: 'member-missing', file: 'Cargo.toml', message: /`workspace\.members` entry `does-not-exist` names a directory that does not exist/ },
  { fixture: 'glob-invalid', file: 'Cargo.toml', message: /`crates\/\*\*\*` is not a valid glob pattern: wildcards are either regular `\*` or recursive `\*\*`/ },
  { fixture: 'not-a-member', start: 'orphan', file: 'orphan/Cargo.toml', message: /current package believes it's in a workspace when it's not/ },
  { fixture: 'default-member-not-member', file: 'Cargo.toml', message: /`workspace\.default-members` entry `b` names `b`, which is not a member/ },
  { fixture: 'bin-ambiguous', file: 'Cargo.toml', message: /cannot infer path for `x` bin: .*`src\/bin\/x\.rs` and `src\/bin\/x\/main\.rs`/ },
  { fixture: 'bin-not-found', file: 'Cargo.toml', message: /can't find `phantom` bin at `src\/bin\/phantom\.rs` or `src\/bin\/phantom\/main\.rs`/ },
  { fixture: 'bin-no-name', file: 'Cargo.toml', message: /binary target bin\.name is required/ },
  { fixture: 'bin-duplicate', file: 'Cargo.toml', message: /found duplicate binary name x/ },
  { fixture: 'toml-syntax', file: 'Cargo.toml', message: /invalid TOML/, line: 3, column: 11 },
  { fixture: 'member-toml-syntax', file: 'bad/Cargo.toml', message: /invalid TOML/, line: 4 },
  { fixture: 'missing-name', file: 'Cargo.toml', message: /missing field `package\.name`/ },
  { fixture: 'inherit-undefined', file: 'm/Cargo.toml', message: /`package\.license` inherits from the workspace .* does not define `workspace\.package\.license`/ },
  { fixture: 'no-targets', file: 'Cargo.toml', message: /no targets specified in the manifest/ },
  { fixture: 'nested-root', file: 'inner/Cargo.toml', message: /multiple workspace roots found in the same workspace/ },
  { fixture: 'duplicate-package-names', file: 'two/Cargo.toml', message: /two packages named `same` in this workspace/ },
  { fixture: 'missing-path-dependency', file: 'Cargo.toml', message: /path dependency `gone` \(in `dependencies`\) points to `libs\/gone`, which has no Cargo\.toml/ },
  { fixture: 'no-targets-autotests-off', file: 'Cargo.toml', message: /no targets specified in the manifest/ },
  { fixture: 'default-run-ghost', file: 'Cargo.toml', message: /default-run target `ghost` not found: .*\(binaries: `p`\)/ },
  { fixture: 'rust-version-latest', file: 'Cargo.toml', message: /`package\.rust-version` = "latest" is not a Rust version: expected a version like "1\.32"/ },
  { fixture: 'rust-version-empty', file: 'Cargo.toml', message: /`package\.rust-version` = "" is not a Rust version/ },
  { fixture: 'rust-version-newline', file: 'Cargo.toml', message: /`package\.rust-version` = "1\.80\\n" is not a Rust version/ },
  { fixture: 'rust-version-expression', file: 'Cargo.toml', message: /`package\.rust-version` = "\$\{\{ x \}\}" is not a Rust version/ },
  { fixture: 'rust-version-prerelease', file: 'Cargo.toml', message: /unexpected prerelease field/ },
  { fixture: 'rust-version-below-edition', file: 'Cargo.toml', message: /rust-version 1\.50 is incompatible with the version \(1\.56\.0\) required by the specified edition \(2021\)/ },
  { fixture: 'package-name-invalid', file: 'Cargo.toml', message: /invalid character `\.` in package name: `my\.app`/ },
  { fixture: 'feature-name-invalid', file: 'Cargo.toml', message: /invalid character `-` in feature name: `-tls`, the first character/ },
  { fixture: 'feature-value-unknown', file: 'Cargo.toml', message: /feature `default` includes `nope`, which is neither a dependency nor another feature/ },
  { fixture: 'feature-dependency-unknown', file: 'Cargo.toml', message: /feature `serde` includes `serde_json\/std`, but `serde_json` is not a dependency/ },
  { fixture: 'feature-optional-unused', file: 'Cargo.toml', message: /optional dependency `helper` is not included in any feature/ },
  { fixture: 'dependency-name-invalid', file: 'Cargo.toml', message: /`dependencies` has the key `a\.b`: invalid character `\.` in package name/ },
  { fixture: 'dev-dependency-optional', file: 'Cargo.toml', message: /dev-dependencies are not allowed to be optional: `helper`/ },
  { fixture: 'lib-name-empty', file: 'Cargo.toml', message: /library target names cannot be empty/ },
  { fixture: 'target-name-empty', file: 'Cargo.toml', message: /test target names cannot be empty/ },
  { fixture: 'bin-name-forbidden', file: 'Cargo.toml', message: /the binary target name `deps` is forbidden/ },
  { fixture: 'nested-arrays-deep', file: 'Cargo.toml', message: /arrays and inline tables nest more than 80 levels deep/, line: 7, column: 90 },
  { fixture: 'nested-keys-deep', file: 'Cargo.toml', message: /this key has more than 80 dotted parts/, line: 7, column: 1 },
  { fixture: 'description-raw-nul', file: 'Cargo.toml', message: /invalid TOML: Control characters .* are not allowed in strings/, line: 5 },
  { fixture: 'cargo-config-target-type', file: '.cargo/config.toml', message: /`build\.target` must be a target triple or an array of them/ },
];

describe('cargo errors are errors here too, naming the file', () => {
  test.each(ERRORS.map((c) => [c.fixture, c] as const))('%s', (_name, c) => {
    const base = copyFixture(path.join('errors', c.fixture));
    const start = path.join(base, c.start ?? '');
    const cargo = runCargo(start, ['metadata', '--no-deps', '--format-version', '1', '--offline']);
    expect(cargo.status).not.toBe(0);

    let error: unknown;
    try {
      inspectWorkspace(start);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RustDockerError);
    const ce = error as RustDockerError;
    expect(ce.file).toBeDefined();
    const file = ce.file!;
    expect(rel(base, file)).toBe(c.file);
    expect(ce.message).toMatch(c.message);
    expect(ce.message.startsWith(file)).toBe(true);
    expect(ce.fix).toBeTruthy();
    expect(ce.option).toBeUndefined();
    if (!ce.problem.includes('\n')) {
      // A one-line problem is a sentence, followed by the fix on the same line.
      expect(ce.problem).toMatch(/\.$/);
      expect(ce.message.endsWith(`: ${ce.problem} ${ce.fix}`)).toBe(true);
    } else {
      expect(ce.message.endsWith(`: ${ce.problem}\n${ce.fix}`)).toBe(true);
    }
    if (c.line !== undefined) {
      expect(ce.line).toBe(c.line);
      expect(ce.message.startsWith(`${file}:${c.line}:`)).toBe(true);
    }
    if (c.column !== undefined) {
      expect(ce.column).toBe(c.column);
    }
  });
});
