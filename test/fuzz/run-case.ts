import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { github, Project } from 'projen';
import type { OptionSpec, TreeSpec } from './arbitraries';
import { checkBake, checkDockerfile, checkDockerignore, checkGithubJobs, checkGitlabJobs } from './checks';
import { writeTree } from './tree';
import type { RustDockerImageOptions, RustWorkspaceImagesOptions } from '../../src';
import { DependencyCaching, Registry, Runtime, RustDockerImage, RustWorkspaceImages, Smoke } from '../../src';
import type { CargoWorkspace } from '../../src/cargo/model';
import { loadWorkspace } from '../../src/cargo/workspace';
import { resolveCiImage } from '../../src/ci/ci-image';
import { githubJobs } from '../../src/ci/github/jobs';
import { gitlabJobs } from '../../src/ci/gitlab/jobs';
import { resolveSettings } from '../../src/ci/settings';
import { RustDockerError } from '../../src/core/errors';
import { dockerfileModel, renderImageDockerfile } from '../../src/dockerfile/dockerfile';
import { renderDockerignore } from '../../src/dockerfile/dockerignore';
import { planImage } from '../../src/plan/plan';
import { validateOptions } from '../../src/plan/validate';
import { renderBakeFile } from '../../src/workspace/bake';
import { renderWorkspaceDockerfile, workspaceDockerfileModel } from '../../src/workspace/dockerfile';
import { planWorkspaceImages } from '../../src/workspace/plan';

/** What one generated case came to, for the statistics the suite prints. */
export interface CaseOutcome {
  /** Which parts produced files (the others failed with the library's error). */
  readonly image: boolean;
  readonly workspace: boolean;
  readonly ignore: boolean;
  readonly ci: boolean;
  /** Why the single image was refused (the library's message), when it was. */
  readonly refusal?: string;
}

/** The component options the option spec stands for. */
export function imageOptions(spec: OptionSpec): RustDockerImageOptions {
  return {
    binary: spec.binary,
    features: spec.features,
    runtime: Runtime[spec.runtime],
    caching: DependencyCaching[spec.caching],
    ports: spec.ports as number[] | undefined,
    env: spec.env,
    args: spec.args,
    labels: spec.labels,
    user: spec.user,
    rustVersion: spec.rustVersion,
    profile: spec.profile,
    dockerfileName: spec.dockerfileName,
    syntaxDirective: false,
  };
}

let lastRefusal: string | undefined;

/** Runs `fn`; an error of this library means "refused", anything else is a bug and is rethrown. */
function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (RustDockerError.is(e)) {
      lastRefusal = e.problem;
      return undefined;
    }
    throw e;
  }
}

/**
 * Writes the tree, then plans and renders every generated file as the components do, and
 * checks each result that was produced. Returns which parts produced files.
 */
export function runCase(tree: TreeSpec, spec: OptionSpec): CaseOutcome {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-fuzz-'));
  try {
    writeTree(root, tree);
    lastRefusal = undefined;
    const ws = attempt(() => loadWorkspace(root));
    if (!ws) {
      return { image: false, workspace: false, ignore: false, ci: false, refusal: lastRefusal };
    }
    const options = imageOptions(spec);
    // The component validates its options before it exists: a refused option set writes nothing.
    if (attempt(() => validateOptions(options)) === undefined && lastRefusal !== undefined) {
      return { image: false, workspace: false, ignore: false, ci: false, refusal: `option: ${lastRefusal}` };
    }
    const ignore = attempt(() => renderDockerignore(ws, [options.dockerfileName ?? 'Dockerfile']));
    if (ignore !== undefined) {
      checkDockerignore(ignore);
    }
    const image = attempt(() => {
      const plan = planImage(ws, options);
      return { plan, text: renderImageDockerfile(plan) };
    });
    const refusal = image ? undefined : lastRefusal;
    if (image) {
      checkDockerfile(image.text, dockerfileModel(image.plan));
    }
    const ci = image ? attempt(() => ciJobs(image.plan, spec)) : undefined;
    if (ci) {
      checkGithubJobs(ci.github);
      checkGitlabJobs(ci.gitlab);
    }
    const workspace = attempt(() => workspaceFiles(ws, spec)) ?? false;
    return { image: image !== undefined, workspace, ignore: ignore !== undefined, ci: ci !== undefined, refusal };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function ciJobs(plan: ReturnType<typeof planImage>, spec: OptionSpec) {
  const smoke = spec.smokeArgs ? Smoke.command(spec.smokeArgs) : undefined;
  const settings = resolveSettings({ branches: spec.branches, cargoTest: true });
  const image = resolveCiImage({ name: 'docker', context: '.', dockerfile: 'Dockerfile' }, plan, smoke);
  return {
    github: githubJobs({ image, settings, registry: Registry.GHCR, imageName: Registry.GHCR._imageFor('') }),
    gitlab: gitlabJobs({ image, settings, imageName: '$CI_REGISTRY_IMAGE', dockerImage: 'docker:28', dindImage: 'docker:28-dind' }),
  };
}

/** The workspace component's Dockerfile and bake file, checked. True when they were produced. */
function workspaceFiles(ws: CargoWorkspace, spec: OptionSpec): boolean {
  const { binary: _b, features: _f, ...shared } = imageOptions(spec);
  const options: RustWorkspaceImagesOptions = shared;
  const plan = planWorkspaceImages(ws, options);
  checkDockerfile(renderWorkspaceDockerfile(plan), workspaceDockerfileModel(plan));
  checkBake(renderBakeFile(plan, { context: '.', dockerfile: 'Dockerfile' }), plan.images.map((i) => i.target));
  return true;
}


/** The workflow files a full projen synthesis of the case wrote, or undefined when synthesis refused. */
export function synthesizeCase(tree: TreeSpec, spec: OptionSpec): { [file: string]: string } | undefined {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-fuzz-synth-'));
  try {
    writeTree(root, tree);
    const files = attempt(() => {
      const project = new Project({ name: 'fuzz', outdir: root });
      new github.GitHub(project, { mergify: false, pullRequestLint: false });
      const options = imageOptions(spec);
      new RustDockerImage(project, {
        ...options,
        workflow: { branches: spec.branches, cargoTest: true, smoke: spec.smokeArgs ? Smoke.command(spec.smokeArgs) : undefined },
      });
      const { binary: _b, features: _f, dockerfileName: _d, ...shared } = options;
      new RustWorkspaceImages(project, { ...shared, dockerfileName: 'Dockerfile.all', bakeFileName: 'all.hcl', workflow: { branches: spec.branches, cargoTest: true } });
      project.synth();
      const dir = path.join(root, '.github/workflows');
      return Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    });
    return files;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
