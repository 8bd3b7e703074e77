import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { github, Project } from 'projen';
import type { HealthcheckSpec, OptionSpec, TreeSpec } from './arbitraries';
import { checkAssetCopies, checkBake, checkDockerfile, checkDockerignore, checkGithubJobs, checkGitlabJobs, checkHealthchecks } from './checks';
import { writeTree } from './tree';
import type { AssetOptions, HealthcheckTimingOptions, RustDockerImageOptions, RustWorkspaceImagesOptions } from '../../src';
import { DependencyCaching, Healthcheck, Registry, Runtime, RustDockerImage, RustWorkspaceImages, Smoke } from '../../src';
import type { CargoWorkspace } from '../../src/cargo/model';
import { loadWorkspace } from '../../src/cargo/workspace';
import { resolveCiImage } from '../../src/ci/ci-image';
import { githubJobs } from '../../src/ci/github/jobs';
import { gitlabJobs } from '../../src/ci/gitlab/jobs';
import { resolveSettings } from '../../src/ci/settings';
import { RustDockerError } from '../../src/core/errors';
import { dockerfileModel, renderImageDockerfile } from '../../src/dockerfile/dockerfile';
import { renderDockerignore } from '../../src/dockerfile/dockerignore';
import { assetSources } from '../../src/plan/assets';
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
    init: spec.init as boolean | undefined,
    stopSignal: spec.stopSignal,
    assets: spec.assets as AssetOptions[] | undefined,
    healthcheck: healthcheckOption(spec.healthcheck),
    builderPackages: spec.builderPackages as string[] | undefined,
    runtimePackages: spec.runtimePackages as string[] | undefined,
    rustVersion: spec.rustVersion,
    profile: spec.profile,
    dockerfileName: spec.dockerfileName,
    syntaxDirective: false,
  };
}

/**
 * The `healthcheck` option of a spec: built with the factory; when the factory refuses a
 * hostile argument, a look-alike object with the same fields (as another copy of the library
 * or untyped JavaScript could pass), which the option's own check must refuse in turn.
 */
function healthcheckOption(spec: HealthcheckSpec | undefined): Healthcheck | undefined {
  if (spec === undefined) {
    return undefined;
  }
  const timing = { interval: spec.interval, timeout: spec.timeout, startPeriod: spec.startPeriod, retries: spec.retries } as HealthcheckTimingOptions;
  try {
    switch (spec.kind) {
      case 'raw':
        return spec.value as Healthcheck;
      case 'none':
        return Healthcheck.NONE;
      case 'command':
        return Healthcheck.command(spec.command as string[], timing);
      default:
        return Healthcheck.http({ ...timing, path: spec.path as string | undefined, port: spec.port as number | undefined });
    }
  } catch (e) {
    if (!RustDockerError.is(e)) {
      throw e;
    }
    const commandLine = spec.kind === 'command' ? spec.command : [];
    return { kind: spec.kind, path: spec.path, port: spec.port, commandLine, ...timing } as unknown as Healthcheck;
  }
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
    // Validated asset sources lie inside the tree: create those that are missing, so the case can plan.
    writeAssetSources(root, options.assets ?? []);
    const ignore = attempt(() => renderDockerignore(ws, [options.dockerfileName ?? 'Dockerfile'], [], assetSources(options)));
    if (ignore !== undefined) {
      checkDockerignore(ignore);
    }
    const image = attempt(() => {
      const plan = planImage(ws, options);
      return { plan, text: renderImageDockerfile(plan) };
    });
    const refusal = image ? undefined : lastRefusal;
    if (image) {
      checkDockerfile(image.text, dockerfileModel(image.plan), image.plan.imageLock?.digests);
      checkAssetCopies(image.text, image.plan.assets);
      checkHealthchecks(image.text, image.plan.healthcheck ? [image.plan.healthcheck] : []);
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

/**
 * Creates each asset source that does not exist yet (only after validation, which proves it a
 * normalized path inside `root`): a directory when another source lies inside it, else a file.
 * A path under an existing file is left missing, and planning refuses it.
 */
function writeAssetSources(root: string, assets: AssetOptions[]): void {
  for (const { source } of assets) {
    const full = path.join(root, source);
    const parent = path.dirname(full);
    if (fs.existsSync(full) || (fs.existsSync(parent) && !fs.statSync(parent).isDirectory())) {
      continue;
    }
    try {
      fs.mkdirSync(parent, { recursive: true });
    } catch {
      continue; // a file further up the path
    }
    if (assets.some((a) => a.source.startsWith(`${source}/`))) {
      fs.mkdirSync(full, { recursive: true });
    } else {
      fs.writeFileSync(full, 'asset\n');
    }
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
  checkDockerfile(renderWorkspaceDockerfile(plan), workspaceDockerfileModel(plan), plan.images[0].plan.imageLock?.digests);
  checkHealthchecks(renderWorkspaceDockerfile(plan), plan.images.flatMap((i) => (i.plan.healthcheck ? [i.plan.healthcheck] : [])));
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
      validateOptions(options); // before any asset source is written (as the component does before it exists)
      writeAssetSources(root, options.assets ?? []);
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
