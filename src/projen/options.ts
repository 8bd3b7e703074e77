import type { DockerWorkflowOptions } from '../ci/options';
import type { BinaryImageOptions } from '../plan/options';

/**
 * Options for `RustDockerImage`.
 */
export interface RustDockerImageOptions extends BinaryImageOptions {
  /**
   * CI for the image: a GitHub Actions workflow when the root project has GitHub, GitLab CI
   * jobs when it has a GitlabConfiguration. See docs/ci.md.
   *
   * @default - generated when the root project has GitHub or GitLab CI; `{ enabled: false }` turns it off
   */
  readonly workflow?: DockerWorkflowOptions;
}
