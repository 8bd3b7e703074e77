/**
 * `npx projen new --from projen-rust-docker rust-docker` against the packed library, in
 * temporary directories (see test/support/projen-new.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { packLibrary, PROJEN_NEW_TIMEOUT as TIMEOUT, projenNew, REPO, run } from '../support/projen-new';
import { crateFiles, writeTree } from '../support/temp-project';
import { read, workspaceFiles, wsTempDir } from '../workspace/support';

describe('npx projen new --from projen-rust-docker rust-docker', () => {
  let tarball: string;
  beforeAll(() => {
    tarball = packLibrary();
  }, TIMEOUT);

  test('the packed .jsii declares the project type rust-docker', () => {
    const listing = run('tar', ['-xzOf', tarball, 'package/.jsii'], REPO);
    const type = JSON.parse(listing).types['projen-rust-docker.RustDockerProject'];
    expect(type.docs.custom.pjid).toBe('rust-docker');
    expect(type.base).toBe('projen.javascript.NodeProject');
  });

  test('in an empty directory: .projenrc.ts, the Node tooling, a sample service and its image files', () => {
    const dir = wsTempDir();
    projenNew(dir, tarball);
    const rc = read(dir, '.projenrc.ts');
    expect(rc).toContain('import { RustDockerProject } from "projen-rust-docker";');
    expect(rc).toContain(`name: "${path.basename(dir)}"`);
    expect(rc).toContain('project.synth();');
    for (const file of ['package.json', 'tsconfig.projen.json', '.projen/tasks.json', 'Cargo.toml', 'Cargo.lock', 'src/main.rs', 'Dockerfile', '.dockerignore', '.github/workflows/docker.yml']) {
      expect(fs.existsSync(path.join(dir, file))).toBe(true);
    }
    expect(read(dir, 'Dockerfile')).toContain('EXPOSE 8080');
    const tasks = JSON.parse(read(dir, '.projen/tasks.json')).tasks;
    expect(Object.keys(tasks)).toEqual(expect.arrayContaining(['docker:build', 'docker:run', 'plan']));
    expect(tasks.default.steps).toEqual([{ exec: 'ts-node --project tsconfig.projen.json .projenrc.ts' }]);
    expect(Object.keys(YAML.parse(read(dir, '.github/workflows/docker.yml')).jobs)).toEqual(['build', 'push', 'drift']);
    expect(fs.readdirSync(path.join(dir, '.github/workflows'))).toEqual(['docker.yml']);
  }, TIMEOUT);

  test('in an existing Cargo workspace with several binaries: RustWorkspaceImages, no sample, Cargo files untouched', () => {
    const dir = wsTempDir();
    const files = workspaceFiles(['api', 'worker']);
    writeTree(dir, files);
    projenNew(dir, tarball);
    for (const [file, content] of Object.entries(files)) {
      expect(read(dir, file)).toBe(content);
    }
    expect(fs.existsSync(path.join(dir, 'src'))).toBe(false);
    expect([...read(dir, 'Dockerfile').matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1])).toEqual(['runtime-libraries', 'builder', 'api', 'worker']);
    expect(read(dir, 'docker-bake.hcl')).toContain('targets = ["api", "worker"]');
    expect(JSON.parse(read(dir, '.projen/tasks.json')).tasks['docker:build'].steps).toEqual([{ exec: 'docker buildx bake --file docker-bake.hcl' }]);
  }, TIMEOUT);

  test('in an existing crate: one image for its binary', () => {
    const dir = wsTempDir();
    writeTree(dir, crateFiles('tool'));
    projenNew(dir, tarball);
    expect(read(dir, 'Dockerfile')).toContain('--package tool --bin tool');
    expect(fs.existsSync(path.join(dir, 'docker-bake.hcl'))).toBe(false);
  }, TIMEOUT);
});
