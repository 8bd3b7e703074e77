import { Registry } from './registry';
import { RustDockerError } from '../core/errors';

/**
 * Checks an image name (`imageName`) or image name prefix (`imageNamePrefix`) given for
 * GitHub: no tag, digest or spaces, and on the registry's host, since the workflow logs in
 * there only. GitHub expressions (`${{ ... }}`) are allowed. Returns the name.
 */
export function checkImageName(option: 'imageName' | 'imageNamePrefix', name: string, registry: Registry): string {
  // Expressions may hold spaces; check the literal parts.
  const literal = name.replace(/\$\{\{[^}]*\}\}/g, 'x');
  const path = literal.slice(literal.indexOf('/') + 1);
  if (/\s/.test(literal) || /[:@]/.test(path) || !literal.includes('/')) {
    throw new RustDockerError({
      option,
      problem: `is '${name}', which is not an image name without tag: it needs a host and a path, and no tag, digest or spaces.`,
      fix: `Use e.g. '${registry.host}/my-org/my-service'.`,
    });
  }
  const onHost = name.startsWith(`${registry.host}/`);
  const dockerHubShort = registry === Registry.DOCKER_HUB && !/^[^/]*[.:][^/]*\//.test(name) && !name.startsWith('localhost/');
  if (!onHost && !dockerHubShort) {
    throw new RustDockerError({
      option,
      problem: `is '${name}', which is not on the registry's host ${registry.host}: the workflow logs in to ${registry.host} only.`,
      fix: `Use a name starting with '${registry.host}/', or set 'registry' to the registry of that name (Registry.custom('<host>')).`,
    });
  }
  return name;
}
