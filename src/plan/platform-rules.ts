import { RustDockerError } from '../core/errors';
import { describeValue, isMap } from '../core/rules';

/** A platform as BuildKit takes it: `os/arch[/variant]`. */
export const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

/**
 * Checks that every entry of a `platforms` option is a `Platform` (also one from another copy
 * of this library): a string such as `'linux/arm64'` from untyped JavaScript would otherwise
 * reach the jobs as `undefined`.
 */
export function checkPlatforms(option: string, value: unknown): void {
  if (!Array.isArray(value)) {
    throw new RustDockerError({ option, problem: `is ${describeValue(value)}, not a list of platforms.`, fix: 'Give an array, e.g. [Platform.LINUX_AMD64, Platform.LINUX_ARM64].' });
  }
  value.forEach((p: unknown, i) => {
    if (!isMap(p) || typeof p.value !== 'string' || !PLATFORM.test(p.value)) {
      const fix = typeof p === 'string' && PLATFORM.test(p) ? `Use Platform.custom('${p}') or a Platform constant such as Platform.LINUX_ARM64.` : 'Use Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7 or Platform.custom(\'os/arch\').';
      throw new RustDockerError({ option: `${option}[${i}]`, problem: `is ${describeValue(p)}, not a Platform.`, fix });
    }
  });
}
