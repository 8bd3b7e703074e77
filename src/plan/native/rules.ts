import { LINKED_LIBRARY_CRATES } from './crates';
import type { BuilderKind, NativePlan } from './detect';
import { RustDockerError } from '../../core/errors';
import { Linking } from '../linking';
import type { Runtime } from '../runtime';

/** Debian package names (Debian Policy 5.6.1): lower case letters, digits, `+ - .`, at least two characters, starting with a letter or digit. */
export const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;

/** Alpine package names: the same characters plus `_` (e.g. `py3-foo_bar`), starting with a letter or digit. */
export const ALPINE_PACKAGE = /^[a-z0-9][a-z0-9+._-]*$/;

/** Either kind: what the options take before the builder or runtime is known. */
export const PACKAGE_NAME = /^[a-z0-9][a-z0-9+._-]*$/;

/** The package manager's name, for messages. */
function managerName(kind: BuilderKind | 'apt' | 'apk'): string {
  return kind === 'debian' || kind === 'apt' ? 'apt (Debian)' : 'apk (Alpine)';
}

/** Each name must suit the package manager that installs it. */
export function checkPackageNames(option: string, names: readonly string[], kind: BuilderKind | 'apt' | 'apk', where: string): void {
  const debian = kind === 'debian' || kind === 'apt';
  const pattern = debian ? DEBIAN_PACKAGE : ALPINE_PACKAGE;
  names.forEach((name, i) => {
    if (!pattern.test(name)) {
      throw new RustDockerError({
        option: `${option}[${i}]`,
        problem: `is ${JSON.stringify(name)}, which is not a package name for ${managerName(kind)}, which installs ${where}.`,
        fix: debian
          ? 'Debian package names are lower-case letters, digits, "+", "-" and ".", at least two characters, e.g. "libpq5" or "protobuf-compiler".'
          : 'Alpine package names are lower-case letters, digits, "+", "-", "." and "_", e.g. "libpq" or "protoc".',
      });
    }
  });
}

/** `runtimePackages` needs a runtime with a package manager. */
export function checkRuntimePackages(runtimePackages: readonly string[], runtime: Runtime): void {
  if (runtimePackages.length === 0) {
    return;
  }
  const manager = runtime._traits.packageManager;
  if (manager === 'none') {
    throw new RustDockerError({
      option: 'runtimePackages',
      problem: `lists ${runtimePackages.join(', ')}, but runtime ${runtime.name} (${runtime.image}) has no package manager to install them with.`,
      fix: 'Use a runtime with one (Runtime.DEBIAN_SLIM, Runtime.ALPINE, or Runtime.custom(image, { like: one of them })), or leave runtimePackages out ' +
        '(in RustWorkspaceImages, give a binary on such a runtime its own: binaries: { <binary>: { runtimePackages: [] } }).',
    });
  }
  checkPackageNames('runtimePackages', runtimePackages, manager, `the packages of the ${runtime.name} runtime`);
}

/**
 * A static binary cannot link a crate whose C library exists only as a shared library (or
 * whose static library needs dependencies the crate does not link): where Cargo.lock proves
 * such a crate is built and not bundled, synthesis stops here instead of at the link step,
 * or at start.
 */
export function checkStaticLinking(native: NativePlan, linking: Linking, runtime: Runtime, linkingGiven: boolean): void {
  if (linking === Linking.DYNAMIC_GLIBC) {
    return;
  }
  for (const found of native.crates) {
    const entry = LINKED_LIBRARY_CRATES.find((c) => c.crate === found.crate);
    if (found.kind !== 'library' || found.bundledBy || !entry?.staticLinkFails) {
      continue;
    }
    const named = runtime.name === runtime.image ? runtime.name : `${runtime.name} (${runtime.image})`;
    const why = linkingGiven ? `the linking option is ${linking}` : `runtime ${named} takes a ${linking} binary`;
    const dynamicRuntime = runtime._traits.libc === 'glibc' && runtime._traits.packageManager === 'apt'
      ? `linking: Linking.DYNAMIC_GLIBC, which ${runtime.name} can run (the final stage installs ${entry.runtime.debian.join(', ')} by itself)`
      : `Runtime.DEBIAN_SLIM with dynamic linking (the final stage installs ${entry.runtime.debian.join(', ')} by itself)`;
    throw new RustDockerError({
      option: linkingGiven ? 'linking' : 'runtime',
      problem: `builds a static binary (${why}), but it links crate ${found.crate} ${found.version} (Cargo.lock: ${found.via.join(' -> ')}), ` +
        `which needs ${entry.library} as a shared library: the static link would fail, and the image could not carry the library anyway.`,
      fix: entry.fix.startsWith('none: ') ? `Use ${dynamicRuntime}; ${entry.fix.slice('none: '.length)}.` : `Either ${entry.fix}, or use ${dynamicRuntime}.`,
    });
  }
}
