import { workspaceProject } from './support';
import type { RustWorkspaceImagesOptions } from '../../src';
import { Runtime, RustWorkspaceImages, Smoke } from '../../src';
import { RustDockerError } from '../../src/core/errors';
import { validateWorkspaceOptions } from '../../src/workspace/validate';

function untyped(options: { [key: string]: unknown }): RustWorkspaceImagesOptions {
  return options as RustWorkspaceImagesOptions;
}

function caught(options: RustWorkspaceImagesOptions): RustDockerError {
  try {
    validateWorkspaceOptions(options);
  } catch (e) {
    expect(RustDockerError.is(e)).toBe(true);
    return e as RustDockerError;
  }
  throw new Error('expected a RustDockerError');
}

describe('bakeFileName', () => {
  test.each([
    ['.', 'is ".", which names a directory (the build context itself), not a file.'],
    ['..', 'is "..", which names a directory (the parent of the build context), not a file.'],
    ['Cargo.toml', 'is "Cargo.toml", which is a Cargo file of the workspace root that the build reads: it would be overwritten.'],
    ['.dockerignore', 'is ".dockerignore", which is the .dockerignore the components generate for the build context.'],
  ])('%j is refused', (name, problem) => {
    expect(caught({ bakeFileName: name }).message).toBe(`option 'bakeFileName' ${problem} Use a name such as "docker-bake.hcl".`);
  });

  test('a bake file name that is not a string says its type', () => {
    expect(caught(untyped({ bakeFileName: 7 })).message).toBe('option \'bakeFileName\' is the number 7, not a string. Use a file name such as "docker-bake.hcl".');
  });

  test('an existing directory as bake file or Dockerfile fails at construction, naming the file and the options', () => {
    const project = workspaceProject(['api'], { gh: false });
    expect(() => new RustWorkspaceImages(project, { bakeFileName: 'crates' })).toThrow(
      /^RustWorkspaceImages: crates is an existing directory, so the generated file cannot be written there\. Give the generated file another name: the 'dockerfileName' option \(and 'bakeFileName' for RustWorkspaceImages\)/);
    const other = workspaceProject(['api'], { gh: false });
    expect(() => new RustWorkspaceImages(other, { dockerfileName: 'crates' })).toThrow(/^RustWorkspaceImages: crates is an existing directory/);
  });
});

describe('per-binary options', () => {
  test('a binary\'s user is checked against its own runtime and allowSystemUser', () => {
    const e = caught({ binaries: { api: { user: '65534' } } });
    expect(e.option).toBe('binaries.api.user');
    expect(e.problem).toMatch(/^is "65534", which gives the binary uid 65534, the user "nobody"/);
    expect(() => validateWorkspaceOptions({ binaries: { api: { user: '65534', runtime: Runtime.DISTROLESS_CC, allowSystemUser: true } } })).not.toThrow();
    // allowSystemUser and the runtime are inherited from the workspace-wide options.
    expect(() => validateWorkspaceOptions({ runtime: Runtime.SCRATCH, allowSystemUser: true, binaries: { api: { user: '0:0' } } })).not.toThrow();
    expect(caught({ runtime: Runtime.SCRATCH, allowSystemUser: true, binaries: { api: { user: '0:0', runtime: Runtime.DEBIAN_SLIM } } }).problem)
      .toMatch(/allowSystemUser is true, but the debian-slim runtime's Dockerfile creates the user and group with groupadd and useradd/);
  });

  test('a user inherited from the workspace is checked again when the binary changes the runtime or allowSystemUser', () => {
    expect(() => validateWorkspaceOptions({ runtime: Runtime.SCRATCH, user: '65534', allowSystemUser: true, binaries: { worker: {} } })).not.toThrow();
    const e = caught({ runtime: Runtime.SCRATCH, user: '65534', allowSystemUser: true, binaries: { worker: { allowSystemUser: false } } });
    expect(e.option).toBe('binaries.worker.user');
    expect(e.problem).toMatch(/^is "65534", which gives the binary uid 65534/);
  });

  test.each([
    ['binaries as a list', { binaries: [{ ports: [1] }] }, 'binaries', 'is an array, not an object of binary names to options.'],
    ['a binary\'s options as a string', { binaries: { api: 'distroless' } }, 'binaries.api', 'is the string "distroless", not an object of options.'],
    ['a binary\'s port as a string', { binaries: { api: { ports: ['8080'] } } }, 'binaries.api.ports[0]', 'is the string "8080", not a number.'],
    ['a binary\'s env value as a number', { binaries: { api: { env: { PORT: 8080 } } } }, 'binaries.api.env.PORT', 'is the number 8080, not a string.'],
    ['a binary\'s caCertificates as a string', { binaries: { api: { caCertificates: 'no' } } }, 'binaries.api.caCertificates', 'is the string "no", not a boolean.'],
    ['a binary\'s smoke as a string', { binaries: { api: { smoke: 'none' } } }, 'binaries.api.smoke', 'is the string "none", not a Smoke.'],
    ['include as a string', { include: 'api' }, 'include', 'is the string "api", not a list of binaries.'],
    ['an include entry that is a number', { include: [1] }, 'include[0]', 'is the number 1, not a string.'],
    ['workflow as false', { workflow: false }, 'workflow', 'is the boolean false, not an object of CI options.'],
  ])('%s', (_name, options, option, problem) => {
    const e = caught(untyped(options));
    expect({ option: e.option, problem: e.problem }).toEqual({ option, problem });
    expect(e.fix).toMatch(/\.$/);
  });

  test('sound per-binary options pass', () => {
    expect(() => validateWorkspaceOptions({
      binaries: { api: { ports: [8080], smoke: Smoke.http('/healthz'), user: '20000:20000', caCertificates: false }, worker: { smoke: Smoke.NONE } },
    })).not.toThrow();
  });
});

describe('allowSystemUser at synthesis', () => {
  test('a system user allowed for workspace images is planned', () => {
    const project = workspaceProject(['api'], { gh: false });
    const images = new RustWorkspaceImages(project, { runtime: Runtime.DISTROLESS_CC, user: '65534', allowSystemUser: true });
    project.synth();
    expect(images._plan().images[0].plan.user).toBe('65534');
  });
});
