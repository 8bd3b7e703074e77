import type { ImageWorkflowOptions } from '../ci/options';
import type { Smoke } from '../ci/smoke';
import type { FinalStageOptions, ImageBuildOptions } from '../plan/image-options';

/**
 * Options of one binary's image in `RustWorkspaceImages`, keyed by the binary's name in
 * `RustWorkspaceImagesOptions.binaries`. Each option overrides the workspace-wide one.
 */
export interface WorkspaceBinaryOptions extends FinalStageOptions {
  /**
   * Cargo features of the binary's package to enable (`--features <package>/<feature>`).
   * The binary's `required-features` are always added. Features unify across the one
   * shared build: a feature enabled for one binary is on for the others that share the
   * crate.
   *
   * @default []
   */
  readonly features?: string[];

  /**
   * How CI checks this image before pushing it.
   *
   * @default - `Smoke.http('/')` against the first port when the image exposes ports, else
   * `Smoke.NONE`
   */
  readonly smoke?: Smoke;
}

/**
 * CI options of `RustWorkspaceImages`: one GitHub Actions workflow whose jobs run a matrix
 * over the workspace's images.
 */
export interface WorkspaceImagesWorkflowOptions extends ImageWorkflowOptions {
  /**
   * Image name prefix: each image is pushed as `<prefix>/<binary>`. It must be on the
   * registry's host; GitHub expressions are allowed.
   *
   * @default - the registry's default for the repository, e.g.
   * "ghcr.io/${{ github.repository }}" (images "ghcr.io/<owner>/<repo>/<binary>")
   */
  readonly imageNamePrefix?: string;
}

/**
 * Options for `RustWorkspaceImages`.
 */
export interface RustWorkspaceImagesOptions extends ImageBuildOptions {
  /**
   * File name of the generated BuildKit bake file, relative to the workspace root.
   *
   * @default "docker-bake.hcl"
   */
  readonly bakeFileName?: string;

  /**
   * The binaries to build images for, by name (`api`) or as `package/binary`. Every name
   * must exist in the workspace.
   *
   * @default - every binary target of every workspace member
   */
  readonly include?: string[];

  /**
   * Binaries to leave out, by name or as `package/binary`.
   *
   * @default []
   */
  readonly exclude?: string[];

  /**
   * Options per binary, keyed by binary name. Each key must be a binary of the workspace.
   *
   * @default {}
   */
  readonly binaries?: { [binary: string]: WorkspaceBinaryOptions };

  /**
   * CI for the images: a GitHub Actions workflow with a matrix over the binaries.
   *
   * @default - generated when the root project has GitHub; `{ enabled: false }` turns it off
   */
  readonly workflow?: WorkspaceImagesWorkflowOptions;
}
