import { PLATFORM } from './platform-rules';
import { RustDockerError } from '../core/errors';
import { describeValue, printable } from '../core/rules';


/**
 * A target platform of the image (`os/arch[/variant]`), as `docker buildx --platform`
 * takes it.
 *
 * Platforms other than the runner's own (`linux/amd64` on GitHub-hosted `ubuntu-latest`) are
 * cross-compiled by the builder (`CrossCompilation.TOOLCHAIN`), or built under QEMU emulation
 * (`CrossCompilation.EMULATION`), which is much slower for Rust compilation.
 */
export class Platform {
  /** `linux/amd64` (x86-64). */
  public static readonly LINUX_AMD64 = new Platform('linux/amd64');

  /** `linux/arm64` (AArch64, e.g. Graviton, Ampere, Apple silicon hosts). */
  public static readonly LINUX_ARM64 = new Platform('linux/arm64');

  /** `linux/arm/v7` (32-bit ARM, e.g. older Raspberry Pi). */
  public static readonly LINUX_ARM_V7 = new Platform('linux/arm/v7');

  /**
   * Any other platform supported by BuildKit.
   *
   * @param platform `os/arch` or `os/arch/variant`, e.g. `linux/riscv64` or `linux/arm/v6`
   */
  public static custom(platform: string): Platform {
    if (typeof platform !== 'string' || !PLATFORM.test(platform)) {
      throw new RustDockerError({
        component: typeof platform === 'string' ? `Platform.custom('${printable(platform)}')` : 'Platform.custom()',
        problem: typeof platform === 'string' ? `'${printable(platform)}' is not a platform.` : `the platform is ${describeValue(platform)}, not a string.`,
        fix: 'Write it as os/arch or os/arch/variant, e.g. \'linux/riscv64\'.',
      });
    }
    return new Platform(platform);
  }

  /** The platform as BuildKit writes it, e.g. `linux/arm64`. */
  public readonly value: string;

  private constructor(platform: string) {
    this.value = platform;
  }
}
