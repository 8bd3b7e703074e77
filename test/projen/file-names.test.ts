import * as fs from 'fs';
import * as path from 'path';
import { Runtime, RustDockerImage } from '../../src';
import { bareProject, crateFiles, tempDir, writeTree } from '../support/temp-project';

function crateProject() {
  const dir = tempDir();
  writeTree(dir, crateFiles('svc'));
  return { dir, project: bareProject(dir) };
}

describe('the generated Dockerfile\'s name', () => {
  test('an existing directory fails at construction with what is wrong and the fix, instead of EISDIR at synthesis', () => {
    const { project } = crateProject();
    expect(() => new RustDockerImage(project, { dockerfileName: 'src' })).toThrow(
      'RustDockerImage: src is an existing directory, so the generated file cannot be written there. ' +
      "Give the generated file another name: the 'dockerfileName' option (and 'bakeFileName' for RustWorkspaceImages), e.g. dockerfileName: 'Dockerfile.api'.");
  });

  test('the default name is checked too', () => {
    const dir = tempDir();
    writeTree(dir, { ...crateFiles('svc'), 'Dockerfile/keep': '' });
    expect(() => new RustDockerImage(bareProject(dir))).toThrow(/^RustDockerImage: Dockerfile is an existing directory/);
  });

  test.each([
    ['.', 'the build context itself'],
    ['..', 'the parent of the build context'],
  ])('%j fails at construction, naming the option', (name, what) => {
    const { project } = crateProject();
    expect(() => new RustDockerImage(project, { dockerfileName: name })).toThrow(
      `RustDockerImage (cargoDir '.'): option 'dockerfileName' is "${name}", which names a directory (${what}), not a file. Use a plain file name such as "Dockerfile" or "Dockerfile.api".`);
    expect(project.tryFindFile(name)).toBeUndefined();
  });

  test('a Cargo file is never overwritten', () => {
    const { dir, project } = crateProject();
    expect(() => new RustDockerImage(project, { dockerfileName: 'Cargo.toml' })).toThrow(/option 'dockerfileName' is "Cargo.toml", which is a Cargo file of the workspace root that the build reads: it would be overwritten\./);
    expect(fs.readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')).toContain('name = "svc"');
  });

  test('an earlier synthesis\' Dockerfile is replaced; a user\'s file of that name is not (test/projen/ownership.test.ts)', () => {
    const { dir, project } = crateProject();
    new RustDockerImage(project, { dockerfileName: 'Dockerfile.api' });
    project.synth();
    const again = bareProject(dir);
    new RustDockerImage(again, { dockerfileName: 'Dockerfile.api', runtime: Runtime.SCRATCH });
    again.synth();
    expect(fs.readFileSync(path.join(dir, 'Dockerfile.api'), 'utf8')).toContain('FROM scratch');
  });
});
