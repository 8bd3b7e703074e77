/**
 * Assets through the components: checked at construction, looked up in the build context at
 * every synthesis (a renamed source is a clear error, nothing cached), and kept in the
 * context by the shared `.dockerignore`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RustDockerImage, RustWorkspaceImages } from '../../src';
import { lintDockerfile, stageLines } from '../support/dockerfile-lint';
import { bareProject, crateFiles, read, tempDir, writeTree } from '../support/temp-project';
import { workspaceFiles } from '../workspace/support';

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function dirWith(files: { [file: string]: string }): string {
  const dir = tempDir('prd-assets-projen-');
  temps.push(dir);
  writeTree(dir, files);
  return dir;
}

const ASSETS = [{ source: 'configuration', destination: '/app/configuration' }, { source: 'static/index.html', destination: '/app/static/index.html' }];

describe('RustDockerImage with assets', () => {
  test('writes the assets stage, the root-owned COPYs and the .dockerignore lines', () => {
    const dir = dirWith({ ...crateFiles('svc'), 'configuration/base.yaml': 'a\n', 'static/index.html': '<h1>\n' });
    const project = bareProject(dir);
    new RustDockerImage(project, { assets: ASSETS, dockerignorePatterns: ['*', '!src', '!Cargo.*'] });
    project.synth();
    const dockerfile = read(dir, 'Dockerfile');
    expect(lintDockerfile(dockerfile)).toEqual([]);
    expect(stageLines(dockerfile, 'runtime').filter((l) => l.includes('--from=assets'))).toEqual([
      'COPY --from=assets --chown=0:0 ["/assets/configuration", "/app/configuration"]',
      'COPY --from=assets --chown=0:0 ["/assets/static/index.html", "/app/static/index.html"]',
    ]);
    expect(read(dir, '.dockerignore')).toMatch(/\*\n!src\n!Cargo\.\*\n\n# Always kept: the build needs these\n[^#]*\n# Always kept: the images copy these \(assets\)\n!\/configuration\n!\/static\/index\.html\n$/);
  });

  test('a bad asset fails at construction, naming the component and the option; nothing is added', () => {
    const dir = dirWith(crateFiles('svc'));
    const project = bareProject(dir);
    expect(() => new RustDockerImage(project, { assets: [{ source: '../secrets', destination: '/app/secrets' }] }))
      .toThrow(/^RustDockerImage \(cargoDir '\.'\): option 'assets\[0\]\.source' is "\.\.\/secrets", which leaves the build context/);
    expect(project.tryFindFile('Dockerfile')).toBeUndefined();
  });

  test('every synthesis looks again: a renamed source fails the next one with the option, the path and the fix', () => {
    const dir = dirWith({ ...crateFiles('svc'), 'static/index.html': 'v1\n' });
    const options = { assets: [{ source: 'static', destination: '/app/static' }] };
    const first = bareProject(dir);
    new RustDockerImage(first, options);
    first.synth();
    expect(read(dir, 'Dockerfile')).toContain('COPY ["static", "/assets/static"]');

    fs.renameSync(path.join(dir, 'static'), path.join(dir, 'public'));
    const second = bareProject(dir);
    new RustDockerImage(second, options);
    expect(() => second.synth()).toThrow(
      `RustDockerImage (Dockerfile): option 'assets[0].source' is "static", which does not exist in the build context (${dir}): the Dockerfile's COPY of it would fail. ` +
      'Create it, or correct the path (relative to the Cargo workspace root, the build context): a moved or renamed asset must be changed in the assets option too.');

    // The same component, synthesized again after the fix: no stale plan.
    const third = bareProject(dir);
    const image = new RustDockerImage(third, { assets: [{ source: 'public', destination: '/app/static' }] });
    third.synth();
    expect(read(dir, 'Dockerfile')).toContain('COPY ["public", "/assets/public"]');
    fs.rmSync(path.join(dir, 'public'), { recursive: true });
    expect(() => third.synth()).toThrow(/option 'assets\[0\]\.source' is "public", which does not exist/);
    expect(image.dockerfilePath).toBe('Dockerfile');
  });
});

describe('RustWorkspaceImages with assets', () => {
  test('per-binary assets: one assets stage, each image its own COPYs; the .dockerignore keeps all sources', () => {
    const dir = dirWith(workspaceFiles(['api', 'worker'], { 'configuration/a.yaml': 'a\n', 'templates/t.html': 't\n', 'jobs/j.toml': 'j\n' }));
    const project = bareProject(dir);
    new RustWorkspaceImages(project, {
      assets: [{ source: 'configuration', destination: '/app/configuration' }],
      binaries: {
        api: { assets: [{ source: 'configuration', destination: '/app/configuration' }, { source: 'templates', destination: '/app/templates' }] },
        worker: { assets: [{ source: 'jobs', destination: '/app/jobs' }] },
      },
    });
    project.synth();
    const dockerfile = read(dir, 'Dockerfile');
    expect(lintDockerfile(dockerfile)).toEqual([]);
    expect(stageLines(dockerfile, 'assets').filter((l) => l.startsWith('COPY'))).toEqual([
      'COPY ["configuration", "/assets/configuration"]',
      'COPY ["jobs", "/assets/jobs"]',
      'COPY ["templates", "/assets/templates"]',
    ]);
    expect(stageLines(dockerfile, 'worker').filter((l) => l.includes('--from=assets'))).toEqual(['COPY --from=assets --chown=0:0 ["/assets/jobs", "/app/jobs"]']);
    expect(read(dir, '.dockerignore')).toMatch(/# Always kept: the images copy these \(assets\)\n!\/configuration\n!\/jobs\n!\/templates\n$/);
    expect(read(dir, 'docker-bake.hcl')).not.toContain('assets');
  });

  test('a missing per-binary source names binaries.<name>.assets at synthesis', () => {
    const dir = dirWith(workspaceFiles(['api', 'worker']));
    const project = bareProject(dir);
    new RustWorkspaceImages(project, { binaries: { worker: { assets: [{ source: 'jobs', destination: '/app/jobs' }] } } });
    expect(() => project.synth()).toThrow(/^RustWorkspaceImages \(Dockerfile\): option 'binaries\.worker\.assets\[0\]\.source' is "jobs", which does not exist in the build context/);
  });
});
