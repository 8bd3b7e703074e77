/**
 * How the binary is linked, which decides the runtimes it can run on.
 */
export enum Linking {
  /**
   * Dynamically linked against glibc (cargo's default on `*-linux-gnu`). Runs on images
   * with the builder's glibc: `DEBIAN_SLIM`, `DISTROLESS_CC`.
   */
  DYNAMIC_GLIBC = 'dynamic-glibc',

  /**
   * Statically linked against glibc with `-C target-feature=+crt-static` (built with an
   * explicit `--target` so build scripts and proc-macros stay dynamic). Runs anywhere,
   * including `SCRATCH` and `DISTROLESS_STATIC`. Name resolution through NSS modules
   * (e.g. `/etc/nsswitch.conf` plugins) is not available to such binaries.
   */
  STATIC_GLIBC = 'static-glibc',

  /**
   * Statically linked against musl, built on the `rust:<version>-alpine` builder. Runs
   * anywhere, including `ALPINE` and `SCRATCH`.
   */
  STATIC_MUSL = 'static-musl',
}
