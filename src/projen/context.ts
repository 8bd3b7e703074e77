import * as fs from 'fs';
import * as path from 'path';
import type { IConstruct } from 'constructs';
import type { Project } from 'projen';
import { DockerignoreFile } from './dockerignore-file';
import { FileOwnershipGuard } from './ownership';
import { RenderedFile } from './rendered-file';
import type { CargoWorkspace } from '../cargo/model';
import { loadWorkspace } from '../cargo/workspace';
import { RustDockerError } from '../core/errors';

/** What an image component is, before it exists. */
export interface ImageComponentSpec {
  /** The component's class name: the prefix of its errors and of its construct id. */
  readonly component: string;
  /** The `cargoDir` option. */
  readonly cargoDir?: string;
  /** The `dockerfileName` option. */
  readonly dockerfileName?: string;
  /** The `moveExistingFilesAside` option. */
  readonly moveExistingFilesAside?: boolean;
}

/** A checked image component, ready to be added to its scope. */
export interface ImageComponentSite {
  readonly component: string;
  /** The construct id: one component of a kind per Cargo directory and Dockerfile. */
  readonly id: string;
  /** `cargoDir`, normalized (POSIX separators, no `./`). */
  readonly cargoDir: string;
  readonly dockerfileName: string;
  /** Whether a file the user owns where a generated file goes is moved aside (`moveExistingFilesAside`). */
  readonly moveAside: boolean;
}

/** A generated file of the build context, rendered at synthesis. */
export interface ContextFile {
  /** File name, relative to the build context. */
  readonly name: string;
  readonly render: () => string;
}

/** How to give an image component's files other names. */
const RENAME_FIX = 'dockerfileName (and bakeFileName for RustWorkspaceImages)';

const DUPLICATE_FIX = "Give each image component its own files: the 'dockerfileName' option (and 'bakeFileName' for RustWorkspaceImages), e.g. dockerfileName: 'Dockerfile.api'.";

/** `cargoDir` as the components use it: POSIX separators, normalized, `.` by default. */
export function normalizeCargoDir(cargoDir: string | undefined): string {
  return path.posix.normalize((cargoDir ?? '.').replace(/\\/g, '/'));
}

/**
 * Runs a component's option validation before the construct is added, so a failed
 * construction leaves no trace; errors name the component and its cargoDir. Returns the options.
 */
export function validated<T extends { readonly cargoDir?: string }>(component: string, options: T, validate: (options: T) => void): T {
  RustDockerError.context({ component, subject: `cargoDir '${normalizeCargoDir(options.cargoDir)}'` }, () => validate(options));
  return options;
}

/** Refuses a second component of the same kind for the same Dockerfile, before the construct is added. */
export function siteOf(scope: IConstruct, spec: ImageComponentSpec): ImageComponentSite {
  const cargoDir = normalizeCargoDir(spec.cargoDir);
  const dockerfileName = spec.dockerfileName ?? 'Dockerfile';
  const id = `${spec.component}:${cargoDir}:${dockerfileName}`;
  if (scope.node.tryFindChild(id)) {
    throw duplicateError(spec.component, path.posix.join(cargoDir, dockerfileName));
  }
  return { component: spec.component, id, cargoDir, dockerfileName, moveAside: spec.moveExistingFilesAside === true };
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
    this.cargoDir = site.cargoDir;
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
   * (`.dockerignore`, which also gets the component's `dockerignorePatterns` and keeps its
   * asset sources). Fails, before
   * registering any, when another component generates one.
   */
  public addFiles(owner: IConstruct, files: ContextFile[], dockerignorePatterns: readonly string[] = [], assetSources: readonly string[] = []): void {
    for (const { name } of files) {
      if (this.project.tryFindFile(this.path(name))) {
        throw duplicateError(this.site.component, this.path(name));
      }
      if (!this.site.moveAside) {
        // With moveExistingFilesAside, the directory is moved aside at synthesis.
        checkNotDirectory(this.site.component, path.resolve(this.project.outdir, this.path(name)), this.path(name));
      }
    }
    const guard = FileOwnershipGuard.of(this.project);
    for (const { name, render } of files) {
      new RenderedFile(owner, this.path(name), render);
      guard.register(this.path(name), this.site.component, RENAME_FIX, this.site.moveAside);
    }
    const contextPath = path.resolve(this.project.outdir, this.contextDir);
    const ignore = DockerignoreFile.forContext(this.project, this.contextDir, contextPath, this.site.component);
    guard.register(ignore.path, this.site.component, 'a .dockerignore is always generated beside the Dockerfile: merge your rules into .projenrc.ts (dockerignorePatterns)', this.site.moveAside);
    files.forEach(({ name }) => ignore.addDockerfile(name));
    ignore.addPatterns(dockerignorePatterns);
    ignore.addAssets(assetSources);
  }

  /** Plans from the Cargo files as they are now; errors name the component and its Dockerfile. */
  public plan<T>(planner: (workspace: CargoWorkspace) => T): T {
    return RustDockerError.context({ component: this.site.component, subject: this.dockerfilePath }, () => planner(loadWorkspace(this.cargoDirPath)));
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
      throw new RustDockerError({
        component: this.site.component,
        option: 'cargoDir',
        problem: `is '${this.cargoDir}', which belongs to the Cargo workspace at ${root}, outside the project (${this.project.outdir}).`,
        fix: 'The Dockerfile must sit at the workspace root, which is the build context: declare the component in a project whose outdir contains the workspace root.',
      });
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

/** A generated file cannot replace a directory (synthesis would fail with EISDIR). */
function checkNotDirectory(component: string, absolute: string, file: string): void {
  if (fs.statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
    throw new RustDockerError({
      component,
      problem: `${file} is an existing directory, so the generated file cannot be written there.`,
      fix: "Give the generated file another name: the 'dockerfileName' option (and 'bakeFileName' for RustWorkspaceImages), e.g. dockerfileName: 'Dockerfile.api'.",
    });
  }
}

function duplicateError(component: string, file: string): RustDockerError {
  return new RustDockerError({ component, problem: `${file} is already generated by another component.`, fix: DUPLICATE_FIX });
}
