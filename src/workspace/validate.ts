import type { RustWorkspaceImagesOptions } from './options';
import { RustDockerError } from '../core/errors';
import { FILE_NAME } from '../core/rules';
import { validateOptions } from '../plan/validate';

/** The bake file's name when the option is not given. */
export const DEFAULT_BAKE_FILE = 'docker-bake.hcl';

/** A binary (`api`) or a package's binary (`api-server/api`). */
const BINARY_REF = /^([A-Za-z0-9_][A-Za-z0-9_-]*\/)?[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** Every option of `RustWorkspaceImages` on its own; the Cargo-dependent checks run at synthesis. */
export function validateWorkspaceOptions(options: RustWorkspaceImagesOptions): void {
  validateOptions(options);
  const bakeFileName = options.bakeFileName ?? DEFAULT_BAKE_FILE;
  if (!FILE_NAME.test(bakeFileName)) {
    throw new RustDockerError({ option: 'bakeFileName', problem: `is ${JSON.stringify(bakeFileName)}, which is not a plain file name.`, fix: 'Use a name such as "docker-bake.hcl".' });
  }
  if (bakeFileName === (options.dockerfileName ?? 'Dockerfile')) {
    throw new RustDockerError({ option: 'bakeFileName', problem: `is "${bakeFileName}", the same as 'dockerfileName'.`, fix: 'Give the bake file another name, e.g. "docker-bake.hcl".' });
  }
  for (const option of ['include', 'exclude'] as const) {
    (options[option] ?? []).forEach((entry, i) => {
      if (typeof entry !== 'string' || !BINARY_REF.test(entry)) {
        throw new RustDockerError({ option: `${option}[${i}]`, problem: `is ${JSON.stringify(entry)}, which is not a binary.`, fix: 'Name a binary ("api") or a package\'s binary ("api-server/api").' });
      }
    });
  }
  if (options.include?.length === 0) {
    throw new RustDockerError({ option: 'include', problem: 'is empty, so no image would be built.', fix: 'Leave it out to build every binary, or name the binaries.' });
  }
  for (const [name, own] of Object.entries(options.binaries ?? {})) {
    if (!BINARY_REF.test(name) || name.includes('/')) {
      throw new RustDockerError({
        option: 'binaries',
        problem: `has the key ${JSON.stringify(name)}, which is not a binary name.`,
        fix: 'Key the options by binary name, e.g. binaries: { api: { ports: [8080] } }.',
      });
    }
    RustDockerError.context({ optionPrefix: `binaries.${name}` }, () => validateOptions({
      runtime: own.runtime, features: own.features, user: own.user, ports: own.ports, env: own.env, args: own.args, labels: own.labels,
    }));
  }
}
