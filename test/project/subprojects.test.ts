/**
 * projen subprojects: images declared in subprojects write their Dockerfile and .dockerignore
 * into the subproject, and the root project's workflows build them with paths from the
 * repository root. Several subprojects (and the root) coexist without name clashes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { github, Project } from 'projen';
import * as YAML from 'yaml';
import { RustDockerImage, RustWorkspaceImages } from '../../src';
import { step } from '../ci/support';
import { crateFiles, writeTree } from '../support/temp-project';
import { lintWorkflow, read, workspaceFiles, wsTempDir } from '../workspace/support';

function rootWithGithub(): Project {
  const root = new Project({ name: 'root', outdir: wsTempDir() });
  new github.GitHub(root, { mergify: false, pullRequestLint: false });
  return root;
}

function subproject(root: Project, outdir: string, files: { [file: string]: string }): Project {
  writeTree(path.join(root.outdir, outdir), files);
  return new Project({ name: outdir.replace(/\//g, '-'), parent: root, outdir });
}

function workflowFiles(root: Project): string[] {
  return fs.readdirSync(path.join(root.outdir, '.github/workflows')).filter((f) => f.startsWith('docker')).sort();
}

describe('RustDockerImage in a subproject', () => {
  test('writes its Dockerfile and .dockerignore into the subproject; the root workflow builds it with the right context and file', async () => {
    const root = rootWithGithub();
    const api = subproject(root, 'services/api', crateFiles('api'));
    const image = new RustDockerImage(api, { ports: [3000] });
    root.synth();

    expect(image.dockerfilePath).toBe('Dockerfile');
    expect(image.contextDir).toBe('.');
    expect(read(root.outdir, 'services/api/Dockerfile')).toContain('cargo build --locked --release --package api --bin api');
    expect(read(root.outdir, 'services/api/.dockerignore')).toContain('!/Cargo.toml');
    expect(fs.existsSync(path.join(root.outdir, 'Dockerfile'))).toBe(false);
    expect(fs.existsSync(path.join(root.outdir, 'services/api/.github'))).toBe(false);
    // The subproject's generated files are tracked by the subproject.
    expect(JSON.parse(read(root.outdir, 'services/api/.projen/files.json')).files).toEqual(expect.arrayContaining(['.dockerignore', 'Dockerfile']));

    expect(workflowFiles(root)).toEqual(['docker-services-api.yml']);
    const text = read(root.outdir, '.github/workflows/docker-services-api.yml');
    const wf = YAML.parse(text);
    expect(step(wf.jobs.build, 'Build the image').with).toMatchObject({ 'context': 'services/api', 'file': 'services/api/Dockerfile', 'cache-from': 'type=gha,scope=docker-services-api' });
    expect(step(wf.jobs.push, 'Build and push').with).toMatchObject({ context: 'services/api', file: 'services/api/Dockerfile' });
    expect(step(wf.jobs.push, 'Image name').env.IMAGE).toBe('ghcr.io/${{ github.repository }}/services-api');
    expect(await lintWorkflow(text, 'docker-services-api.yml')).toEqual([]);
  });

  test('several subprojects and the root, each with images, coexist: distinct workflows, cache scopes and image names; one drift check', async () => {
    const root = rootWithGithub();
    writeTree(root.outdir, crateFiles('gateway'));
    new RustDockerImage(root, { ports: [80] });
    const api = subproject(root, 'services/api', crateFiles('api'));
    new RustDockerImage(api, { ports: [3000] });
    const worker = subproject(root, 'services/worker', crateFiles('worker', { 'src/bin/cron.rs': 'fn main() {}\n' }, '\n[[bin]]\nname = "cron"\npath = "src/bin/cron.rs"\n'));
    new RustDockerImage(worker, { binary: 'worker' });
    new RustDockerImage(worker, { binary: 'cron', dockerfileName: 'Dockerfile.cron' });
    const backend = subproject(root, 'backend', workspaceFiles(['orders', 'billing']));
    new RustWorkspaceImages(backend, { ports: [8080] });
    root.synth();

    expect(workflowFiles(root)).toEqual([
      'docker-backend.yml', 'docker-services-api.yml', 'docker-services-worker-cron.yml', 'docker-services-worker.yml', 'docker.yml',
    ]);
    const scopes = new Set<string>();
    const images = new Set<string>();
    let drift = 0;
    for (const file of workflowFiles(root)) {
      const text = read(root.outdir, `.github/workflows/${file}`);
      expect(await lintWorkflow(text, file)).toEqual([]);
      const wf = YAML.parse(text);
      drift += wf.jobs.drift ? 1 : 0;
      const build = step(wf.jobs.build, 'Build the image').with;
      const push = wf.jobs.push;
      if (build.target) {
        push.strategy.matrix.include.forEach((i: any) => {
          scopes.add(i.image);
          images.add(i.name);
        });
      } else {
        scopes.add(build['cache-from']);
        images.add(step(push, 'Image name').env.IMAGE);
      }
    }
    expect(scopes.size).toBe(6);
    expect([...images].sort()).toEqual([
      'ghcr.io/${{ github.repository }}',
      'ghcr.io/${{ github.repository }}/backend-billing',
      'ghcr.io/${{ github.repository }}/backend-orders',
      'ghcr.io/${{ github.repository }}/services-api',
      'ghcr.io/${{ github.repository }}/services-worker',
      'ghcr.io/${{ github.repository }}/services-worker-cron',
    ]);
    expect(drift).toBe(1);
    for (const file of ['Dockerfile', 'services/api/Dockerfile', 'services/worker/Dockerfile', 'services/worker/Dockerfile.cron', 'backend/Dockerfile', 'backend/docker-bake.hcl']) {
      expect(fs.existsSync(path.join(root.outdir, file))).toBe(true);
    }
    expect(read(root.outdir, 'services/worker/.dockerignore')).toContain('\n/Dockerfile\n/Dockerfile.cron\n/.dockerignore\n');
  });

  test('two subprojects whose paths give the same workflow name fail at construction and name workflowName; setting it resolves the clash', () => {
    const root = rootWithGithub();
    new RustDockerImage(subproject(root, 'a/b-c', crateFiles('one')));
    const second = subproject(root, 'a-b/c', crateFiles('two'));
    expect(() => new RustDockerImage(second)).toThrow(/'docker-a-b-c'.*workflowName/);

    const fixed = rootWithGithub();
    new RustDockerImage(subproject(fixed, 'a/b-c', crateFiles('one')));
    const image = new RustDockerImage(subproject(fixed, 'a-b/c', crateFiles('two')), { workflow: { workflowName: 'docker-two' } });
    fixed.synth();
    expect(image.workflow.workflowName).toBe('docker-two');
    expect(workflowFiles(fixed)).toEqual(['docker-a-b-c.yml', 'docker-two.yml']);
  });

  test('a subproject whose crate belongs to a workspace above it fails with the fix', () => {
    const root = rootWithGithub();
    writeTree(root.outdir, workspaceFiles(['api']));
    const sub = new Project({ name: 'api', parent: root, outdir: 'crates/api' });
    expect(() => new RustDockerImage(sub)).toThrow(/belongs to the Cargo workspace at .*outside the project/);
  });
});
