import type { IConstruct } from 'constructs';
import type { github, Project } from 'projen';
import { gitlab } from 'projen';
import type { DockerWorkflowOptions } from './options';
import type { RustDockerImage } from './rust-docker-image';
import type { CiImage } from '../ci/ci-image';
import { resolveCiImage } from '../ci/ci-image';
import { githubJobs } from '../ci/github/jobs';
import { gitlabJobNames, gitlabJobs } from '../ci/gitlab/jobs';
import { checkImageName } from '../ci/image-name';
import { ImageWorkflow } from '../ci/image-workflow';
import { RustDockerError } from '../core/errors';

type Job = github.workflows.Job;
type JobStep = github.workflows.JobStep;

/**
 * CI for a `RustDockerImage`: a GitHub Actions workflow (and/or GitLab CI jobs) that builds
 * the image on pull requests and smoke-tests it, and on pushes to the default branch and
 * version tags pushes it with provenance and SBOM attestations, optionally signed.
 *
 * Jobs are rendered at synthesis from the image's plan, so they follow Cargo.toml. Files go
 * to the root project (`.github/workflows/<name>.yml`, `.gitlab-ci.yml`), with build context
 * and Dockerfile paths relative to the repository root, also for images of subprojects.
 */
export class DockerWorkflow extends ImageWorkflow {
  /**
   * The image this workflow builds.
   */
  public readonly image: RustDockerImage;

  /**
   * The GitLab CI configuration the jobs are added to, when GitLab CI is generated.
   */
  public readonly gitlabConfiguration?: gitlab.GitlabConfiguration;

  private readonly options: DockerWorkflowOptions;
  private readonly githubImageName: string;
  private readonly gitlabJobNames = new Set<string>();

  /**
   * @param scope the construct that owns the workflow (the image's project or the image)
   * @param image the image to build
   * @param options triggers, registry and checks
   */
  constructor(scope: IConstruct, image: RustDockerImage, options: DockerWorkflowOptions = {}) {
    super(scope, 'DockerWorkflow', image, options, options.platforms);
    this.image = image;
    this.options = options;
    this.githubImageName = options.imageName === undefined
      ? this._registry._imageFor(this._location.key)
      : RustDockerError.context(this._errorContext, () => checkImageName('imageName', options.imageName!, this._registry));
    if (options.enabled !== false) {
      this.gitlabConfiguration = RustDockerError.context(this._errorContext, () => this.findGitlabConfiguration(this.project.root));
    }
  }

  /**
   * Renders the jobs from the image's plan as the Cargo files are now.
   */
  public preSynthesize(): void {
    super.preSynthesize();
    if (this.gitlabConfiguration) {
      this.renderGitlab(this.gitlabConfiguration, this.ciImage());
    }
  }

  /** @internal */
  protected _githubJobs(driftSteps: JobStep[] | undefined): { [id: string]: Job } {
    return githubJobs({
      image: this.ciImage(),
      settings: this._settings,
      registry: this._registry,
      imageName: this.githubImageName,
      driftSteps,
    });
  }

  private ciImage(): CiImage {
    return RustDockerError.context(this._errorContext, () => resolveCiImage(this._location, this.image._plan(), this.options.smoke));
  }

  private findGitlabConfiguration(root: Project): gitlab.GitlabConfiguration | undefined {
    const existing = root.components.find((c): c is gitlab.GitlabConfiguration => c instanceof gitlab.GitlabConfiguration);
    const wanted = this.options.gitlab ?? existing !== undefined;
    if (!wanted) {
      return undefined;
    }
    const config = existing ?? new gitlab.GitlabConfiguration(root);
    const names = Object.values(gitlabJobNames(this.workflowName));
    const taken = names.find((n) => config.jobs[n] !== undefined);
    if (taken) {
      throw new RustDockerError({
        option: 'workflowName',
        problem: `is '${this.workflowName}', but .gitlab-ci.yml already has a job '${taken}'.`,
        fix: 'Give this workflow another name with the \'workflowName\' option.',
      });
    }
    return config;
  }

  private renderGitlab(config: gitlab.GitlabConfiguration, image: CiImage): void {
    const gl = this.options.gitlabOptions ?? {};
    const key = this._location.key;
    const jobs = gitlabJobs({
      image,
      settings: this._settings,
      imageName: gl.imageName ?? (key === '' ? '$CI_REGISTRY_IMAGE' : `$CI_REGISTRY_IMAGE/${key}`),
      dockerImage: gl.dockerImage ?? 'docker:28',
      dindImage: gl.dindImage ?? 'docker:28-dind',
    });
    // Jobs of an earlier synthesis are replaced: projen has no remove or replace method, and
    // addJobs refuses existing names, so they leave the public `jobs` record first (checked
    // against the lowest projen of the peer range by scripts/test-projen-min.sh).
    for (const name of this.gitlabJobNames) {
      delete config.jobs[name];
    }
    this.gitlabJobNames.clear();
    config.addJobs(jobs);
    Object.keys(jobs).forEach((n) => this.gitlabJobNames.add(n));
  }
}
