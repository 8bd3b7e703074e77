import type { RuntimeTraits } from './runtime-traits';
import { RustDockerError } from '../core/errors';
import { IMAGE_REFERENCE } from '../core/rules';

/**
 * Options for a custom runtime image.
 */
export interface CustomRuntimeOptions {
  /**
   * The built-in runtime this image behaves like: its package manager, C library, CA
   * certificates and default user are assumed to be the same. For example a hardened
   * Debian base behaves like `Runtime.DEBIAN_SLIM`.
   *
   * @default Runtime.DEBIAN_SLIM
   */
  readonly like?: Runtime;
}

/**
 * The base image of the final (runtime) stage.
 *
 * Each built-in runtime decides how CA certificates get in (installed, copied from the
 * builder, or already present), which user the binary runs as, and which linking is valid.
 */
export class Runtime {
  /**
   * `debian:bookworm-slim`: the same glibc as the `rust:*-bookworm` builder. CA
   * certificates are installed with apt; the binary runs as uid 10001.
   */
  public static readonly DEBIAN_SLIM = new Runtime('debian-slim', 'debian:bookworm-slim', {
    packageManager: 'apt', libc: 'glibc', caCertificatesIncluded: false, defaultUser: '10001', libraryPackages: [],
  });

  /**
   * `gcr.io/distroless/cc-debian12:nonroot`: glibc and libgcc, no shell, CA certificates
   * included, runs as the image's `nonroot` user (65532).
   */
  public static readonly DISTROLESS_CC = new Runtime('distroless-cc', 'gcr.io/distroless/cc-debian12:nonroot', {
    packageManager: 'none',
    libc: 'glibc',
    caCertificatesIncluded: true,
    defaultUser: '65532',
    // distroless cc/config.bzl (debian12): base (libc6, libssl3) + libgcc-s1, libgomp1, libstdc++6.
    libraryPackages: ['libc6', 'libgcc-s1', 'libgomp1', 'libssl3', 'libstdc++6'],
  });

  /**
   * `gcr.io/distroless/static-debian12:nonroot`: no C library, no shell, CA certificates
   * included, runs as `nonroot` (65532). Needs a statically linked binary.
   */
  public static readonly DISTROLESS_STATIC = new Runtime('distroless-static', 'gcr.io/distroless/static-debian12:nonroot', {
    packageManager: 'none', libc: 'none', caCertificatesIncluded: true, defaultUser: '65532', libraryPackages: [],
  });

  /**
   * `scratch`: an empty image. Needs a statically linked binary; CA certificates are
   * copied from the builder; the binary runs as uid 10001.
   */
  public static readonly SCRATCH = new Runtime('scratch', 'scratch', {
    packageManager: 'none', libc: 'none', caCertificatesIncluded: false, defaultUser: '10001', libraryPackages: [],
  });

  /**
   * `alpine:3.22`: musl. Needs a musl binary (`Linking.STATIC_MUSL`, built on
   * `rust:*-alpine`) or a fully static glibc one. CA certificates are installed with apk;
   * the binary runs as uid 10001.
   */
  public static readonly ALPINE = new Runtime('alpine', 'alpine:3.22', {
    packageManager: 'apk', libc: 'musl', caCertificatesIncluded: false, defaultUser: '10001', libraryPackages: [],
  });

  /**
   * Any other base image, e.g. a digest-pinned or company-hardened one.
   *
   * @param image the image reference used in `FROM`, e.g. `registry.example.com/base:1.2`
   * @param options how the image behaves
   */
  public static custom(image: string, options: CustomRuntimeOptions = {}): Runtime {
    if (typeof image !== 'string' || !IMAGE_REFERENCE.test(image)) {
      throw new RustDockerError({
        component: `Runtime.custom(${JSON.stringify(image)})`,
        problem: 'the image is not an image reference.',
        fix: 'Give a reference such as "registry.example.com/base:1.2" or "registry.example.com/base@sha256:<digest>" (lower-case repository, no spaces).',
      });
    }
    const like = options.like ?? Runtime.DEBIAN_SLIM;
    if (!(like instanceof Runtime)) {
      throw new RustDockerError({
        component: `Runtime.custom(${JSON.stringify(image)})`,
        option: 'like',
        problem: `is ${JSON.stringify(like)}, not a Runtime.`,
        fix: 'Name a built-in runtime, e.g. { like: Runtime.DISTROLESS_CC }.',
      });
    }
    return new Runtime(`custom (like ${like.name})`, image, like._traits);
  }

  /**
   * A short name for messages, e.g. `debian-slim`.
   */
  public readonly name: string;

  /**
   * The image reference used in the final stage's `FROM`.
   */
  public readonly image: string;

  /** @internal */
  public readonly _traits: RuntimeTraits;

  private constructor(name: string, image: string, traits: RuntimeTraits) {
    this.name = name;
    this.image = image;
    this._traits = traits;
  }
}
