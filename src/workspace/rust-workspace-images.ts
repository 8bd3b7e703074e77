import { IConstruct } from 'constructs';
import { Component } from 'projen';
import { renderBakeFile } from './bake';
import { renderWorkspaceDockerfile } from './dockerfile';
import { RustWorkspaceImagesOptions } from './options';
import { planWorkspaceImages, WorkspacePlan } from './plan';
import { WorkspaceImagesWorkflow } from './workflow';
import { FILE_NAME } from '../core/rules';
import { PlanError } from '../plan/errors';
import { validateOptions } from '../plan/validate';
import { BuildContext, siteOf, SynthesisPlan } from '../projen/context';

const BINARY_REF = /^([A-Za-z0-9_][A-Za-z0-9_-]*\/)?[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/**
 * Images for every binary of a Cargo workspace (or a chosen set), from ONE Dockerfile: a
 * builder stage compiles the workspace's dependencies once and builds every binary, and one
 * final stage per binary, named after it, is its image (`docker build --target <binary> .`).
 * A BuildKit bake file lists every image (`docker buildx bake` builds them all), and one CI
 * workflow builds, smoke-tests and pushes them with a matrix over the binaries.
 *
 * The Cargo files are read at synthesis: add a binary or member and run `npx projen`, and its
 * image appears in the Dockerfile, the bake file and CI; remove it and it disappears. The
 * set of files never changes, only their content.
 */
export class RustWorkspaceImages extends Component {
  /**
   * The Cargo directory, relative to the project outdir.
   */
  public readonly cargoDir: string;

  /**
   * The workspace root (the Docker build context), relative to the project outdir.
   */
  public readonly contextDir: string;

  /**
   * The generated Dockerfile, relative to the project outdir.
   */
  public readonly dockerfilePath: string;

  /**
   * The generated bake file, relative to the project outdir.
   */
  public readonly bakeFilePath: string;

  /**
   * The CI workflow that builds, smoke-tests and pushes the images.
   */
  public readonly workflow: WorkspaceImagesWorkflow;

  private readonly plans: SynthesisPlan<WorkspacePlan>;

  /**
   * @param scope the projen project (or a construct inside it) that owns the files
   * @param options which binaries and how; every option has a default
   */
  constructor(scope: IConstruct, options: RustWorkspaceImagesOptions = {}) {
    const bakeFileName = options.bakeFileName ?? 'docker-bake.hcl';
    const site = siteOf(scope, {
      component: 'RustWorkspaceImages',
      cargoDir: options.cargoDir,
      dockerfileName: options.dockerfileName,
      validate: () => validateWorkspaceOptions(options, bakeFileName),
      duplicateHint: "Give this one other file names with the 'dockerfileName' and 'bakeFileName' options.",
    });
    super(scope, site.id);

    const context = new BuildContext(this.project, site);
    this.cargoDir = context.cargoDir;
    this.contextDir = context.contextDir;
    this.dockerfilePath = context.dockerfilePath;
    this.bakeFilePath = context.path(bakeFileName);
    this.plans = new SynthesisPlan(() => context.plan((ws) => planWorkspaceImages(ws, options)));
    context.addFiles(this, [
      { name: site.dockerfileName, render: () => renderWorkspaceDockerfile(this._plan()) },
      { name: bakeFileName, render: () => renderBakeFile(this._plan(), { context: '.', dockerfile: site.dockerfileName }) },
    ]);
    this.workflow = new WorkspaceImagesWorkflow(this, this, options.workflow);
  }

  /**
   * The images' names (Docker targets, bake targets), one per binary, as the Cargo files are
   * now. Reads the Cargo files.
   */
  public targets(): string[] {
    return this._plan().images.map((i) => i.target);
  }

  /**
   * Plans the images from the Cargo files as they are now. Errors name the option or file.
   */
  public preSynthesize(): void {
    this.plans.hold();
  }

  /**
   * Forgets the plan, so the next synthesis reads the Cargo files again.
   */
  public postSynthesize(): void {
    this.plans.forget();
  }

  /**
   * The plan of this synthesis (planned on demand before `preSynthesize`).
   * @internal
   */
  public _plan(): WorkspacePlan {
    return this.plans.get();
  }
}

/** Every option on its own; the Cargo-dependent checks run at synthesis. */
function validateWorkspaceOptions(options: RustWorkspaceImagesOptions, bakeFileName: string): void {
  validateOptions({
    cargoDir: options.cargoDir,
    dockerfileName: options.dockerfileName,
    profile: options.profile,
    rustVersion: options.rustVersion,
    builderImage: options.builderImage,
    runtime: options.runtime,
    user: options.user,
    ports: options.ports,
    env: options.env,
    args: options.args,
    labels: options.labels,
  });
  if (!FILE_NAME.test(bakeFileName)) {
    throw new PlanError(`option 'bakeFileName' is ${JSON.stringify(bakeFileName)}, which is not valid. Use a plain file name such as "docker-bake.hcl".`);
  }
  if (bakeFileName === (options.dockerfileName ?? 'Dockerfile')) {
    throw new PlanError(`options 'bakeFileName' and 'dockerfileName' are both "${bakeFileName}". Give the bake file another name, e.g. "docker-bake.hcl".`);
  }
  for (const option of ['include', 'exclude'] as const) {
    (options[option] ?? []).forEach((entry, i) => {
      if (typeof entry !== 'string' || !BINARY_REF.test(entry)) {
        throw new PlanError(`option '${option}[${i}]' is ${JSON.stringify(entry)}, which is not valid. Name a binary ("api") or a package's binary ("api-server/api").`);
      }
    });
  }
  if (options.include?.length === 0) {
    throw new PlanError('option \'include\' is empty, so no image would be built. Leave it out to build every binary, or name the binaries.');
  }
  for (const [name, own] of Object.entries(options.binaries ?? {})) {
    if (!BINARY_REF.test(name) || name.includes('/')) {
      throw new PlanError(`option 'binaries' has the key ${JSON.stringify(name)}, which is not a binary name. Key the options by binary name, e.g. binaries: { api: { ports: [8080] } }.`);
    }
    try {
      validateOptions({
        runtime: own.runtime, features: own.features, user: own.user, ports: own.ports, env: own.env, args: own.args, labels: own.labels,
      });
    } catch (e) {
      if (e instanceof PlanError) {
        e.message = e.message.replace(/^option '/, `option 'binaries.${name}.`);
      }
      throw e;
    }
  }
}
