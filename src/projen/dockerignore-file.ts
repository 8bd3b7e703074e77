import * as path from 'path';
import type { IConstruct } from 'constructs';
import type { Project } from 'projen';
import { RenderedFile } from './rendered-file';
import { loadWorkspace } from '../cargo/workspace';
import { RustDockerError } from '../core/errors';
import { mergeDockerignorePatterns, renderDockerignore } from '../dockerfile/dockerignore';

/**
 * One `.dockerignore` per build context, shared by every image (and image set) built from
 * it; each registers the generated files that must stay out of the context and its
 * `dockerignorePatterns`.
 */
export class DockerignoreFile extends RenderedFile {
  /** The context's file, created by the first component that builds from it; `component` names the caller in errors. */
  public static forContext(project: Project, contextDir: string, contextPath: string, component: string): DockerignoreFile {
    const filePath = path.posix.join(contextDir, '.dockerignore');
    const existing = project.tryFindFile(filePath);
    const file = existing instanceof DockerignoreFile ? existing : new DockerignoreFile(project, filePath, contextPath);
    file.components.add(component);
    return file;
  }

  private readonly dockerfiles: string[] = [];
  private readonly patterns: string[][] = [];
  private readonly assets: string[] = [];
  private readonly components = new Set<string>();

  private constructor(scope: IConstruct, filePath: string, contextPath: string) {
    super(scope, filePath, () => RustDockerError.context(
      { component: [...this.components].join(' and '), subject: filePath },
      () => renderDockerignore(loadWorkspace(contextPath), this.dockerfiles, mergeDockerignorePatterns(this.patterns), this.assets),
    ));
  }

  /** Excludes a generated file (a Dockerfile, a bake file), relative to the context, from the context. */
  public addDockerfile(name: string): void {
    this.dockerfiles.push(name);
  }

  /**
   * Adds a component's `dockerignorePatterns` (validated by the component). The lists of
   * the components are merged in the order they were added, without duplicates (see
   * `mergeDockerignorePatterns`).
   */
  public addPatterns(patterns: readonly string[]): void {
    if (patterns.length > 0) {
      this.patterns.push([...patterns]);
    }
  }

  /** Keeps a component's asset sources (validated, relative to the context) in the context. */
  public addAssets(sources: readonly string[]): void {
    this.assets.push(...sources);
  }
}
