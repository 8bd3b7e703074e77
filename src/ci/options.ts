import type { BuildCache } from './build-cache';
import type { Registry } from './registry';

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
   * Where BuildKit's layer cache is kept between runs. `BuildCache.GITHUB_ACTIONS` uses
   * GitHub's cache service (`type=gha`). `BuildCache.registry('ghcr.io/my-org/my-repo-cache')`
   * keeps it as tags of that image repository (`type=registry`, one tag per cache scope,
   * `mode=max`), so ephemeral and remote BuildKit builders share it; on GitHub only the jobs
   * that log in write it (the push jobs; for workspace images also the builder job on
   * pushes), pull request builds only read it, and the repository must be on the host of
   * `registry`. GitLab jobs then use `<repository>:<workflow name>`, and the bake file of
   * `RustWorkspaceImages` takes the repository as the default of its `CACHE_REPOSITORY`
   * variable.
   *
   * @default BuildCache.GITHUB_ACTIONS (GitLab jobs: the registry cache
   * `$CI_REGISTRY_IMAGE/cache:<workflow name>`; the bake file: no cache unless
   * `CACHE_REPOSITORY` is set)
   */
  readonly cache?: BuildCache;

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
