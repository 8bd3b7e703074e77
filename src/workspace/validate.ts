import type { RustWorkspaceImagesOptions } from './options';
import { checkSmoke } from '../ci/validate';
import { RustDockerError } from '../core/errors';
import { describeValue, fileNameProblem, isMap } from '../core/rules';
import { validateBinaryOptions, validateOptions } from '../plan/validate';

/** The bake file's name when the option is not given. */
export const DEFAULT_BAKE_FILE = 'docker-bake.hcl';

/** A binary (`api`) or a package's binary (`api-server/api`). */
const BINARY_REF = /^([A-Za-z0-9_][A-Za-z0-9_-]*\/)?[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** Every option of `RustWorkspaceImages` on its own; the Cargo-dependent checks run at synthesis. */
export function validateWorkspaceOptions(options: RustWorkspaceImagesOptions): void {
  validateOptions(options);
  if (options.bakeFileName !== undefined && typeof options.bakeFileName !== 'string') {
    throw new RustDockerError({ option: 'bakeFileName', problem: `is ${describeValue(options.bakeFileName)}, not a string.`, fix: 'Use a file name such as "docker-bake.hcl".' });
  }
  const bakeFileName = options.bakeFileName ?? DEFAULT_BAKE_FILE;
  const bakeProblem = fileNameProblem(bakeFileName);
  if (bakeProblem) {
    throw new RustDockerError({ option: 'bakeFileName', problem: `is ${JSON.stringify(bakeFileName)}, ${bakeProblem}`, fix: 'Use a name such as "docker-bake.hcl".' });
  }
  if (bakeFileName === (options.dockerfileName ?? 'Dockerfile')) {
    throw new RustDockerError({ option: 'bakeFileName', problem: `is "${bakeFileName}", the same as 'dockerfileName'.`, fix: 'Give the bake file another name, e.g. "docker-bake.hcl".' });
  }
  for (const option of ['include', 'exclude'] as const) {
    const list: unknown = options[option];
    if (list !== undefined && !Array.isArray(list)) {
      throw new RustDockerError({ option, problem: `is ${describeValue(list)}, not a list of binaries.`, fix: 'Give an array of binary names, e.g. ["api", "api-server/worker"].' });
    }
    (options[option] ?? []).forEach((entry, i) => {
      if (typeof entry !== 'string' || !BINARY_REF.test(entry)) {
        throw new RustDockerError({
          option: `${option}[${i}]`,
          problem: typeof entry === 'string' ? `is ${JSON.stringify(entry)}, which is not a binary.` : `is ${describeValue(entry)}, not a string.`,
          fix: 'Name a binary ("api") or a package\'s binary ("api-server/api").',
        });
      }
    });
  }
  if (options.include?.length === 0) {
    throw new RustDockerError({ option: 'include', problem: 'is empty, so no image would be built.', fix: 'Leave it out to build every binary, or name the binaries.' });
  }
  if (options.binaries !== undefined && !isMap(options.binaries)) {
    throw new RustDockerError({ option: 'binaries', problem: `is ${describeValue(options.binaries)}, not an object of binary names to options.`, fix: 'Key the options by binary name, e.g. binaries: { api: { ports: [8080] } }.' });
  }
  for (const [name, own] of Object.entries(options.binaries ?? {})) {
    if (!BINARY_REF.test(name) || name.includes('/')) {
      throw new RustDockerError({
        option: 'binaries',
        problem: `has the key ${JSON.stringify(name)}, which is not a binary name.`,
        fix: 'Key the options by binary name, e.g. binaries: { api: { ports: [8080] } }.',
      });
    }
    if (!isMap(own)) {
      throw new RustDockerError({ option: `binaries.${name}`, problem: `is ${describeValue(own)}, not an object of options.`, fix: `Give the binary's options as an object, e.g. binaries: { ${name}: { ports: [8080] } }.` });
    }
    RustDockerError.context({ optionPrefix: `binaries.${name}` }, () => {
      validateBinaryOptions(own, options);
      if (own.smoke !== undefined) {
        checkSmoke('smoke', own.smoke);
      }
    });
  }
  if (options.workflow !== undefined && !isMap(options.workflow)) {
    throw new RustDockerError({ option: 'workflow', problem: `is ${describeValue(options.workflow)}, not an object of CI options.`, fix: 'Give the CI options as an object; { enabled: false } turns CI off.' });
  }
}
