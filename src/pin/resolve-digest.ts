/**
 * The current digest of an image tag, asked of the docker CLI: the registry's answer first
 * (`docker buildx imagetools inspect`: the digest of the index of a multi-platform image, the
 * same for every platform), else the repository digest of the local image (`docker image
 * inspect`: an image pulled earlier, when no registry answers).
 */
import { execFileSync } from 'child_process';

/** Resolves `name:tag` to `sha256:...`, or throws saying why not. */
export type DigestResolver = (ref: string) => string;

/** The environment variable that names the docker client (default `docker` on the PATH). */
export const DOCKER_CLIENT_ENV = 'DOCKER';

function docker(client: string, args: string[]): string {
  // The environment passed on explicitly: DOCKER_HOST and DOCKER_CONFIG as this process sees them.
  return execFileSync(client, args, { encoding: 'utf8', env: process.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

function firstLine(e: unknown): string {
  const stderr = (e as { stderr?: string }).stderr?.trim();
  return (stderr || (e as Error).message).split('\n')[0];
}

/** The docker CLI's answer (client from `$DOCKER`, else `docker`). */
export function dockerDigestResolver(client: string = process.env[DOCKER_CLIENT_ENV] || 'docker'): DigestResolver {
  return (ref) => {
    let registryError: string;
    try {
      const manifest = JSON.parse(docker(client, ['buildx', 'imagetools', 'inspect', ref, '--format', '{{json .Manifest}}'])) as { digest?: string };
      if (manifest.digest) {
        return manifest.digest;
      }
      registryError = 'the registry gave no digest';
    } catch (e) {
      registryError = firstLine(e);
    }
    let repoDigests: string[] | null;
    try {
      repoDigests = JSON.parse(docker(client, ['image', 'inspect', ref, '--format', '{{json .RepoDigests}}'])) as string[] | null;
    } catch {
      throw new Error(`the registry did not answer (${registryError}) and there is no local image ${ref}`);
    }
    const repository = ref.replace(/:[^/:]+$/, '');
    const digest = (repoDigests ?? []).find((d) => d.startsWith(`${repository}@`) || d.startsWith(`docker.io/library/${repository}@`))?.split('@')[1];
    if (!digest) {
      throw new Error(`the registry did not answer (${registryError}) and the local image ${ref} has no digest of ${repository} (it was built or loaded, never pulled)`);
    }
    return digest;
  };
}
