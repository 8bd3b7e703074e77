import { ImageBuildOptions } from './image-options';
import { DockerWorkflowOptions } from '../ci/options';

/**
 * Options for `RustDockerImage`.
 */
export interface RustDockerImageOptions extends ImageBuildOptions {
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

  /**
   * CI for the image: a GitHub Actions workflow when the root project has GitHub, GitLab CI
   * jobs when it has a GitlabConfiguration. See docs/ci.md.
   *
   * @default - generated when the root project has GitHub or GitLab CI; `{ enabled: false }` turns it off
   */
  readonly workflow?: DockerWorkflowOptions;
}
