import { sqlxExplanation } from './native/sqlx';
import type { ImagePlan } from './plan';

/**
 * What one image's plan chose and why, in a few lines for the synthesis log (`npx projen`
 * prints them): the binary, the toolchain, the runtime, linking and caching, and what Cargo.lock
 * made the builder and the runtime do. Pure.
 */
export function imageSummary(plan: ImagePlan): string[] {
  return [
    `binary ${plan.binary.name} of package ${plan.package.name} (${plan.selectionReason})`,
    ...builderSummary(plan),
    `runtime ${runtimeWords(plan.runtime)}, ${plan.linking} linking, user ${plan.user}${plan.ports.length ? `, ports ${plan.ports.join(' ')}` : ''}`,
  ];
}

/** The builder's lines: toolchain and caching, then native crates and sqlx (shared by workspace images). */
export function builderSummary(plan: ImagePlan): string[] {
  const lines = [`Rust ${plan.toolchain.rustVersion} in ${plan.toolchain.builderImage} (${plan.toolchain.explanation}); ${plan.caching} dependency caching`];
  if (plan.native.builderPackageReasons.length > 0) {
    lines.push(`builder installs ${plan.native.builderPackageReasons.join('; ')}`);
  }
  if (plan.native.libraryCrates.length > 0) {
    lines.push(`links C libraries through ${plan.native.libraryCrates.join(', ')}: the builder reads the shared libraries off the binary, the runtime gets them or the build fails there`);
  }
  if (plan.native.sqlx) {
    lines.push(`sqlx: ${sqlxExplanation(plan.native.sqlx)}`);
  }
  if (plan.cross.foreign.length > 0) {
    lines.push(`platforms: ${plan.cross.reason}`);
  }
  const { registries, ssh } = plan.credentials;
  if (registries.length > 0) {
    lines.push(`private registries ${registries.map((r) => `${r.name} (token: BuildKit secret ${r.secretId}, CI secret ${r.ciSecret})`).join(', ')}, in the steps that fetch crates only`);
  }
  if (ssh) {
    lines.push(`git over SSH: the build's SSH agent (CI secret ${ssh.ciSecret}), ${ssh.knownHosts.length} pinned host key${ssh.knownHosts.length === 1 ? '' : 's'}`);
  }
  if (plan.auditable) {
    lines.push('cargo auditable: the binary carries its dependency tree for image scanners');
  }
  if (plan.imageLock) {
    lines.push(`base images pinned by digest from ${plan.imageLockFile} (${plan.imageLock.digests.size} image${plan.imageLock.digests.size === 1 ? '' : 's'}; npx projen docker:pin refreshes it)`);
  }
  return lines;
}

/** `debian-slim (debian:bookworm-slim)`, or the name alone when it is the image (a custom runtime). */
export function runtimeWords(runtime: { readonly name: string; readonly image: string }): string {
  return runtime.name === runtime.image ? runtime.name : `${runtime.name} (${runtime.image})`;
}
