import type { Instruction } from './model';
import { ins } from './model';
import type { CrossPlan, CrossTarget } from '../plan/cross';

/**
 * Cross-compilation in the builder: the builder stage runs on `$BUILDPLATFORM`; one step,
 * after `ARG TARGETPLATFORM`, picks the Rust target of `$TARGETPLATFORM`, installs Debian's
 * cross gcc and the target architecture's `-dev` packages when the target is foreign, adds
 * the Rust standard library when the toolchain lacks it, and writes `CROSS_ENV`: the shell
 * file every later cargo step sources (`RUST_TARGET`, the linker, CC/CXX/AR and pkg-config for
 * the target, and `LIBRARY_DIRS` for the runtime-libraries check, since `ldd` cannot read a
 * foreign binary). On the build platform itself it only names the target, so one Dockerfile
 * builds natively and for every listed platform.
 *
 * Everything after the `ARG` is per platform, so the dependency layer and its cache are too.
 */

/** The file the setup step writes and the cargo steps source. */
export const CROSS_ENV = '/usr/local/etc/rust-target.env';

/** The command that loads `CROSS_ENV` in a `RUN` step (POSIX `.`: the builder's shell may be dash). */
export const SOURCE_CROSS_ENV = `. ${CROSS_ENV}`;

/** The build platform's variable, for the `FROM --platform=` of every stage that only builds. */
export const BUILD_PLATFORM = '$BUILDPLATFORM';

/** `-dev` packages that are build tools' libraries (host side), never installed for the target. */
const HOST_ONLY = /^(libclang|llvm|clang)/;

/** The target-architecture packages of a builder's packages: the C libraries' `-dev` packages. */
export function targetLibraryPackages(builderPackages: readonly string[]): string[] {
  return builderPackages.filter((p) => p.endsWith('-dev') && !HOST_ONLY.test(p));
}

/** The variables `CROSS_ENV` exports for a foreign target (cargo's and the cc, pkg-config crates' names). */
export function crossVariables(t: CrossTarget): string[] {
  const upper = t.triple.toUpperCase().replace(/-/g, '_');
  const lower = t.triple.replace(/-/g, '_');
  return [
    `CARGO_TARGET_${upper}_LINKER=${t.gnu}-gcc`,
    `CC_${lower}=${t.gnu}-gcc`,
    `CXX_${lower}=${t.gnu}-g++`,
    `AR_${lower}=${t.gnu}-ar`,
    'PKG_CONFIG_ALLOW_CROSS=1',
    `PKG_CONFIG_LIBDIR_${lower}=/usr/lib/${t.gnu}/pkgconfig:/usr/share/pkgconfig`,
    `LIBRARY_DIRS=/lib/${t.gnu}:/usr/lib/${t.gnu}:/usr/${t.gnu}/lib`,
  ];
}

/** One `case` arm of the setup step. Every value is a plain word (checked by the table's shape), joined without quotes. */
function caseArm(t: CrossTarget, libraries: readonly string[]): string {
  const packages = [...t.toolchainPackages, ...libraries.map((p) => `${p}:${t.debianArch}`)].join(' ');
  return `    ${t.platform}) arch=${t.debianArch} target=${t.triple} packages='${packages}' variables='${crossVariables(t).join(' ')}' ;;`;
}

/** `ARG TARGETPLATFORM` and the setup step, or nothing without cross-compilation. */
export function crossSetup(plan: CrossPlan, builderPackages: readonly string[]): Instruction[] {
  if (plan.targets.length === 0) {
    return [];
  }
  const libraries = targetLibraryPackages(builderPackages);
  const platforms = plan.targets.map((t) => t.platform).join(', ');
  const unknown = `this Dockerfile cross-compiles for ${platforms}, not $TARGETPLATFORM: add it to platforms in .projenrc.ts and run npx projen.`;
  const script = [
    'case "$TARGETPLATFORM" in \\',
    ...plan.targets.map((t) => `${caseArm(t, libraries)} \\`),
    `    *) echo "error: ${unknown}" >&2; exit 1 ;; \\`,
    '    esac \\',
    '    && if [ "$arch" = "$(dpkg --print-architecture)" ]; then packages="" variables=""; fi \\',
    '    && if [ -n "$packages" ]; then \\',
    '         dpkg --add-architecture "$arch" && apt-get update \\',
    '         && apt-get install -y --no-install-recommends $packages \\',
    '         && rm -rf /var/lib/apt/lists/*; \\',
    '       fi \\',
    '    && { [ -d "$(rustc --print target-libdir --target "$target")" ] || rustup target add "$target"; } \\',
    `    && mkdir -p ${parent(CROSS_ENV)} \\`,
    `    && printf 'export %s\\n' "RUST_TARGET=$target" $variables > ${CROSS_ENV}`,
  ].join('\n');
  return [
    ins.plain('ARG', 'TARGETPLATFORM', [
      'Cross-compilation: this stage runs on the build machine\'s platform and compiles for',
      `$TARGETPLATFORM (${platforms}): Debian's cross gcc links, the target's -dev packages`,
      `(multiarch) provide C libraries, and ${CROSS_ENV} names the target for every cargo step.`,
      'Nothing is emulated here; a plain docker build compiles for the machine it runs on.',
    ]),
    ins.run([script]),
  ];
}

function parent(file: string): string {
  return file.slice(0, file.lastIndexOf('/'));
}
