import * as path from 'path';
import type { Project } from 'projen';

/** Lower-case words joined by `-`: safe in file names, job names, cache scopes and image names. */
export function slugify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * The image's key, derived from its Dockerfile path relative to the repository root:
 * '' for `Dockerfile`, `worker` for `Dockerfile.worker`, `services-api` for
 * `services/api/Dockerfile`, `services-api-worker` for `services/api/worker.Dockerfile`.
 */
export function imageKey(dockerfile: string): string {
  const dir = path.posix.dirname(dockerfile);
  const base = path.posix.basename(dockerfile);
  const variant = base === 'Dockerfile' ? '' : base.replace(/^Dockerfile[.-]?/, '').replace(/[.-]?Dockerfile$/i, '');
  return slugify([dir === '.' ? '' : dir, variant].filter((p) => p !== '').join('-'));
}

/** The default workflow name (and job prefix, cache scope) for an image key. */
export function defaultWorkflowName(key: string): string {
  return key === '' ? 'docker' : `docker-${key}`;
}

/** A path inside `project` (relative to its outdir) as a path relative to the root project. */
export function rootRelative(project: Project, relative: string): string {
  const projectDir = path.relative(project.root.outdir, project.outdir).split(path.sep).join('/');
  const joined = path.posix.normalize(path.posix.join(projectDir === '' ? '.' : projectDir, relative));
  return joined === '' ? '.' : joined;
}
