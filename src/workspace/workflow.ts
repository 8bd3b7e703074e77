import type { IConstruct } from 'constructs';
import type { github } from 'projen';
import { workspaceJobs } from './github-jobs';
import type { WorkspaceImagesWorkflowOptions } from './options';
import type { RustWorkspaceImages } from './rust-workspace-images';
import { cargoTestArgs, resolveCiImage } from '../ci/ci-image';
import { checkImageName } from '../ci/image-name';
import { ImageWorkflow } from '../ci/image-workflow';
import { RustDockerError } from '../core/errors';
import { BUILDER_STAGE } from '../dockerfile/builder-stage';

type Job = github.workflows.Job;
type JobStep = github.workflows.JobStep;

/**
 * CI for `RustWorkspaceImages`: one GitHub Actions workflow whose `build` job is a matrix
 * over the workspace's images (each built with `--target <binary>`, its own GitHub Actions
 * cache scope, and smoke-tested), and whose `push` job (pushes to the default branch and
 * version tags) pushes every image with provenance and SBOM attestations.
 *
 * The matrix is rendered at synthesis from the Cargo files, so it follows added and removed
 * binaries. The workflow lives in the root project; paths are relative to the repository root.
 */
export class WorkspaceImagesWorkflow extends ImageWorkflow {
  /**
   * The images this workflow builds.
   */
  public readonly images: RustWorkspaceImages;

  private readonly imageNamePrefix?: string;

  /**
   * @param scope the construct that owns the workflow (the images' project or the images)
   * @param images the workspace images to build
   * @param options triggers, registry and checks
   */
  constructor(scope: IConstruct, images: RustWorkspaceImages, options: WorkspaceImagesWorkflowOptions = {}) {
    super(scope, 'WorkspaceImagesWorkflow', images, options);
    this.images = images;
    if (options.imageNamePrefix !== undefined) {
      const prefix = RustDockerError.context(this._errorContext, () => checkImageName('imageNamePrefix', options.imageNamePrefix!, this._registry));
      this.imageNamePrefix = prefix.replace(/\/+$/, '');
    }
  }

  /** @internal */
  protected _githubJobs(driftSteps: JobStep[] | undefined): { [id: string]: Job } {
    const plan = this.images._plan();
    const { context, dockerfile } = this._location;
    const ciImages = plan.images.map((image) => resolveCiImage({ context, dockerfile, name: image.target }, image.plan, image.smoke));
    const build = plan.builder.build;
    return workspaceJobs({
      images: ciImages.map((ci) => ({ ci, pushName: this.pushName(ci.name) })),
      settings: this._settings,
      registry: this._registry,
      name: this.workflowName,
      context,
      dockerfile,
      rustChannel: ciImages[0].rustChannel,
      cargoTestArgs: cargoTestArgs({ scope: ['--workspace'], noDefaultFeatures: build.noDefaultFeatures, features: build.features }),
      driftSteps,
      builderTarget: plan.builder.name ?? BUILDER_STAGE,
      credentials: plan.builder.credentials,
    });
  }

  private pushName(target: string): string {
    if (this.imageNamePrefix !== undefined) {
      return `${this.imageNamePrefix}/${target}`;
    }
    const key = this._location.key;
    return this._registry._imageFor(key === '' ? target : `${key}-${target}`);
  }
}
