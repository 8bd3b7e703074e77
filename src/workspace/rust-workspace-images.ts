import type { IConstruct } from 'constructs';
import { renderBakeFile } from './bake';
import { renderWorkspaceDockerfile, workspaceDockerfileModel } from './dockerfile';
import type { RustWorkspaceImagesOptions } from './options';
import type { WorkspacePlan } from './plan';
import { planWorkspaceImages } from './plan';
import { workspaceSummary } from './summary';
import { DEFAULT_BAKE_FILE, validateWorkspaceOptions } from './validate';
import { WorkspaceImagesWorkflow } from './workflow';
import type { SynthesisPlan } from '../projen/context';
import { validated } from '../projen/context';
import { RustImageComponent } from '../projen/image-component';

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
export class RustWorkspaceImages extends RustImageComponent {
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
    super(scope, 'RustWorkspaceImages', validated('RustWorkspaceImages', options, validateWorkspaceOptions));
    const bakeFileName = options.bakeFileName ?? DEFAULT_BAKE_FILE;
    this.bakeFilePath = this._contextPath(bakeFileName);
    this.plans = this._synthesisPlan((ws) => {
      const plan = planWorkspaceImages(ws, options);
      const imageLock = this._baseImageLock(workspaceDockerfileModel(plan), plan.images[0].plan);
      return { ...plan, images: plan.images.map((i) => ({ ...i, plan: { ...i.plan, imageLock } })) };
    });
    this._addFiles([
      { name: this._dockerfileName, render: () => renderWorkspaceDockerfile(this._plan()) },
      {
        name: bakeFileName,
        render: () => renderBakeFile(this._plan(), { context: '.', dockerfile: this._dockerfileName, cacheRepository: this.workflow._cacheRepository }),
      },
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
   * The plan of this synthesis (planned on demand before `preSynthesize`).
   * @internal
   */
  public _plan(): WorkspacePlan {
    return this.plans.get();
  }

  /** @internal */
  protected _summary(): string[] {
    return workspaceSummary(this._plan());
  }

  /** @internal */
  protected _otherFiles(): string[] {
    return [this.bakeFilePath];
  }
}
