import type { Project } from 'projen';
import { github, JsonPatch } from 'projen';
import { annotatePins } from './action-pins';
import { RustDockerError } from '../../core/errors';
import type { CiSettings } from '../settings';

type Job = github.workflows.Job;

/** Which image workflow to create, and for which Dockerfile. */
export interface ImageWorkflowSpec {
  /** The workflow's name, also its file name. */
  readonly name: string;
  /** The Dockerfile the workflow builds, relative to the repository root (for errors). */
  readonly dockerfile: string;
  readonly settings: CiSettings;
}

/** The `on:` triggers of an image workflow. */
export function githubTriggers(settings: CiSettings): github.workflows.Triggers {
  const branches = settings.branches ?? ['main'];
  const hasPush = branches.length > 0 || settings.tags.length > 0;
  return {
    pullRequest: settings.pullRequests ? (branches.length > 0 ? { branches } : {}) : undefined,
    push: hasPush ? {
      branches: branches.length > 0 ? branches : undefined,
      tags: settings.tags.length > 0 ? settings.tags : undefined,
    } : undefined,
  };
}

/**
 * Whether an image workflow goes to GitHub: as the `github` option says, else when the root
 * project has GitHub workflows. `true` without them is an error that says what is missing.
 */
export function githubWanted(root: Project, option: boolean | undefined): boolean {
  const gh = github.GitHub.of(root);
  const wanted = option ?? (gh !== undefined && gh.workflowsEnabled);
  if (wanted && (!gh || !gh.workflowsEnabled)) {
    throw new RustDockerError({
      option: 'github',
      problem: `is true but the root project ${gh ? 'has GitHub workflows disabled' : 'has no GitHub component'}.`,
      fix: 'Enable GitHub on the root project (e.g. new GitHub(root) or github: true on a NodeProject), or leave \'github\' unset.',
    });
  }
  return wanted;
}

/**
 * The GitHub workflow of an image (or an image set) in the root project, with its triggers,
 * no default permissions and cancellation of superseded pull request runs. The root project
 * must have GitHub workflows (see `githubWanted`).
 */
export function createImageWorkflow(root: Project, spec: ImageWorkflowSpec): github.GithubWorkflow {
  const gh = github.GitHub.of(root)!;
  const fileName = `${spec.name}.yml`;
  if (gh.tryFindWorkflow(spec.name) || root.tryFindFile(`.github/workflows/${fileName}`)) {
    throw new RustDockerError({
      option: 'workflowName',
      problem: `is '${spec.name}', but a GitHub workflow of that name (.github/workflows/${fileName}) already exists.`,
      fix: `Give the workflow of ${spec.dockerfile} another name with the 'workflowName' option.`,
    });
  }
  const workflow = new github.GithubWorkflow(gh, spec.name, { fileName });
  workflow.on(githubTriggers(spec.settings));
  const file = workflow.file;
  if (file) {
    // Nothing is granted by default; each job asks for exactly what it needs. (A patch,
    // because overrides drop empty objects.)
    file.patch(JsonPatch.add('/permissions', {}));
    // A newer push to the same pull request cancels the run in progress; branch and tag runs queue.
    file.addOverride('concurrency', {
      'group': '${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}',
      'cancel-in-progress': '${{ github.event_name == \'pull_request\' }}',
    });
    annotatePins(file);
  }
  return workflow;
}

/**
 * Sets the jobs of this synthesis: jobs of an earlier synthesis that are no longer rendered
 * are removed, the others replaced. `ids` tracks the ids this workflow's owner added.
 */
export function replaceJobs(workflow: github.GithubWorkflow, ids: Set<string>, jobs: { [id: string]: Job }): void {
  checkRunScripts(jobs);
  for (const id of ids) {
    if (!(id in jobs)) {
      workflow.removeJob(id);
      ids.delete(id);
    }
  }
  workflow.addJobs(jobs);
  Object.keys(jobs).forEach((id) => ids.add(id));
}

/**
 * GitHub evaluates `${{ }}` in a `run:` script before the shell sees it, so a value that
 * reached a script that way could run anything. Every generated script takes its values
 * through `env:` instead; this is the guard that keeps it so (a failure is a bug here).
 */
export function checkRunScripts(jobs: { [id: string]: Job }): void {
  for (const [id, job] of Object.entries(jobs)) {
    for (const step of job.steps ?? []) {
      if (step.run?.includes('${{')) {
        throw new RustDockerError({
          problem: `internal error: the run script of step '${step.name}' of job '${id}' contains '\${{', which GitHub would evaluate.`,
          fix: 'Please report this: the value must reach the script through env: instead.',
        });
      }
    }
  }
}
