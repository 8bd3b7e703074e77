import { Linking } from './linking';
import type { Runtime } from './runtime';
import { RustDockerError } from '../core/errors';

/** The linking a runtime needs when none is given. */
export function defaultLinking(runtime: Runtime): Linking {
  switch (runtime._traits.libc) {
    case 'glibc': return Linking.DYNAMIC_GLIBC;
    case 'musl': return Linking.STATIC_MUSL;
    default: return Linking.STATIC_GLIBC;
  }
}

/**
 * Fails when the binary cannot start on the runtime: a dynamic glibc binary needs the
 * builder's glibc, which scratch, distroless-static and alpine (musl) do not have.
 */
export function checkLinking(runtime: Runtime, linking: Linking): void {
  if (linking !== Linking.DYNAMIC_GLIBC) {
    return;
  }
  const libc = runtime._traits.libc;
  if (libc === 'none') {
    throw new RustDockerError({
      option: 'linking',
      problem: `is DYNAMIC_GLIBC but runtime ${runtime.name} (${runtime.image}) has no C library: ` +
        'the binary would fail with "No such file or directory".',
      fix: 'Use linking: Linking.STATIC_GLIBC (or STATIC_MUSL), or a glibc runtime such as Runtime.DEBIAN_SLIM or Runtime.DISTROLESS_CC.',
    });
  }
  if (libc === 'musl') {
    throw new RustDockerError({
      option: 'linking',
      problem: `is DYNAMIC_GLIBC but runtime ${runtime.name} (${runtime.image}) uses musl, not glibc: ` +
        'the binary would fail with "error while loading shared libraries".',
      fix: 'Use linking: Linking.STATIC_MUSL (or STATIC_GLIBC), or Runtime.DEBIAN_SLIM.',
    });
  }
}
