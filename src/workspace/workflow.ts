import { IConstruct } from 'constructs';
import { Component, github, Project } from 'projen';
import { workspaceJobs } from './github-jobs';
import { WorkspaceImagesWorkflowOptions } from './options';
import type { RustWorkspaceImages } from './rust-workspace-images';
import { resolveCiImage } from '../ci/ci-image';
import { DockerWorkflow } from '../ci/docker-workflow';
import { CiError, withContext } from '../ci/errors';
import { driftSteps, projectChecksDrift } from '../ci/github/drift';
import { createImageWorkflow, replaceJobs } from '../ci/github/workflow-file';
import { defaultWorkflowName, imageKey, rootRelative } from '../ci/naming';
import { Registry } from '../ci/registry';
import { CiSettings, resolveSettings } from '../ci/settings';

const COMPONENT = 'WorkspaceImagesWorkflow';

/** Every WorkspaceImagesWorkflow of a repository (by root project), in construction order. */
const WORKFLOWS = new WeakMap<Project, WorkspaceImagesWorkflow[]>();

/**
 * CI for `RustWorkspaceImages`: one GitHub Actions workflow whose `build` job is a matrix
 * over the workspace's images (each built with `--target <binary>`, its own GitHub Actions
 * cache scope, and smoke-tested), and whose `push` job (pushes to the default branch and
 * version tags) pushes every image with provenance and SBOM attestations.
 *
 * The matrix is rendered at synthesis from the Cargo files, so it follows added and removed
 * binaries. The workflow lives in the root project; paths are relative to the repository root.
 */
export class WorkspaceImagesWorkflow extends Component {
  /**
   * The workflow's name, also its file name.
   */
  public readonly workflowName: string;

  /**
   * The images this workflow builds.
   */
  public readonly images: RustWorkspaceImages;

  /**
   * The GitHub workflow, when one is generated.
   */
  public readonly githubWorkflow?: github.GithubWorkflow;

  private readonly options: WorkspaceImagesWorkflowOptions;
  private readonly settings: CiSettings;
  private readonly registry: Registry;
  private readonly context: string;
  private readonly dockerfile: string;
  private readonly key: string;
  private readonly jobIds = new Set<string>();

  /**
   * @param scope the construct that owns the workflow (the images' project or the images)
   * @param images the workspace images to build
   * @param options triggers, registry and checks
   */
  constructor(scope: IConstruct, images: RustWorkspaceImages, options: WorkspaceImagesWorkflowOptions = {}) {
    const dockerfile = rootRelative(images.project, images.dockerfilePath);
    const settings = withContext(COMPONENT, dockerfile, () => resolveSettings({
      workflowName: options.workflowName,
      branches: options.branches,
      tags: options.tags,
      pullRequests: options.pullRequests,
      cargoTest: options.cargoTest,
      signing: options.signing,
      runsOn: options.runsOn,
      timeoutMinutes: options.timeoutMinutes,
    }));
    const key = imageKey(dockerfile);
    const registry = options.registry ?? Registry.GHCR;
    if (options.imageNamePrefix !== undefined) {
      withContext(COMPONENT, dockerfile, () => checkPrefix(options.imageNamePrefix!, registry));
    }
    super(scope, `WorkspaceImagesWorkflow:${dockerfile}`);

    this.images = images;
    this.options = options;
    this.settings = settings;
    this.registry = registry;
    this.key = key;
    this.dockerfile = dockerfile;
    this.context = rootRelative(images.project, images.contextDir);
    this.workflowName = options.workflowName ?? defaultWorkflowName(key);
    if (options.enabled === false) {
      return;
    }
    const root = this.project.root;
    this.githubWorkflow = withContext(COMPONENT, dockerfile, () => createImageWorkflow(root, {
      wanted: options.github, name: this.workflowName, dockerfile, settings,
    }));
    WORKFLOWS.set(root, [...(WORKFLOWS.get(root) ?? []), this]);
  }

  /**
   * Renders the jobs from the images' plan as the Cargo files are now.
   */
  public preSynthesize(): void {
    const workflow = this.githubWorkflow;
    if (!workflow) {
      return;
    }
    const plan = this.images._plan();
    const location = { context: this.context, dockerfile: this.dockerfile };
    const ciImages = withContext(COMPONENT, this.dockerfile, () =>
      plan.images.map((image) => resolveCiImage({ ...location, name: image.target }, image.plan, image.smoke)));
    const build = plan.builder.build;
    const jobs = workspaceJobs({
      images: ciImages.map((ci) => ({ ci, pushName: this.pushName(ci.name) })),
      settings: this.settings,
      registry: this.registry,
      name: this.workflowName,
      context: this.context,
      dockerfile: this.dockerfile,
      rustChannel: ciImages[0].rustChannel,
      cargoTestArgs: [
        'test', '--locked', '--workspace',
        ...(build.noDefaultFeatures ? ['--no-default-features'] : []),
        ...(build.features.length > 0 ? ['--features', build.features.join(',')] : []),
      ],
      driftSteps: this.carriesDriftCheck() ? driftSteps(this.project.root) : undefined,
    });
    replaceJobs(workflow, this.jobIds, jobs);
  }

  private pushName(target: string): string {
    if (this.options.imageNamePrefix !== undefined) {
      return `${this.options.imageNamePrefix.replace(/\/+$/, '')}/${target}`;
    }
    return this.registry._imageFor(this.key === '' ? target : `${this.key}-${target}`);
  }

  /**
   * One workflow per repository checks for drift: image workflows (`DockerWorkflow`) carry it
   * when there are any; else the first workspace workflow whose option allows it.
   */
  private carriesDriftCheck(): boolean {
    if (this.options.driftCheck !== undefined) {
      return this.options.driftCheck;
    }
    const root = this.project.root;
    if (projectChecksDrift(root)) {
      return false;
    }
    const imageWorkflows = root.node.findAll().some((c) => c instanceof DockerWorkflow && c.githubWorkflow !== undefined);
    if (imageWorkflows) {
      return false;
    }
    const owner = (WORKFLOWS.get(root) ?? []).find((w) => w.githubWorkflow && w.options.driftCheck !== false);
    return owner === this;
  }
}

function checkPrefix(prefix: string, registry: Registry): void {
  const literal = prefix.replace(/\$\{\{[^}]*\}\}/g, 'x');
  if (/\s/.test(literal) || /[:@]/.test(literal.slice(literal.indexOf('/') + 1)) || !literal.includes('/')) {
    throw new CiError(`option 'imageNamePrefix' is '${prefix}': give the registry host and path the images go under, without tag or spaces, ` +
      `e.g. '${registry.host}/my-org'.`);
  }
  if (!prefix.startsWith(`${registry.host}/`)) {
    throw new CiError(`option 'imageNamePrefix' is '${prefix}', which is not on the registry's host ${registry.host}: the workflow logs in to ${registry.host} only. ` +
      `Use a prefix starting with '${registry.host}/', or set 'registry' to the registry of that name.`);
  }
}
