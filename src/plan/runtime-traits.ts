/**
 * How a runtime image behaves, as far as the generated Dockerfile cares.
 */
export interface RuntimeTraits {
  /** Package manager used to install CA certificates, or none (no shell either). */
  readonly packageManager: 'apt' | 'apk' | 'none';
  /** The C library the image provides for dynamically linked binaries. */
  readonly libc: 'glibc' | 'musl' | 'none';
  /** Whether the image already ships CA certificates at /etc/ssl/certs. */
  readonly caCertificatesIncluded: boolean;
  /**
   * Debian packages of shared libraries the image carries, for runtimes without a package
   * manager: the builder fails when the binary needs a library of any other package.
   */
  readonly libraryPackages: readonly string[];
  /** The numeric user the image is meant to run as. */
  readonly defaultUser: string;
}
