import { SOURCE_CROSS_ENV } from './cross';
import { shellWord } from '../core/quote';
import { Linking } from '../plan/linking';
import type { ImagePlan } from '../plan/plan';

/** Shell snippet that names the builder's host triple (static glibc builds need `--target`). */
export const HOST_TRIPLE = '"$(rustc -vV | sed -n \'s/^host: //p\')"';

/** Where the builder leaves finished binaries for the final stages to copy. */
export const BINARY_DIR = '/usr/local/bin';

/**
 * One `cargo build` invocation of the builder stage: what it selects, how it compiles, and
 * which binaries it copies out. A single image builds one `--package/--bin`; a workspace
 * image set builds several binaries in one invocation.
 */
export interface CargoBuildSpec {
  /** Target selection arguments, e.g. `['--package', 'api', '--bin', 'api']` or `['--workspace', '--bins']`. */
  readonly selection: string[];
  readonly profile: string;
  /** Directory under `target/` (or `target/<triple>/`) where the profile's output lands. */
  readonly profileDir: string;
  readonly linking: Linking;
  readonly noDefaultFeatures: boolean;
  readonly features: string[];
  /** Binaries copied to `BINARY_DIR` after the build. */
  readonly binaries: string[];
  /** Cross-compilation: the build sources `CROSS_ENV` and compiles for its `$RUST_TARGET`. */
  readonly cross: boolean;
  /** `--config KEY=VALUE` arguments of every cargo build (relocated vendored sources). @default none */
  readonly config?: readonly string[];
  /** cargo's `--target-dir` (LAYER caching keeps it out of the build directory the sources are mounted on). @default `target` in the build directory */
  readonly targetDir?: string;
  /** Build with `cargo auditable build` (the dependency tree embedded in the binary). @default false */
  readonly auditable?: boolean;
}

/** The build of one image's plan. */
export function cargoBuildSpec(plan: ImagePlan): CargoBuildSpec {
  return {
    selection: ['--package', plan.package.name, '--bin', plan.binary.name],
    profile: plan.profile,
    profileDir: plan.profileDir,
    linking: plan.linking,
    noDefaultFeatures: plan.noDefaultFeatures,
    features: plan.features,
    binaries: [plan.binary.name],
    cross: plan.cross.targets.length > 0,
    auditable: plan.auditable,
  };
}

/** Where the builder leaves the finished binary for the final stage to copy. */
export function builtBinaryPath(plan: ImagePlan): string {
  return binaryPath(plan.binary.name);
}

/** Where the builder leaves a finished binary. */
export function binaryPath(binary: string): string {
  return `${BINARY_DIR}/${binary}`;
}

/**
 * The `cargo build` command line, identical for the dependency layer and the final build so
 * that the compiled dependencies are reused (same features, profile, target and flags). With
 * `auditable`, `cargo auditable build`: it wraps rustc for the workspace's crates only
 * (`RUSTC_WORKSPACE_WRAPPER`), so the dependencies compile as without it.
 */
export function cargoBuildCommand(spec: CargoBuildSpec): string {
  const words = ['cargo', ...(spec.auditable ? ['auditable'] : []), 'build', '--locked'];
  words.push(...(spec.profile === 'release' ? ['--release'] : ['--profile', spec.profile]));
  words.push(...spec.selection);
  if (spec.noDefaultFeatures) {
    words.push('--no-default-features');
  }
  if (spec.features.length > 0) {
    words.push('--features', spec.features.join(','));
  }
  for (const value of spec.config ?? []) {
    words.push('--config', value);
  }
  if (spec.targetDir) {
    words.push('--target-dir', spec.targetDir);
  }
  const command = words.map(shellWord).join(' ');
  if (spec.cross) {
    return `${command} --target "$RUST_TARGET"`;
  }
  return spec.linking === Linking.STATIC_GLIBC ? `${command} --target "$HOST"` : command;
}

/** What a cargo step runs first: the cross target's variables, or the host triple for static glibc (`--target` keeps +crt-static off build scripts). */
function prelude(spec: CargoBuildSpec): string[] {
  if (spec.cross) {
    return [SOURCE_CROSS_ENV];
  }
  return spec.linking === Linking.STATIC_GLIBC ? [`HOST=${HOST_TRIPLE}`] : [];
}

/** Commands that build the binaries and copy them out of `target/` (which may be a cache mount). */
export function buildAndCopyBinaries(spec: CargoBuildSpec): string[] {
  const target = spec.targetDir ? shellWord(spec.targetDir) : 'target';
  const dir = spec.cross ? `${target}/"$RUST_TARGET"/${spec.profileDir}`
    : spec.linking === Linking.STATIC_GLIBC ? `${target}/"$HOST"/${spec.profileDir}` : `${target}/${spec.profileDir}`;
  const sources = spec.binaries.map((b) => `${dir}/${shellWord(b)}`).join(' ');
  const destination = spec.binaries.length === 1 ? binaryPath(spec.binaries[0]) : `${BINARY_DIR}/`;
  const commands = [cargoBuildCommand(spec), `cp ${sources} ${destination}`];
  return [...prelude(spec), ...commands];
}

/** The dependency-only build: the same command, nothing copied out. */
export function buildDependenciesOnly(spec: CargoBuildSpec): string[] {
  return [...prelude(spec), cargoBuildCommand(spec)];
}
