import { CrossCompilation } from './cross-compilation';
import { Linking } from './linking';
import { compareStrings } from '../core/compare';
import { RustDockerError } from '../core/errors';


/** A platform the builder can cross-compile for, with Debian's and Rust's names for it. */
export interface CrossTarget {
  /** BuildKit's platform, `$TARGETPLATFORM`. */
  readonly platform: string;
  /** The Rust target triple. */
  readonly triple: string;
  /** Debian's architecture (`dpkg --print-architecture`, the `:arch` of multiarch packages). */
  readonly debianArch: string;
  /** The GNU triplet: prefix of the cross tools (`<gnu>-gcc`) and multiarch library directory. */
  readonly gnu: string;
  /** Debian packages of the cross C toolchain (compiler and target libc headers). */
  readonly toolchainPackages: string[];
}

function target(platform: string, triple: string, debianArch: string, gnu: string): CrossTarget {
  const gcc = gnu.replace(/_/g, '-');
  return { platform, triple, debianArch, gnu, toolchainPackages: [`gcc-${gcc}`, `g++-${gcc}`, `libc6-dev-${debianArch}-cross`] };
}

/** The platforms cross-compilation covers: Debian bookworm ships a cross gcc and multiarch libraries for each. */
export const CROSS_TARGETS: readonly CrossTarget[] = [
  target('linux/amd64', 'x86_64-unknown-linux-gnu', 'amd64', 'x86_64-linux-gnu'),
  target('linux/arm64', 'aarch64-unknown-linux-gnu', 'arm64', 'aarch64-linux-gnu'),
  target('linux/arm/v7', 'armv7-unknown-linux-gnueabihf', 'armhf', 'arm-linux-gnueabihf'),
  target('linux/386', 'i686-unknown-linux-gnu', 'i386', 'i686-linux-gnu'),
  target('linux/ppc64le', 'powerpc64le-unknown-linux-gnu', 'ppc64el', 'powerpc64le-linux-gnu'),
  target('linux/s390x', 's390x-unknown-linux-gnu', 's390x', 's390x-linux-gnu'),
  target('linux/riscv64', 'riscv64gc-unknown-linux-gnu', 'riscv64', 'riscv64-linux-gnu'),
];

/** The build platform the generated CI runs on, always covered so that a plain `docker build` works too. */
const BUILD_PLATFORM = 'linux/amd64';

/** How one image's builder handles `platforms`. */
export interface CrossPlan {
  /** The targets the builder's setup step knows (the image's platforms and linux/amd64), sorted by platform. Empty: no cross-compilation. */
  readonly targets: CrossTarget[];
  /** The image's platforms other than linux/amd64, sorted: empty when cross-compilation was never a question. */
  readonly foreign: string[];
  /** Why the builder cross-compiles, or why it does not although platforms are foreign (for the plan report and summary). */
  readonly reason: string;
}

/**
 * Plans cross-compilation from the image's platforms: none asked for (or only linux/amd64),
 * nothing changes; otherwise the builder cross-compiles, unless `crossCompilation` is
 * `EMULATION` or the builder is alpine (musl). A platform outside `CROSS_TARGETS` is an error
 * that names the fallback.
 */
export function planCross(platforms: readonly string[], linking: Linking, mode: CrossCompilation | undefined): CrossPlan {
  const foreign = [...new Set(platforms)].filter((p) => p !== BUILD_PLATFORM).sort(compareStrings);
  if (foreign.length === 0) {
    return { targets: [], foreign, reason: 'no platform other than linux/amd64: the builder compiles for the platform it runs on' };
  }
  if (mode === CrossCompilation.EMULATION) {
    return { targets: [], foreign, reason: `crossCompilation is EMULATION: ${foreign.join(', ')} compiled under QEMU emulation` };
  }
  if (linking === Linking.STATIC_MUSL) {
    return { targets: [], foreign, reason: `musl (alpine) builders do not cross-compile here: ${foreign.join(', ')} compiled under QEMU emulation` };
  }
  const unknown = foreign.filter((p) => !CROSS_TARGETS.some((t) => t.platform === p));
  if (unknown.length > 0) {
    throw new RustDockerError({
      option: 'platforms',
      problem: `${unknown.join(', ')}: no cross toolchain is known for ${unknown.length === 1 ? 'it' : 'them'} (cross-compilation covers ${CROSS_TARGETS.map((t) => t.platform).join(', ')}).`,
      fix: 'Set crossCompilation: CrossCompilation.EMULATION to build every platform under QEMU, or remove the platform.',
    });
  }
  const targets = CROSS_TARGETS.filter((t) => t.platform === BUILD_PLATFORM || foreign.includes(t.platform))
    .sort((a, b) => compareStrings(a.platform, b.platform));
  return {
    targets,
    foreign,
    reason: `the builder runs on the build platform and cross-compiles for ${foreign.map((p) => `${p} (${CROSS_TARGETS.find((t) => t.platform === p)!.triple})`).join(', ')}: no emulated Rust compilation`,
  };
}
