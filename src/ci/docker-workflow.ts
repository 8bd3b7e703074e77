import { IConstruct } from 'constructs';
import { Component, github, gitlab, Project } from 'projen';
import { CiImage, resolveCiImage } from './ci-image';
import { CiError, withContext } from './errors';
import { RustDockerImage } from '../projen/rust-docker-image';
import { driftSteps, projectChecksDrift } from './github/drift';
import { githubJobs } from './github/jobs';
import { createImageWorkflow, replaceJobs } from './github/workflow-file';
import { gitlabJobNames, gitlabJobs } from './gitlab/jobs';
import { defaultWorkflowName, imageKey, rootRelative } from './naming';
import { DockerWorkflowOptions } from './options';
import { Registry } from './registry';
import { CiSettings, resolveSettings } from './settings';

/** Every DockerWorkflow of a repository (by root project), in construction order. */
const WORKFLOWS = new WeakMap<Project, DockerWorkflow[]>();

/**
 * CI for a `RustDockerImage`: a GitHub Actions workflow (and/or GitLab CI jobs) that builds
 * the image on pull requests and smoke-tests it, and on pushes to the default branch and
 * version tags pushes it with provenance and SBOM attestations, optionally signed.
 *
 * Jobs are rendered at synthesis from the image's plan, so they follow Cargo.toml. Files go
 * to the root project (`.github/workflows/<name>.yml`, `.gitlab-ci.yml`), with build context
 * and Dockerfile paths relative to the repository root, also for images of subprojects.
 */
export class DockerWorkflow extends Component {
  /**
   * The workflow's name: also the file name, the GitLab job prefix and the build cache
   * scope, e.g. `docker`.
   */
  public readonly workflowName: string;

  /**
   * The image this workflow builds.
   */
  public readonly image: RustDockerImage;

  /**
   * The GitHub workflow, when one is generated.
   */
  public readonly githubWorkflow?: github.GithubWorkflow;

  /**
   * The GitLab CI configuration the jobs are added to, when GitLab CI is generated.
   */
  public readonly gitlabConfiguration?: gitlab.GitlabConfiguration;

  private readonly options: DockerWorkflowOptions;
  private readonly settings: CiSettings;
  private readonly registry: Registry;
  private readonly githubImageName: string;
  private readonly location: { name: string; context: string; dockerfile: string };
  private readonly githubJobIds = new Set<string>();
  private readonly gitlabJobs = new Set<string>();

  constructor(scope: IConstruct, image: RustDockerImage, options: DockerWorkflowOptions = {}) {
    const dockerfile = rootRelative(image.project, image.dockerfilePath);
    const settings = withContext('DockerWorkflow', dockerfile, () => resolveSettings(options));
    const name = options.workflowName ?? defaultWorkflowName(imageKey(dockerfile));
    super(scope, `DockerWorkflow:${dockerfile}`);

    this.image = image;
    this.options = options;
    this.settings = settings;
    this.workflowName = name;
    this.location = { name, context: rootRelative(image.project, image.contextDir), dockerfile };
    this.registry = options.registry ?? Registry.GHCR;
    this.githubImageName = withContext('DockerWorkflow', dockerfile, () => githubImageName(options, this.registry, imageKey(dockerfile)));

    const root = this.project.root;
    if (image.project.root !== root) {
      throw new CiError(`the image (${dockerfile}) belongs to another project tree than the workflow; create the DockerWorkflow in the image's project.`);
    }
    if (options.enabled === false) {
      return;
    }
    const others = WORKFLOWS.get(root) ?? [];
    const clash = others.find((w) => w.workflowName === name);
    if (clash) {
      throw new CiError(`two images would get the workflow name '${name}' (${clash.location.dockerfile} and ${dockerfile}). ` +
        'Give one of them another name with the \'workflowName\' option.');
    }
    this.githubWorkflow = createImageWorkflow(root, { wanted: options.github, name, dockerfile, settings });
    this.gitlabConfiguration = this.findGitlabConfiguration(root);
    WORKFLOWS.set(root, [...others, this]);
  }

  /**
   * Renders the jobs from the image's plan as the Cargo files are now.
   */
  public preSynthesize(): void {
    if (this.options.enabled === false) {
      return;
    }
    const image = withContext('DockerWorkflow', this.location.dockerfile, () => resolveCiImage(this.location, this.image._plan(), this.options.smoke));
    if (this.githubWorkflow) {
      this.renderGithub(this.githubWorkflow, image);
    }
    if (this.gitlabConfiguration) {
      this.renderGitlab(this.gitlabConfiguration, image);
    }
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
      throw new CiError(`.gitlab-ci.yml already has a job '${taken}'. Give the workflow of ${this.location.dockerfile} another name with the 'workflowName' option.`);
    }
    return config;
  }

  private renderGithub(workflow: github.GithubWorkflow, image: CiImage): void {
    const root = this.project.root;
    const jobs = githubJobs({
      image,
      settings: this.settings,
      registry: this.registry,
      imageName: this.githubImageName,
      driftSteps: this.carriesDriftCheck() ? driftSteps(root) : undefined,
    });
    replaceJobs(workflow, this.githubJobIds, jobs);
  }

  private renderGitlab(config: gitlab.GitlabConfiguration, image: CiImage): void {
    const gl = this.options.gitlabOptions ?? {};
    const key = imageKey(this.location.dockerfile);
    const jobs = gitlabJobs({
      image,
      settings: this.settings,
      imageName: gl.imageName ?? (key === '' ? '$CI_REGISTRY_IMAGE' : `$CI_REGISTRY_IMAGE/${key}`),
      dockerImage: gl.dockerImage ?? 'docker:28',
      dindImage: gl.dindImage ?? 'docker:28-dind',
    });
    // Jobs of an earlier synthesis are replaced in place (addJobs refuses existing names).
    const configJobs = config.jobs as { [name: string]: gitlab.Job };
    for (const name of this.gitlabJobs) {
      delete configJobs[name];
    }
    this.gitlabJobs.clear();
    config.addJobs(jobs);
    Object.keys(jobs).forEach((n) => this.gitlabJobs.add(n));
  }

  /** One workflow per repository checks for drift: the first whose option allows it. */
  private carriesDriftCheck(): boolean {
    const root = this.project.root;
    const checksAlready = projectChecksDrift(root);
    const owner = (WORKFLOWS.get(root) ?? []).find((w) => w.githubWorkflow && (w.options.driftCheck ?? !checksAlready));
    return owner === this;
  }
}

function githubImageName(options: DockerWorkflowOptions, registry: Registry, key: string): string {
  const name = options.imageName;
  if (name === undefined) {
    return registry._imageFor(key);
  }
  // Expressions may hold spaces; check the literal parts.
  const literal = name.replace(/\$\{\{[^}]*\}\}/g, 'x');
  const last = literal.slice(literal.lastIndexOf('/') + 1);
  if (/\s/.test(literal) || last.includes(':') || last.includes('@') || !literal.includes('/')) {
    throw new CiError(`option 'imageName' is '${name}': give the image name without tag or spaces, e.g. '${registry.host}/my-org/my-service'.`);
  }
  const onHost = name.startsWith(`${registry.host}/`);
  const dockerHubShort = registry === Registry.DOCKER_HUB && !/^[^/]*[.:][^/]*\//.test(name) && !name.startsWith('localhost/');
  if (!onHost && !dockerHubShort) {
    throw new CiError(`option 'imageName' is '${name}', which is not on the registry's host ${registry.host}: the workflow logs in to ${registry.host} only. ` +
      `Use a name starting with '${registry.host}/', or set 'registry' to the registry of that name (Registry.custom('<host>')).`);
  }
  return name;
}
