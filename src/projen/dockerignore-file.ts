import * as path from 'path';
import { IConstruct } from 'constructs';
import { Project } from 'projen';
import { RenderedFile } from './rendered-file';
import { CargoWorkspace } from '../cargo/model';
import { loadWorkspace } from '../cargo/workspace';
import { renderDockerignore } from '../dockerfile/dockerignore';

/**
 * One `.dockerignore` per build context, shared by every image (and image set) built from
 * it; each registers the generated files that must stay out of the context.
 */
export class DockerignoreFile extends RenderedFile {
  public static forContext(project: Project, contextDir: string, contextPath: string): DockerignoreFile {
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

  /** Excludes a generated file (a Dockerfile, a bake file), relative to the context, from the context. */
  public addDockerfile(name: string): void {
    this.dockerfiles.push(name);
  }
}

function loadWorkspaceFor(contextPath: string): CargoWorkspace {
  return wrapErrors(`RustDockerImage (${contextPath})`, () => loadWorkspace(contextPath));
}

/** Prefixes an error's message with the component and file it concerns (once). */
export function wrapErrors<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && !/^Rust(DockerImage|WorkspaceImages)/.test(e.message)) {
      e.message = `${prefix}: ${e.message}`;
    }
    throw e;
  }
}
