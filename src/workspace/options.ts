import { Registry } from '../ci/registry';
import { Smoke } from '../ci/smoke';
import { FinalStageOptions, ImageBuildOptions } from '../plan/image-options';

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
export interface WorkspaceImagesWorkflowOptions {
  /**
   * Generate CI for the images at all.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Generate a GitHub Actions workflow. `true` fails if the root project has no GitHub
   * component.
   *
   * @default - true when the root project has GitHub with workflows enabled
   */
  readonly github?: boolean;

  /**
   * Name of the workflow, also its file name (`.github/workflows/<name>.yml`). Must be unique
   * in the repository.
   *
   * @default - "docker" for a `Dockerfile` at the repository root; else "docker-" plus the
   * Dockerfile's path relative to the root, e.g. "docker-backend" for `backend/Dockerfile`
   */
  readonly workflowName?: string;

  /**
   * Branches whose pushes build and push the images, and whose pull requests build and
   * smoke-test them.
   *
   * @default ["main"]
   */
  readonly branches?: string[];

  /**
   * Git tag patterns whose pushes build and push release images.
   *
   * @default ["v*"]
   */
  readonly tags?: string[];

  /**
   * Build and smoke-test the images on pull requests to `branches`.
   *
   * @default true
   */
  readonly pullRequests?: boolean;

  /**
   * The registry images are pushed to.
   *
   * @default Registry.GHCR
   */
  readonly registry?: Registry;

  /**
   * Image name prefix: each image is pushed as `<prefix>/<binary>`. It must be on the
   * registry's host; GitHub expressions are allowed.
   *
   * @default - the registry's default for the repository, e.g.
   * "ghcr.io/${{ github.repository }}" (images "ghcr.io/<owner>/<repo>/<binary>")
   */
  readonly imageNamePrefix?: string;

  /**
   * Run `cargo test --locked --workspace` in a job that the image builds wait for.
   *
   * @default false
   */
  readonly cargoTest?: boolean;

  /**
   * Sign pushed images keylessly with Sigstore cosign.
   *
   * @default false
   */
  readonly signing?: boolean;

  /**
   * Add a job that runs projen and fails when a generated file is out of date.
   *
   * @default - true, unless the root project's build workflow already checks, or an image
   * workflow (`DockerWorkflow`) of the repository carries the check
   */
  readonly driftCheck?: boolean;

  /**
   * GitHub runner labels of every job.
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
