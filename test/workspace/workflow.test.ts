import * as fs from 'fs';
import * as path from 'path';
import { github, javascript, Project } from 'projen';
import * as YAML from 'yaml';
import { lintWorkflow, read, workspaceFiles, workspaceProject, wsTempDir } from './support';
import type { WorkspaceImagesWorkflowOptions } from '../../src';
import { Registry, RustDockerImage, RustWorkspaceImages, Smoke } from '../../src';
import { step, unpinnedUses } from '../ci/support';
import { crateFiles, writeTree } from '../support/temp-project';

function synth(options: WorkspaceImagesWorkflowOptions = {}, services = ['api', 'worker']): { dir: string; wf: any; text: string } {
  const project = workspaceProject(services);
  new RustWorkspaceImages(project, { ports: [8080], binaries: { worker: { ports: [], smoke: Smoke.command(['--version']) } }, workflow: options });
  project.synth();
  const text = read(project.outdir, '.github/workflows/docker.yml');
  return { dir: project.outdir, wf: YAML.parse(text), text };
}

describe('the workspace workflow', () => {
  test('build: a matrix over the images, each built with its target, its own cache scope, and smoke-tested', () => {
    const { wf } = synth();
    const build = wf.jobs.build;
    expect(build.strategy).toEqual({ 'fail-fast': false, 'matrix': { image: ['api', 'worker'] } });
    expect(build.permissions).toEqual({ contents: 'read' });
    expect(step(build, 'Build the image').with).toEqual({
      'context': '.',
      'file': 'Dockerfile',
      'target': '${{ matrix.image }}',
      'load': true,
      'push': false,
      'tags': 'local/${{ matrix.image }}:ci',
      // The builder job's scope first: every builder layer is there, so the image job compiles nothing.
      'cache-from': 'type=gha,scope=docker-builder\ntype=gha,scope=${{ matrix.image }}\n',
      'cache-to': 'type=gha,mode=max,scope=${{ matrix.image }}',
    });
    expect(build.needs).toBe('builder');
    const api = step(build, 'Smoke test api');
    expect(api.if).toBe('matrix.image == \'api\'');
    expect(api.run).toContain('local/api:ci');
    expect(api.run).toContain('http://127.0.0.1:8080/');
    expect(step(build, 'Smoke test worker')).toMatchObject({ if: 'matrix.image == \'worker\'', run: 'docker run --rm local/worker:ci "$SMOKE_ARG_0"\n', env: { SMOKE_ARG_0: '--version' } });
  });

  test('builder: the shared builder stage built once per run, into its own cache scope, no image (issue 12 item 3)', () => {
    const { wf } = synth();
    const builder = wf.jobs.builder;
    expect(builder.name).toBe('Build the shared builder stage');
    expect(builder.needs).toBeUndefined();
    expect(builder.permissions).toEqual({ contents: 'read' });
    expect(builder.strategy).toBeUndefined();
    expect(step(builder, 'Build the builder stage (cache only)').with).toEqual({
      'context': '.',
      'file': 'Dockerfile',
      'target': 'builder',
      'outputs': 'type=cacheonly',
      'cache-from': 'type=gha,scope=docker-builder',
      'cache-to': 'type=gha,mode=max,scope=docker-builder',
    });
    // The push matrix imports it too.
    expect(step(wf.jobs.push, 'Build and push').with['cache-from']).toBe('type=gha,scope=docker-builder\ntype=gha,scope=${{ matrix.image }}\n');
  });

  test('builder: the target is the builder stage even when a binary took the name `builder`', () => {
    const { wf, dir } = synth({}, ['builder', 'api', 'worker']);
    const target = step(wf.jobs.builder, 'Build the builder stage (cache only)').with.target;
    expect(target).not.toBe('builder');
    expect(read(dir, 'Dockerfile')).toMatch(new RegExp(`^FROM \\S+ AS ${target}$`, 'm'));
    expect(wf.jobs.build.strategy.matrix.image).toContain('builder');
    expect(step(wf.jobs.builder, 'Build the builder stage (cache only)').with['cache-to']).toBe(`type=gha,mode=max,scope=docker-${target}`);
  });

  test('push: only on pushes, the same matrix with each image\'s name and labels, attestations, per-image cache', () => {
    const { wf } = synth();
    const push = wf.jobs.push;
    expect(push.if).toBe('github.event_name == \'push\'');
    expect(push.needs).toBe('build');
    expect(push.permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(push.strategy.matrix.include).toEqual([
      { image: 'api', name: 'ghcr.io/${{ github.repository }}/api', labels: 'org.opencontainers.image.title=api\norg.opencontainers.image.version=0.1.0' },
      { image: 'worker', name: 'ghcr.io/${{ github.repository }}/worker', labels: 'org.opencontainers.image.title=worker\norg.opencontainers.image.version=0.1.0' },
    ]);
    expect(step(push, 'Image name').env.IMAGE).toBe('${{ matrix.name }}');
    expect(step(push, 'Image metadata').with.labels).toBe('${{ matrix.labels }}\norg.opencontainers.image.created=${{ env.SOURCE_DATE }}\n');
    expect(step(push, 'Commit time (reproducible images)')).toBeDefined();
    expect(step(push, 'Build and push').with).toMatchObject({ 'target': '${{ matrix.image }}', 'outputs': 'type=image,push=true,rewrite-timestamp=true', 'provenance': true, 'sbom': true, 'cache-to': 'type=gha,mode=max,scope=${{ matrix.image }}' });
  });

  test('cargo test of the whole workspace before the builds; signing; other registries and prefixes', () => {
    const { wf } = synth({ cargoTest: true, signing: true, registry: Registry.DOCKER_HUB });
    expect(step(wf.jobs.test, 'cargo test').run).toBe('cargo test --locked --workspace');
    expect(wf.jobs.builder.needs).toBe('test');
    expect(wf.jobs.build.needs).toBe('builder');
    expect(wf.jobs.push.permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
    expect(step(wf.jobs.push, 'Sign the image').env.DIGEST).toBe('${{ steps.build.outputs.digest }}');
    expect(wf.jobs.push.strategy.matrix.include[0].name).toBe('docker.io/${{ github.repository }}-api');
    const prefixed = synth({ imageNamePrefix: 'ghcr.io/acme/' }).wf;
    expect(prefixed.jobs.push.strategy.matrix.include.map((i: any) => i.name)).toEqual(['ghcr.io/acme/api', 'ghcr.io/acme/worker']);
    expect(() => synth({ imageNamePrefix: 'quay.io/acme' })).toThrow(/WorkspaceImagesWorkflow \(Dockerfile\): option 'imageNamePrefix' is 'quay.io\/acme', which is not on the registry's host ghcr.io/);
    expect(() => synth({ imageNamePrefix: 'ghcr.io/acme:1' })).toThrow(/without tag/);
  });

  test('label values with ${{ are escaped', () => {
    const project = workspaceProject(['api']);
    new RustWorkspaceImages(project, { labels: { note: 'x ${{ github.token }}' } });
    project.synth();
    const wf = YAML.parse(read(project.outdir, '.github/workflows/docker.yml'));
    expect(wf.jobs.push.strategy.matrix.include[0].labels).toContain('note=x ${{ \'${{\' }} github.token }}');
  });

  test('enabled: false, no GitHub, github: true without GitHub', () => {
    const project = workspaceProject(['api']);
    const images = new RustWorkspaceImages(project, { workflow: { enabled: false } });
    project.synth();
    expect(images.workflow.githubWorkflow).toBeUndefined();
    expect(fs.existsSync(path.join(project.outdir, '.github/workflows/docker.yml'))).toBe(false);
    const bare = workspaceProject(['api'], { gh: false });
    expect(new RustWorkspaceImages(bare).workflow.githubWorkflow).toBeUndefined();
    const bare2 = workspaceProject(['api'], { gh: false });
    expect(() => new RustWorkspaceImages(bare2, { workflow: { github: true } })).toThrow(/option 'github' is true but the root project has no GitHub component/);
  });

  test('a clash with an image workflow of the same name fails either way round, naming workflowName', () => {
    const project = workspaceProject(['api']);
    writeTree(project.outdir, { 'tool/Cargo.toml': crateFiles('tool')['Cargo.toml'] });
    new RustWorkspaceImages(project);
    expect(() => new RustDockerImage(project, { dockerfileName: 'Dockerfile.x', workflow: { workflowName: 'docker' } }))
      .toThrow(/DockerWorkflow \(Dockerfile.x\): option 'workflowName' is 'docker' for two images \(Dockerfile and Dockerfile.x\)/);
    const other = workspaceProject(['api']);
    new RustDockerImage(other, { package: 'api', dockerfileName: 'Dockerfile.api', workflow: { workflowName: 'docker' } });
    expect(() => new RustWorkspaceImages(other)).toThrow(/WorkspaceImagesWorkflow \(Dockerfile\): option 'workflowName' is 'docker' for two images \(Dockerfile.api and Dockerfile\)/);
    const ok = workspaceProject(['api']);
    new RustDockerImage(ok, { package: 'api', dockerfileName: 'Dockerfile.api' });
    expect(new RustWorkspaceImages(ok, { workflow: { workflowName: 'images' } }).workflow.workflowName).toBe('images');
  });
});

describe('drift check', () => {
  test('the only image workflow carries it', () => {
    expect(Object.keys(synth().wf.jobs)).toEqual(['builder', 'build', 'push', 'drift']);
  });

  test('the first image workflow created carries it, of either kind; the others have none', () => {
    const project = workspaceProject(['api']);
    new RustDockerImage(project, { package: 'api', dockerfileName: 'Dockerfile.api' });
    new RustWorkspaceImages(project);
    project.synth();
    expect(Object.keys(YAML.parse(read(project.outdir, '.github/workflows/docker.yml')).jobs)).toEqual(['builder', 'build', 'push']);
    expect(Object.keys(YAML.parse(read(project.outdir, '.github/workflows/docker-api.yml')).jobs)).toContain('drift');
  });

  test('a workspace workflow created before an image workflow carries it', () => {
    const project = workspaceProject(['api']);
    new RustWorkspaceImages(project);
    new RustDockerImage(project, { package: 'api', dockerfileName: 'Dockerfile.api' });
    project.synth();
    expect(Object.keys(YAML.parse(read(project.outdir, '.github/workflows/docker.yml')).jobs)).toContain('drift');
    expect(Object.keys(YAML.parse(read(project.outdir, '.github/workflows/docker-api.yml')).jobs)).toEqual(['build', 'push']);
  });

  test('two workspace workflows: only the first; driftCheck forces it on or off', () => {
    const project = workspaceProject(['api']);
    writeTree(project.outdir, Object.fromEntries(Object.entries(workspaceFiles(['tool'])).map(([f, c]) => [`tools/${f}`, c])));
    new RustWorkspaceImages(project);
    new RustWorkspaceImages(project, { cargoDir: 'tools' });
    project.synth();
    expect(YAML.parse(read(project.outdir, '.github/workflows/docker.yml')).jobs.drift).toBeDefined();
    expect(YAML.parse(read(project.outdir, '.github/workflows/docker-tools.yml')).jobs.drift).toBeUndefined();
    expect(synth({ driftCheck: false }).wf.jobs.drift).toBeUndefined();
  });

  test('a NodeProject with its build workflow has none', () => {
    process.env.PROJEN_DISABLE_POST = 'true';
    const outdir = wsTempDir();
    writeTree(outdir, workspaceFiles(['api']));
    const project = new javascript.NodeProject({ name: 'n', defaultReleaseBranch: 'main', outdir, pullRequestTemplate: false, githubOptions: { mergify: false, pullRequestLint: false } });
    new RustWorkspaceImages(project);
    project.synth();
    expect(YAML.parse(read(outdir, '.github/workflows/docker.yml')).jobs.drift).toBeUndefined();
  });
});

describe('actionlint: zero findings, every action pinned', () => {
  const cases: [string, WorkspaceImagesWorkflowOptions][] = [
    ['defaults', {}],
    ['cargoTest + signing', { cargoTest: true, signing: true }],
    ['Docker Hub, custom triggers', { registry: Registry.DOCKER_HUB, branches: ['main', 'release/**'], tags: ['v*.*.*'] }],
    ['custom registry, prefix, runners', { registry: Registry.custom('registry.example.com:5000', { passwordSecret: 'REG' }), imageNamePrefix: 'registry.example.com:5000/team', runsOn: ['self-hosted', 'linux'], timeoutMinutes: 90 }],
    ['tags only', { branches: [], pullRequests: false, cargoTest: true }],
  ];
  test.each(cases)('%s', async (_title, options) => {
    const { text } = synth(options, ['api', 'worker', 'admin']);
    expect(await lintWorkflow(text, '.github/workflows/docker.yml')).toEqual([]);
    expect(unpinnedUses(text)).toEqual([]);
  });

  test('a workspace in a subproject: paths from the repository root', async () => {
    const root = new Project({ name: 'root', outdir: wsTempDir() });
    new github.GitHub(root, { mergify: false, pullRequestLint: false });
    writeTree(path.join(root.outdir, 'backend'), workspaceFiles(['api', 'worker']));
    const sub = new Project({ name: 'backend', parent: root, outdir: 'backend' });
    const images = new RustWorkspaceImages(sub, { ports: [8080], workflow: { cargoTest: true } });
    root.synth();
    expect(images.workflow.workflowName).toBe('docker-backend');
    expect(fs.existsSync(path.join(root.outdir, 'backend/Dockerfile'))).toBe(true);
    expect(fs.existsSync(path.join(root.outdir, 'backend/docker-bake.hcl'))).toBe(true);
    expect(fs.existsSync(path.join(root.outdir, 'backend/.dockerignore'))).toBe(true);
    expect(fs.existsSync(path.join(root.outdir, 'backend/.github'))).toBe(false);
    const text = read(root.outdir, '.github/workflows/docker-backend.yml');
    const wf = YAML.parse(text);
    expect(step(wf.jobs.build, 'Build the image').with).toMatchObject({ context: 'backend', file: 'backend/Dockerfile' });
    expect(step(wf.jobs.push, 'Build and push').with).toMatchObject({ context: 'backend', file: 'backend/Dockerfile' });
    expect(wf.jobs.test.defaults).toEqual({ run: { 'working-directory': 'backend' } });
    expect(wf.jobs.push.strategy.matrix.include.map((i: any) => i.name)).toEqual(['ghcr.io/${{ github.repository }}/backend-api', 'ghcr.io/${{ github.repository }}/backend-worker']);
    expect(await lintWorkflow(text, '.github/workflows/docker-backend.yml')).toEqual([]);
  });
});
