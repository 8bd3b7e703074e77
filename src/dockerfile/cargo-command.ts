import { shellWord } from './escape';
import { Linking } from './linking';
import { ImagePlan } from '../plan/plan';

/** Shell snippet that names the builder's host triple (static glibc builds need `--target`). */
export const HOST_TRIPLE = '"$(rustc -vV | sed -n \'s/^host: //p\')"';

/** Where the builder leaves the finished binary for the final stage to copy. */
export function builtBinaryPath(plan: ImagePlan): string {
  return `/usr/local/bin/${plan.binary.name}`;
}

/**
 * The `cargo build` command line, identical for the dependency layer and the final build so
 * that the compiled dependencies are reused (same features, profile, target and flags).
 */
export function cargoBuild(plan: ImagePlan): string {
  const words = ['cargo', 'build', '--locked'];
  words.push(...(plan.profile === 'release' ? ['--release'] : ['--profile', plan.profile]));
  words.push('--package', plan.package.name, '--bin', plan.binary.name);
  if (plan.noDefaultFeatures) {
    words.push('--no-default-features');
  }
  if (plan.features.length > 0) {
    words.push('--features', plan.features.join(','));
  }
  const command = words.map(shellWord).join(' ');
  return plan.linking === Linking.STATIC_GLIBC ? `${command} --target "$HOST"` : command;
}

/** Commands that build the binary and copy it out of `target/` (which may be a cache mount). */
export function buildAndCopy(plan: ImagePlan): string[] {
  const dir = plan.linking === Linking.STATIC_GLIBC ? `target/"$HOST"/${plan.profileDir}` : `target/${plan.profileDir}`;
  const commands = [cargoBuild(plan), `cp ${dir}/${shellWord(plan.binary.name)} ${builtBinaryPath(plan)}`];
  return plan.linking === Linking.STATIC_GLIBC ? [`HOST=${HOST_TRIPLE}`, ...commands] : commands;
}

/** The dependency-only build: same command, nothing copied out. */
export function buildDependencies(plan: ImagePlan): string[] {
  return plan.linking === Linking.STATIC_GLIBC ? [`HOST=${HOST_TRIPLE}`, cargoBuild(plan)] : [cargoBuild(plan)];
}
