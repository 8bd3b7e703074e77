import * as path from 'path';
import type { IConstruct } from 'constructs';
import { Component } from 'projen';
import type { ContextFile } from './context';
import { BuildContext, siteOf, SynthesisPlan } from './context';
import { ImageLockRefresh, pinning } from './image-lock-refresh';
import { RenovateRules } from './renovate-rules';
import type { CargoWorkspace } from '../cargo/model';
import type { DockerfileModel } from '../dockerfile/model';
import type { ImageLock } from '../pin/image-lock';
import { DEFAULT_IMAGE_LOCK } from '../pin/image-lock';
import { checkPinned, pinnableImages } from '../pin/pin-model';
import { assetSources } from '../plan/assets';
import type { ImageBuildOptions } from '../plan/image-options';

/**
 * The shared core of `RustDockerImage` and `RustWorkspaceImages`: where the Cargo project,
 * the build context and the generated files are, and the plan of each synthesis (read from
 * the Cargo files in `preSynthesize`, forgotten in `postSynthesize`, so the next synthesis
 * reads them again).
 */
export abstract class RustImageComponent extends Component {
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
   * The component's class name, as its errors and construct id name it, e.g. `RustDockerImage`.
   */
  public readonly componentName: string;

  /**
   * Whether a file the user owns where one of this component's files goes (its Dockerfile,
   * `.dockerignore`, bake file or workflow file) is moved aside instead of failing: the
   * `moveExistingFilesAside` option.
   */
  public readonly moveExistingFilesAside: boolean;

  /**
   * The Dockerfile's file name in the build context.
   * @internal
   */
  protected readonly _dockerfileName: string;

  private readonly buildContext: BuildContext;
  private readonly synthesisPlans: SynthesisPlan<unknown>[] = [];
  private readonly dockerignorePatterns: string[];
  private readonly assetSources: string[];

  /**
   * @param scope the projen project (or a construct inside it) that owns the files
   * @param componentName the component's class name, for errors and the construct id
   * @param options where the Cargo project is and the Dockerfile's name (validated by the caller)
   */
  protected constructor(scope: IConstruct, componentName: string, options: ImageBuildOptions) {
    const site = siteOf(scope, {
      component: componentName,
      cargoDir: options.cargoDir,
      dockerfileName: options.dockerfileName,
      moveExistingFilesAside: options.moveExistingFilesAside,
    });
    super(scope, site.id);
    this.componentName = componentName;
    this.moveExistingFilesAside = site.moveAside;
    this._dockerfileName = site.dockerfileName;
    this.buildContext = new BuildContext(this.project, site);
    this.cargoDir = this.buildContext.cargoDir;
    this.contextDir = this.buildContext.contextDir;
    this.dockerfilePath = this.buildContext.dockerfilePath;
    this.dockerignorePatterns = [...options.dockerignorePatterns ?? []];
    // Workspace-wide and, for RustWorkspaceImages, per binary (its options have `binaries`).
    this.assetSources = assetSources(options);
    // Created now, not when docker:pin first plans: its synthesize() writes the lock files.
    ImageLockRefresh.of(this.project);
    ImageLockRefresh.addTask(this.project);
    RenovateRules.of(this.project).add(
      path.resolve(this.project.outdir, this.contextDir, options.baseImageLock ?? DEFAULT_IMAGE_LOCK),
      path.resolve(this.project.outdir, this.dockerfilePath),
    );
  }

  /**
   * Plans from the Cargo files as they are now. Errors name the component, its Dockerfile
   * and the option or Cargo file.
   */
  public preSynthesize(): void {
    this.synthesisPlans.forEach((p) => p.hold());
  }

  /**
   * Says what is generated and the choices made, in projen's log (shown by `npx projen`).
   *
   * Logged here rather than in `postSynthesize`, which `PROJEN_DISABLE_POST` skips.
   */
  public synthesize(): void {
    const files = [this.dockerfilePath, ...this._otherFiles(), this._contextPath('.dockerignore')];
    const lines = this._summary().map((l) => `  ${l}`);
    this.project.logger.info(`${this.componentName}: generated ${files.join(', ')}\n${lines.join('\n')}`);
  }

  /**
   * Forgets the plan, so the next synthesis reads the Cargo files again.
   */
  public postSynthesize(): void {
    this.synthesisPlans.forEach((p) => p.forget());
  }

  /**
   * The choices this synthesis made, one per line (from the plan).
   * @internal
   */
  protected abstract _summary(): string[];

  /**
   * Files generated besides the Dockerfile and `.dockerignore`, relative to the project outdir.
   * @internal
   */
  protected _otherFiles(): string[] {
    return [];
  }

  /**
   * A file of the build context, relative to the project outdir.
   * @internal
   */
  protected _contextPath(name: string): string {
    return this.buildContext.path(name);
  }

  /**
   * Registers generated files of the build context (kept out of it by `.dockerignore`).
   * @internal
   */
  protected _addFiles(files: ContextFile[]): void {
    this.buildContext.addFiles(this, files, this.dockerignorePatterns, this.assetSources);
  }

  /**
   * The lock that pins the Dockerfile `model` (unpinned): in `docker:pin`'s synthesis the
   * images it pulls resolved now, else the lock file as read. With `requirePinnedImages`, an
   * image it misses is an error.
   * @internal
   */
  protected _baseImageLock(
    model: DockerfileModel,
    read: { readonly imageLock?: ImageLock; readonly imageLockFile: string; readonly requirePinnedImages: boolean },
  ): ImageLock | undefined {
    const context = path.resolve(this.project.outdir, this.contextDir);
    const lock = pinning()
      ? ImageLockRefresh.of(this.project).refresh(context, read.imageLockFile, pinnableImages(model), read.imageLock)
      : read.imageLock;
    checkPinned(model, lock, read.requirePinnedImages, read.imageLockFile);
    return lock;
  }

  /**
   * The plan of each synthesis, computed from the workspace as it is then.
   * @internal
   */
  protected _synthesisPlan<T>(planner: (workspace: CargoWorkspace) => T): SynthesisPlan<T> {
    const plan = new SynthesisPlan(() => this.buildContext.plan(planner));
    this.synthesisPlans.push(plan);
    return plan;
  }
}
