import type { ImageBuildOptions } from './image-options';

/**
 * What one image builds: a binary target of a package, with features. Planning needs
 * these and `ImageBuildOptions`; `RustDockerImageOptions` adds the image's CI.
 */
export interface BinaryImageOptions extends ImageBuildOptions {
  /**
   * The binary target to build and run (`cargo build --bin <binary>`).
   *
   * @default - the only binary of the workspace (or of `package`); else the package's
   * `default-run`; else synthesis fails and lists the candidates.
   */
  readonly binary?: string;

  /**
   * The workspace member that owns the binary (`cargo build -p <package>`).
   *
   * @default - the package in `cargoDir` when it is a member directory; else the package
   * that has the binary
   */
  readonly package?: string;

  /**
   * Cargo features to enable (`--features`). The chosen binary's `required-features` are
   * always added.
   *
   * @default []
   */
  readonly features?: string[];
}
