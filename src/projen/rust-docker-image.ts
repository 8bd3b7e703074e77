import * as path from 'path';
import { IConstruct } from 'constructs';
import { Component } from 'projen';
import { RenderedFile } from './rendered-file';
import { CargoWorkspace } from '../cargo/model';
import { loadWorkspace } from '../cargo/workspace';
import { DockerWorkflow } from '../ci/docker-workflow';
import { renderImageDockerfile } from '../dockerfile/dockerfile';
import { renderDockerignore } from '../dockerfile/dockerignore';
import { RustDockerImageOptions } from '../plan/options';
import { ImagePlan, planImage } from '../plan/plan';
import { validateOptions } from '../plan/validate';

/**
 * A multi-stage Dockerfile and `.dockerignore` for a Rust binary, planned from the Cargo
 * workspace on every synthesis.
 *
 * The Cargo files are read when projen synthesizes, not when the component is created: add a
 * binary, bump `rust-version` or add a member, run `npx projen`, and the files follow.
 * Nothing the user owns (Cargo.toml, sources, Cargo.lock) is ever written.
 */
export class RustDockerImage extends Component {
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
   * The CI workflow that builds, smoke-tests and pushes this image.
   */
  public readonly workflow: DockerWorkflow;

  private readonly options: RustDockerImageOptions;
  private readonly cargoDirPath: string;
  private currentPlan?: ImagePlan;

  /**
   * @param scope the projen project (or a construct inside it) that owns the files
   * @param options what to build and how; every option has a default
   */
  constructor(scope: IConstruct, options: RustDockerImageOptions = {}) {
    const cargoDir = path.posix.normalize((options.cargoDir ?? '.').replace(/\\/g, '/'));
    const dockerfileName = options.dockerfileName ?? 'Dockerfile';
    // Checked before the construct is added, so a failed construction leaves no trace.
    wrapErrors(`RustDockerImage (cargoDir '${cargoDir}')`, () => validateOptions(options));
    const id = `RustDockerImage:${cargoDir}:${dockerfileName}`;
    if (scope.node.tryFindChild(id)) {
      throw new Error(duplicateMessage(path.posix.join(cargoDir, dockerfileName)));
    }
    super(scope, id);

    this.options = options;
    this.cargoDir = cargoDir;
    this.cargoDirPath = path.resolve(this.project.outdir, cargoDir);
    this.contextDir = this.locateContext();
    this.dockerfilePath = path.posix.join(this.contextDir, dockerfileName);

    const existing = this.project.tryFindFile(this.dockerfilePath);
    if (existing) {
      throw new Error(duplicateMessage(this.dockerfilePath));
    }
    new RenderedFile(this, this.dockerfilePath, () => renderImageDockerfile(this.plan));
    DockerignoreFile.forContext(this.project, this.contextDir, path.resolve(this.project.outdir, this.contextDir)).addDockerfile(dockerfileName);
    this.workflow = new DockerWorkflow(this, this, options.workflow);
  }

  /**
   * Plans the image from the Cargo files as they are now. Errors name the option or file.
   */
  public preSynthesize(): void {
    this.currentPlan = this.computePlan();
  }

  /**
   * Forgets the plan, so the next synthesis reads the Cargo files again.
   */
  public postSynthesize(): void {
    this.currentPlan = undefined;
  }

  /**
   * The plan of this synthesis (planned on demand before `preSynthesize`), for components
   * that render alongside the Dockerfile, such as CI workflows.
   * @internal
   */
  public _plan(): ImagePlan {
    return this.currentPlan ?? this.computePlan();
  }

  private get plan(): ImagePlan {
    return this._plan();
  }

  private computePlan(): ImagePlan {
    return wrapErrors(`RustDockerImage (${this.dockerfilePath})`, () => planImage(loadWorkspace(this.cargoDirPath), this.options));
  }

  /** The workspace root, found like cargo does; must lie inside the project. */
  private locateContext(): string {
    let root = this.cargoDirPath;
    try {
      root = loadWorkspace(this.cargoDirPath).root;
    } catch {
      // Missing or broken Cargo files are reported with their details at synthesis.
    }
    const relative = path.relative(this.project.outdir, root).split(path.sep).join('/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new Error(`RustDockerImage: cargoDir '${this.cargoDir}' belongs to the Cargo workspace at ${root}, outside the project (${this.project.outdir}). ` +
        'The Dockerfile must sit at the workspace root, which is the build context: declare the component in a project whose outdir contains the workspace root.');
    }
    return relative === '' ? '.' : relative;
  }
}

/** One `.dockerignore` per build context, shared by every image built from it. */
class DockerignoreFile extends RenderedFile {
  public static forContext(project: Component['project'], contextDir: string, contextPath: string): DockerignoreFile {
    const filePath = path.posix.join(contextDir, '.dockerignore');
    const existing = project.tryFindFile(filePath);
    if (existing instanceof DockerignoreFile) {
      return existing;
    }
    return new DockerignoreFile(project, filePath, contextPath);
  }

  private readonly dockerfiles: string[] = [];

  private constructor(scope: IConstruct, filePath: string, contextPath: string) {
    super(scope, filePath, () => renderDockerignore(loadWorkspaceFor(contextPath), this.dockerfiles));
  }

  public addDockerfile(name: string): void {
    this.dockerfiles.push(name);
  }
}

function loadWorkspaceFor(contextPath: string): CargoWorkspace {
  return wrapErrors(`RustDockerImage (${contextPath})`, () => loadWorkspace(contextPath));
}

function duplicateMessage(dockerfilePath: string): string {
  return `RustDockerImage: ${dockerfilePath} is already generated by another component. ` +
    "Give each image its own file with the 'dockerfileName' option, e.g. dockerfileName: 'Dockerfile.api'.";
}

function wrapErrors<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && !e.message.startsWith('RustDockerImage')) {
      e.message = `${prefix}: ${e.message}`;
    }
    throw e;
  }
}
