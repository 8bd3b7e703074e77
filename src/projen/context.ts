import * as path from 'path';
import { IConstruct } from 'constructs';
import { Project } from 'projen';
import { DockerignoreFile, wrapErrors } from './dockerignore-file';
import { RenderedFile } from './rendered-file';
import { CargoWorkspace } from '../cargo/model';
import { loadWorkspace } from '../cargo/workspace';

/** The components that generate a Dockerfile (and its companions) into a build context. */
export type ImageComponentName = 'RustDockerImage' | 'RustWorkspaceImages';

/** What an image component is, before it exists. */
export interface ImageComponentSpec {
  /** The component's class name: the prefix of its errors and of its construct id. */
  readonly component: ImageComponentName;
  /** The `cargoDir` option. */
  readonly cargoDir?: string;
  /** The `dockerfileName` option. */
  readonly dockerfileName?: string;
  /** Validates every option on its own; errors are prefixed with the component and cargoDir. */
  readonly validate: () => void;
  /** The second sentence of the error when a generated file is taken: how to pick other names. */
  readonly duplicateHint: string;
}

/** A checked image component, ready to be added to its scope. */
export interface ImageComponentSite extends ImageComponentSpec {
  /** The construct id: one component of a kind per Cargo directory and Dockerfile. */
  readonly id: string;
  /** `cargoDir`, normalized (POSIX separators, no `./`). */
  readonly normalizedCargoDir: string;
  readonly dockerfileName: string;
}

/** A generated file of the build context, rendered at synthesis. */
export interface ContextFile {
  /** File name, relative to the build context. */
  readonly name: string;
  readonly render: () => string;
}

/**
 * Checks an image component before the construct is added, so a failed construction leaves
 * no trace: validates the options and refuses a second component for the same Dockerfile.
 */
export function siteOf(scope: IConstruct, spec: ImageComponentSpec): ImageComponentSite {
  const cargoDir = path.posix.normalize((spec.cargoDir ?? '.').replace(/\\/g, '/'));
  const dockerfileName = spec.dockerfileName ?? 'Dockerfile';
  wrapErrors(`${spec.component} (cargoDir '${cargoDir}')`, spec.validate);
  const id = `${spec.component}:${cargoDir}:${dockerfileName}`;
  if (scope.node.tryFindChild(id)) {
    throw new Error(duplicateMessage(spec, path.posix.join(cargoDir, dockerfileName)));
  }
  return { ...spec, id, normalizedCargoDir: cargoDir, dockerfileName };
}

/**
 * The build context of an image component: the root of the Cargo workspace that holds
 * `cargoDir` (found like cargo does), which must lie inside the project. Registers the
 * component's generated files there, and loads the workspace for planning.
 */
export class BuildContext {
  /** The Cargo directory, relative to the project outdir. */
  public readonly cargoDir: string;
  /** The workspace root (the Docker build context), relative to the project outdir. */
  public readonly contextDir: string;
  /** The generated Dockerfile, relative to the project outdir. */
  public readonly dockerfilePath: string;

  private readonly project: Project;
  private readonly site: ImageComponentSite;
  private readonly cargoDirPath: string;

  constructor(project: Project, site: ImageComponentSite) {
    this.project = project;
    this.site = site;
    this.cargoDir = site.normalizedCargoDir;
    this.cargoDirPath = path.resolve(project.outdir, this.cargoDir);
    this.contextDir = this.locate();
    this.dockerfilePath = this.path(site.dockerfileName);
  }

  /** A file of the build context, relative to the project outdir. */
  public path(name: string): string {
    return path.posix.join(this.contextDir, name);
  }

  /**
   * Registers read-only files of the build context and keeps them out of the context
   * (`.dockerignore`). Fails, before registering any, when another component generates one.
   */
  public addFiles(owner: IConstruct, files: ContextFile[]): void {
    for (const { name } of files) {
      if (this.project.tryFindFile(this.path(name))) {
        throw new Error(duplicateMessage(this.site, this.path(name)));
      }
    }
    for (const { name, render } of files) {
      new RenderedFile(owner, this.path(name), render);
    }
    const ignore = DockerignoreFile.forContext(this.project, this.contextDir, path.resolve(this.project.outdir, this.contextDir));
    files.forEach(({ name }) => ignore.addDockerfile(name));
  }

  /** Plans from the Cargo files as they are now; errors name the component and its Dockerfile. */
  public plan<T>(planner: (workspace: CargoWorkspace) => T): T {
    return wrapErrors(`${this.site.component} (${this.dockerfilePath})`, () => planner(loadWorkspace(this.cargoDirPath)));
  }

  private locate(): string {
    let root = this.cargoDirPath;
    try {
      root = loadWorkspace(this.cargoDirPath).root;
    } catch {
      // Missing or broken Cargo files are reported with their details at synthesis.
    }
    const relative = path.relative(this.project.outdir, root).split(path.sep).join('/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new Error(`${this.site.component}: cargoDir '${this.cargoDir}' belongs to the Cargo workspace at ${root}, outside the project (${this.project.outdir}). ` +
        'The Dockerfile must sit at the workspace root, which is the build context: declare the component in a project whose outdir contains the workspace root.');
    }
    return relative === '' ? '.' : relative;
  }
}

/**
 * The plan of the synthesis in progress: computed in `preSynthesize`, forgotten in
 * `postSynthesize` (so the next synthesis reads the Cargo files again), computed on demand
 * outside a synthesis.
 */
export class SynthesisPlan<T> {
  private readonly compute: () => T;
  private current?: T;

  constructor(compute: () => T) {
    this.compute = compute;
  }

  public get(): T {
    return this.current ?? this.compute();
  }

  public hold(): void {
    this.current = this.compute();
  }

  public forget(): void {
    this.current = undefined;
  }
}

function duplicateMessage(spec: ImageComponentSpec, file: string): string {
  return `${spec.component}: ${file} is already generated by another component. ${spec.duplicateHint}`;
}
