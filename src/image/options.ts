import type { ImageWorkflowOptions } from '../ci/options';
import type { Smoke } from '../ci/smoke';
import type { BinaryImageOptions } from '../plan/options';
import type { Platform } from '../plan/platform';

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

/**
 * GitLab CI settings of `DockerWorkflow`.
 */
export interface GitlabDockerOptions {
  /**
   * Image name to push to, without tag. GitLab variables are expanded.
   *
   * @default - "$CI_REGISTRY_IMAGE" for the root `Dockerfile`, else
   * "$CI_REGISTRY_IMAGE/<image key>"
   */
  readonly imageName?: string;

  /**
   * The image the jobs run in (it needs the docker CLI with buildx).
   *
   * @default "docker:28"
   */
  readonly dockerImage?: string;

  /**
   * The Docker-in-Docker service image, reachable from the jobs as host `docker`.
   *
   * @default "docker:28-dind"
   */
  readonly dindImage?: string;
}

/**
 * Options for `DockerWorkflow`.
 */
export interface DockerWorkflowOptions extends ImageWorkflowOptions {
  /**
   * Add GitLab CI jobs to the root project's `.gitlab-ci.yml`. `true` creates a
   * `GitlabConfiguration` at the root when there is none.
   *
   * @default - true when the root project has a `GitlabConfiguration`
   */
  readonly gitlab?: boolean;

  /**
   * GitLab CI settings.
   *
   * @default - see `GitlabDockerOptions`
   */
  readonly gitlabOptions?: GitlabDockerOptions;

  /**
   * Image name to push to on GitHub, without tag; GitHub expressions are allowed. It must
   * be on the registry's host.
   *
   * @default - the registry's default for this repository, e.g. "ghcr.io/${{ github.repository }}"
   * for the root `Dockerfile` and "ghcr.io/${{ github.repository }}/<image key>" for others
   */
  readonly imageName?: string;

  /**
   * Platforms to build and push. With several, each platform is built in its own job (with
   * its own build cache) and a final job merges them into one multi-platform image. The
   * Dockerfile cross-compiles for them (the image's `platforms` and `crossCompilation`): Rust
   * compiles natively on the runner; only `RUN` steps of the final stage (package installs,
   * the user) run under QEMU, which the jobs set up.
   *
   * @default - the image's `platforms`, else the runner's platform (linux/amd64)
   */
  readonly platforms?: Platform[];

  /**
   * How the freshly built image is checked before anything is pushed.
   *
   * @default - `Smoke.http('/')` against the first port when the image exposes ports, else
   * `Smoke.NONE`
   */
  readonly smoke?: Smoke;
}
