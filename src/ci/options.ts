import { Platform } from './platform';
import { Registry } from './registry';
import { Smoke } from './smoke';

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
 * CI options that `DockerWorkflow` (for `RustDockerImage`) and `WorkspaceImagesWorkflow`
 * (for `RustWorkspaceImages`) share.
 */
export interface ImageWorkflowOptions {
  /**
   * Generate CI for the image(s) at all. `false` adds nothing.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Generate a GitHub Actions workflow. `true` fails if the root project has no GitHub
   * component.
   *
   * @default - true when the root project has GitHub (`GitHub.of(project.root)`) with
   * workflows enabled
   */
  readonly github?: boolean;

  /**
   * Name of the GitHub workflow, also its file name (`.github/workflows/<name>.yml`), the
   * prefix of GitLab job names and the build cache scope. Must be unique in the repository.
   *
   * @default - "docker" for a `Dockerfile` at the repository root; else "docker-" plus the
   * Dockerfile's path relative to the root, e.g. "docker-services-api" for
   * `services/api/Dockerfile`, "docker-worker" for `Dockerfile.worker`
   */
  readonly workflowName?: string;

  /**
   * Branches whose pushes build and push the image(s), and whose pull requests build and
   * smoke-test them. Glob patterns are allowed.
   *
   * @default ["main"] on GitHub; the project's default branch (`$CI_DEFAULT_BRANCH`) on GitLab
   */
  readonly branches?: string[];

  /**
   * Git tag patterns whose pushes build and push release images (semver tags such as
   * `v1.2.3` also get `1.2.3` and `1.2` image tags).
   *
   * @default ["v*"]
   */
  readonly tags?: string[];

  /**
   * Build and smoke-test the image(s) on pull requests (merge requests on GitLab) to
   * `branches`. Nothing is pushed for them.
   *
   * @default true
   */
  readonly pullRequests?: boolean;

  /**
   * The registry GitHub Actions pushes to.
   *
   * @default Registry.GHCR
   */
  readonly registry?: Registry;

  /**
   * Run `cargo test --locked` in a job that the image builds wait for, with the Cargo build
   * cached (Swatinem/rust-cache on GitHub): for `RustDockerImage` the image's package with
   * its features, for `RustWorkspaceImages` the whole workspace (`--workspace`).
   *
   * @default false
   */
  readonly cargoTest?: boolean;

  /**
   * Sign pushed images keylessly with Sigstore cosign (GitHub only: the signing job gets
   * `id-token: write`; the signature is logged in the public Rekor transparency log).
   *
   * @default false
   */
  readonly signing?: boolean;

  /**
   * Add a job that runs projen and fails when a generated file (such as the Dockerfile)
   * is not up to date, so a Cargo.toml edit cannot merge without re-synthesis. One
   * workflow of the repository carries it: the one with `driftCheck: true` (only one may
   * say so), else the first image workflow created whose option is not `false`.
   *
   * @default - true for the first image workflow of the repository, unless the root
   * project's build workflow already fails on changed files (projen's `NodeProject` build
   * workflow, or any workflow named `build`)
   */
  readonly driftCheck?: boolean;

  /**
   * GitHub runner labels for every job.
   *
   * @default ["ubuntu-latest"]
   */
  readonly runsOn?: string[];

  /**
   * Time limit of each build, test and push job, in minutes.
   *
   * @default 30
   */
  readonly timeoutMinutes?: number;
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
   * its own build cache) and a final job merges them into one multi-platform image.
   * Platforms other than `linux/amd64` are emulated with QEMU.
   *
   * @default - the runner's platform (linux/amd64)
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
