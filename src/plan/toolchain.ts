import { Linking } from './linking';
import { isRustVersion } from './validate';
import type { CargoPackage, ToolchainInfo } from '../cargo/model';
import { parseChannel } from '../cargo/toolchain';
import { RustDockerError } from '../core/errors';

/** The Rust version used when nothing names one. Kept in step with the e2e base images. */
export const DEFAULT_RUST_VERSION = '1.95';

export type ToolchainSource = 'option' | 'toolchain file' | 'rust-version' | 'default';

export interface ResolvedToolchain {
  /** The version that picks the builder tag, e.g. `1.80`, or `1` for the stable channel. */
  readonly rustVersion: string;
  readonly source: ToolchainSource;
  /** The builder image reference. */
  readonly builderImage: string;
  /**
   * A toolchain channel that no official image carries (`nightly-2024-05-01`, `beta`):
   * the builder installs it with rustup on top of the default image. Null otherwise.
   */
  readonly installChannel: string | null;
  /** Human-readable explanation for `plan`. */
  readonly explanation: string;
}

export interface ToolchainRequest {
  readonly rustVersion?: string;
  readonly builderImage?: string;
  readonly linking: Linking;
}

/**
 * Resolves the builder toolchain: the `rustVersion` option > the toolchain file's channel >
 * the package's `rust-version` (own or inherited) > DEFAULT_RUST_VERSION.
 *
 * A channel that is a version maps to the official `rust:<version>-<flavour>` tag; `stable`
 * maps to `rust:1-<flavour>`; any other channel (nightly, beta, dated) builds on the default
 * image and installs that channel with rustup, as the toolchain file asks.
 */
export function resolveToolchain(toolchain: ToolchainInfo, pkg: CargoPackage | undefined, request: ToolchainRequest): ResolvedToolchain {
  const flavour = request.linking === Linking.STATIC_MUSL ? 'alpine' : 'bookworm';
  const image = (version: string) => request.builderImage ?? `rust:${version}-${flavour}`;

  if (request.rustVersion) {
    return { rustVersion: request.rustVersion, source: 'option', builderImage: image(request.rustVersion), installChannel: null, explanation: 'the rustVersion option' };
  }
  if (toolchain.channel) {
    const channel = toolchain.channel;
    const explanation = `channel "${channel}" of ${toolchain.file}`;
    checkHost(toolchain);
    if (isRustVersion(channel)) {
      return { rustVersion: channel, source: 'toolchain file', builderImage: image(channel), installChannel: null, explanation };
    }
    if (channel === 'stable') {
      return { rustVersion: '1', source: 'toolchain file', builderImage: image('1'), installChannel: null, explanation: `${explanation} (the newest stable image, rust:1)` };
    }
    // A date or a host in the name (`stable-x86_64-unknown-linux-gnu`): rustup uses such a
    // toolchain file only when exactly that toolchain is installed, so the builder installs it.
    return {
      rustVersion: channel,
      source: 'toolchain file',
      builderImage: image(DEFAULT_RUST_VERSION),
      installChannel: channel,
      explanation: `${explanation}: no official image carries it, so the builder installs it with rustup on rust:${DEFAULT_RUST_VERSION}`,
    };
  }
  if (pkg?.rustVersion) {
    return { rustVersion: pkg.rustVersion, source: 'rust-version', builderImage: image(pkg.rustVersion), installChannel: null, explanation: `rust-version of package '${pkg.name}'` };
  }
  return { rustVersion: DEFAULT_RUST_VERSION, source: 'default', builderImage: image(DEFAULT_RUST_VERSION), installChannel: null, explanation: 'no toolchain file or rust-version: the default' };
}

/** The envs of rustup's partial host triples that name a Linux host on their own (`stable-gnu`). */
const LINUX_ENVS = ['gnu', 'gnux32', 'gnueabi', 'gnueabihf', 'gnuabi64', 'musl'];

/** A host in the channel (`1.80-x86_64-unknown-linux-gnu`) must be a Linux host: the builder runs Linux. */
function checkHost(toolchain: ToolchainInfo): void {
  const host = toolchain.channel ? parseChannel(toolchain.channel)?.host : null;
  if (!host || host.includes('linux') || LINUX_ENVS.includes(host)) {
    return;
  }
  throw new RustDockerError({
    file: toolchain.file ?? undefined,
    problem: `channel "${toolchain.channel}" names the host "${host}", but the builder image runs Linux: rustup cannot run that toolchain there.`,
    fix: 'Remove the host from the channel (e.g. "1.80" instead of "1.80-x86_64-pc-windows-msvc"); to build for another platform, list it under `targets`.',
  });
}
