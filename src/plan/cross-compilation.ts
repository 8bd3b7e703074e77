/**
 * How images for platforms other than the build machine's are compiled.
 */
export enum CrossCompilation {
  /**
   * The builder runs on the build machine's platform (`FROM --platform=$BUILDPLATFORM`) and
   * cross-compiles for the image's platform: rust target, Debian's cross gcc as linker and
   * multiarch `-dev` packages for C libraries. Rust compiles at native speed; only `RUN`
   * steps of final stages (package installs, user creation) still run under emulation.
   * Debian (glibc) builders only: a `Linking.STATIC_MUSL` image is built under emulation.
   */
  TOOLCHAIN = 'toolchain',

  /**
   * Every stage runs on the image's platform: a foreign platform's whole build, Rust
   * compilation included, runs under QEMU emulation (commonly 10–20× slower). The fallback
   * for platforms the toolchain table does not know, or builders that cannot cross-compile.
   */
  EMULATION = 'emulation',
}
