import type { IConstruct } from 'constructs';
import type { github } from 'projen';
import { Component, Project } from 'projen';
import { driftSteps, projectChecksDrift } from './github/drift';
import { driftOwner, explicitTwice } from './github/drift-owner';
import { createImageWorkflow, githubWanted, replaceJobs } from './github/workflow-file';
import { defaultWorkflowName, imageKey, rootRelative } from './naming';
import type { ImageWorkflowOptions } from './options';
import { Registry } from './registry';
import type { CiSettings } from './settings';
import { checkCacheHost, resolveSettings } from './settings';
import type { ErrorContext } from '../core/errors';
import { RustDockerError } from '../core/errors';
import type { Platform } from '../plan/platform';
import type { RustImageComponent } from '../projen/image-component';
import { FileOwnershipGuard } from '../projen/ownership';

type Job = github.workflows.Job;
type JobStep = github.workflows.JobStep;

/** Every image workflow of a repository (by root project), of either kind, in construction order. */
const WORKFLOWS = new WeakMap<Project, ImageWorkflow[]>();

/** A workflow about to be created: what must be unique in the repository. */
interface NewWorkflow {
  readonly name: string;
  readonly dockerfile: string;
  readonly github: boolean;
  readonly driftCheck?: boolean;
}

/** Where an image workflow's image is, relative to the repository root. */
export interface WorkflowLocation {
  /** The workflow name: file name, GitLab job prefix, build cache scope. */
  readonly name: string;
  /** The build context. */
  readonly context: string;
  /** The Dockerfile. */
  readonly dockerfile: string;
  /** The image key derived from the Dockerfile path ('' for the root `Dockerfile`). */
  readonly key: string;
}

/**
 * The shared core of `DockerWorkflow` and `WorkspaceImagesWorkflow`: options resolved and
 * checked once, the workflow's name and file (unique in the repository), the GitHub
 * workflow in the root project with its triggers, jobs replaced on every synthesis, and the
 * one drift check of the repository decided in one place.
 */
export abstract class ImageWorkflow extends Component {
  /** One workflow name per repository, and at most one explicit `driftCheck: true`. */
  private static checkUnique(others: ImageWorkflow[], wanted: NewWorkflow): void {
    const clash = others.find((w) => w.workflowName === wanted.name);
    if (clash) {
      throw new RustDockerError({
        option: 'workflowName',
        problem: `is '${wanted.name}' for two images (${clash._location.dockerfile} and ${wanted.dockerfile}).`,
        fix: 'Give one of them another name with the \'workflowName\' option.',
      });
    }
    const explicit = others.find((w) => w.githubWorkflow && w.driftCheck === true);
    if (wanted.github && wanted.driftCheck === true && explicit) {
      throw explicitTwice(`${explicit.workflowName}.yml`, `${wanted.name}.yml`);
    }
  }

  /**
   * The workflow's name: also the file name (`.github/workflows/<name>.yml`), the GitLab job
   * prefix and the build cache scope, e.g. `docker`.
   */
  public readonly workflowName: string;

  /**
   * The GitHub workflow, when one is generated.
   */
  public readonly githubWorkflow?: github.GithubWorkflow;

  private renderedJobs: string[] = [];
  private readonly componentName: string;

  /**
   * The options' CI settings, validated, with defaults.
   * @internal
   */
  protected readonly _settings: CiSettings;

  /**
   * The registry GitHub Actions pushes to.
   * @internal
   */
  protected readonly _registry: Registry;

  /**
   * Where the image is, relative to the repository root.
   * @internal
   */
  protected readonly _location: WorkflowLocation;

  /**
   * The component and Dockerfile that errors name.
   * @internal
   */
  protected readonly _errorContext: ErrorContext;

  private readonly driftCheck?: boolean;
  private readonly githubJobIds = new Set<string>();

  /**
   * @param scope the construct that owns the workflow
   * @param componentName the workflow's class name, for errors and the construct id
   * @param image the image component whose Dockerfile the workflow builds
   * @param options the shared CI options
   * @param platforms platforms to build (DockerWorkflow only)
   */
  protected constructor(scope: IConstruct, componentName: string, image: RustImageComponent, options: ImageWorkflowOptions, platforms?: Platform[]) {
    // Everything that can fail is checked before the construct is added.
    const dockerfile = rootRelative(image.project, image.dockerfilePath);
    const errorContext = { component: componentName, subject: dockerfile };
    const settings = RustDockerError.context(errorContext, () => resolveSettings(options, platforms));
    const key = imageKey(dockerfile);
    const name = options.workflowName ?? defaultWorkflowName(key);
    const root = Project.of(scope).root;
    const enabled = options.enabled !== false;
    if (image.project.root !== root) {
      throw new RustDockerError({ ...errorContext, problem: 'the image belongs to another project tree than the workflow.', fix: 'Create the workflow in the image\'s project.' });
    }
    const others = WORKFLOWS.get(root) ?? [];
    const github = enabled && RustDockerError.context(errorContext, () => githubWanted(root, options.github));
    const registry = options.registry ?? Registry.GHCR;
    if (enabled) {
      RustDockerError.context(errorContext, () => ImageWorkflow.checkUnique(others, { name, dockerfile, github, driftCheck: options.driftCheck }));
    }
    if (github) {
      RustDockerError.context(errorContext, () => checkCacheHost(settings.cacheRepository, registry.host));
    }
    super(scope, `${componentName}:${dockerfile}`);
    this.componentName = componentName;

    this._errorContext = errorContext;
    this._settings = settings;
    this._registry = registry;
    this.workflowName = name;
    this._location = { name, context: rootRelative(image.project, image.contextDir), dockerfile, key };
    this.driftCheck = options.driftCheck;
    if (!enabled) {
      return;
    }
    this.githubWorkflow = github ? RustDockerError.context(errorContext, () => createImageWorkflow(root, { name, dockerfile, settings })) : undefined;
    if (this.githubWorkflow) {
      FileOwnershipGuard.of(root).register(`.github/workflows/${name}.yml`, componentName, 'workflow.workflowName', image.moveExistingFilesAside);
    }
    WORKFLOWS.set(root, [...others, this]);
  }

  /**
   * The repository of a registry build cache (`cache: BuildCache.registry(...)`), else
   * undefined.
   * @internal
   */
  public get _cacheRepository(): string | undefined {
    return this._settings.cacheRepository;
  }

  /**
   * Renders the jobs from the image's plan as the Cargo files are now.
   */
  public preSynthesize(): void {
    if (!this.githubWorkflow) {
      return;
    }
    const root = this.project.root;
    const steps = this.carriesDriftCheck() ? driftSteps(root) : undefined;
    const jobs = RustDockerError.context(this._errorContext, () => this._githubJobs(steps));
    replaceJobs(this.githubWorkflow, this.githubJobIds, jobs);
    this.renderedJobs = Object.keys(jobs);
  }

  /**
   * Says which workflow file is generated, with its jobs (projen's log, shown by `npx projen`).
   */
  public synthesize(): void {
    if (this.githubWorkflow && this.renderedJobs.length > 0) {
      this.project.logger.info(`${this.componentName}: generated .github/workflows/${this.workflowName}.yml (jobs ${this.renderedJobs.join(', ')})`);
    }
  }

  /**
   * The GitHub jobs of this synthesis, by id; `driftSteps` when this workflow carries the
   * drift check.
   * @internal
   */
  protected abstract _githubJobs(driftSteps: JobStep[] | undefined): { [id: string]: Job };

  /** One workflow per repository checks for drift (see `driftOwner`). */
  private carriesDriftCheck(): boolean {
    const root = this.project.root;
    const candidates = (WORKFLOWS.get(root) ?? []).filter((w) => w.githubWorkflow !== undefined);
    const owner = driftOwner(candidates.map((w) => ({ label: `${w.workflowName}.yml`, driftCheck: w.driftCheck })), projectChecksDrift(root));
    return candidates[owner] === this;
  }
}
