/**
 * `cargo auditable` in the builder (`auditable`): the pinned release, installed in a layer of
 * its own before the dependency layer, so it is built once and cached like the toolchain. Pure.
 */
import type { Instruction } from './model';
import { ins } from './model';

/** The cargo-auditable release the builder installs (crates.io, published 2026-10-02). */
export const CARGO_AUDITABLE_VERSION = '0.7.7';

/** The install step (none without `auditable`). */
export function auditableSetup(auditable: boolean | undefined): Instruction[] {
  if (!auditable) {
    return [];
  }
  return [ins.run([`cargo install cargo-auditable --version ${CARGO_AUDITABLE_VERSION} --locked`], {
    comments: [
      `cargo auditable ${CARGO_AUDITABLE_VERSION} (pinned, --locked: its own Cargo.lock): the builds below embed the`,
      'dependency tree in the binary (a .dep-v0 section) for image scanners and `cargo audit bin`.',
    ],
  })];
}
