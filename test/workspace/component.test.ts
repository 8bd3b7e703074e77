import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { github, Project } from 'projen';
import * as YAML from 'yaml';
import { bakeTargets, read, stageNames, workspaceFiles, workspaceProject } from './support';
import { RustDockerImage, RustWorkspaceImages } from '../../src';
import { RustDockerError } from '../../src/core/errors';
import { DockerignoreFile } from '../../src/projen/dockerignore-file';
import { writeTree } from '../support/temp-project';

const GENERATED = ['.dockerignore', 'Dockerfile', 'docker-bake.hcl'];

function generatedFiles(project: Project): string[] {
  const list = JSON.parse(read(project.outdir, '.projen/files.json')).files as string[];
  return list.filter((f) => !f.startsWith('.projen/') && !['.gitattributes', '.gitignore'].includes(f)).sort();
}

function workflowMatrix(dir: string): string[] {
  return YAML.parse(read(dir, '.github/workflows/docker.yml')).jobs.build.strategy.matrix.image;
}

describe('RustWorkspaceImages files', () => {
  test('one Dockerfile, one bake file and the .dockerignore at the workspace root; the workflow at the root', () => {
    const project = workspaceProject(['api', 'worker']);
    const images = new RustWorkspaceImages(project, { ports: [8080] });
    project.synth();
    const dir = project.outdir;
    expect(images.dockerfilePath).toBe('Dockerfile');
    expect(images.bakeFilePath).toBe('docker-bake.hcl');
    expect(images.contextDir).toBe('.');
    expect(images.workflow.workflowName).toBe('docker');
    expect(generatedFiles(project)).toEqual(['.dockerignore', '.github/workflows/docker.yml', 'Dockerfile', 'docker-bake.hcl']);
    expect(stageNames(read(dir, 'Dockerfile'))).toEqual(['runtime-libraries', 'builder', 'api', 'worker']);
    expect(bakeTargets(read(dir, 'docker-bake.hcl'))).toEqual(['api', 'worker']);
    const ignore = read(dir, '.dockerignore');
    expect(ignore).toContain('\n/Dockerfile\n/docker-bake.hcl\n/.dockerignore\n');
    expect(ignore).toContain('!/crates/shared/Cargo.toml');
    expect(images.targets()).toEqual(['api', 'worker']);
    for (const file of GENERATED) {
      // Read-only (projen's generated files): no write bit for anyone.
      expect(fs.statSync(path.join(dir, file)).mode.toString(8)).toMatch(/[0145]{3}$/);
    }
  });

  test('adding a member adds its image everywhere; removing one removes it; the set of files never changes', () => {
    const project = workspaceProject(['api', 'worker']);
    new RustWorkspaceImages(project, { ports: [8080] });
    project.synth();
    const dir = project.outdir;
    const before = generatedFiles(project);
    expect(workflowMatrix(dir)).toEqual(['api', 'worker']);

    // A new member: write it, regenerate (a new Project, as `npx projen` does).
    writeTree(dir, workspaceFiles(['api', 'worker', 'billing']));
    const again = new Project({ name: 'root', outdir: dir });
    new github.GitHub(again, { mergify: false, pullRequestLint: false });
    new RustWorkspaceImages(again, { ports: [8080] });
    again.synth();
    expect(stageNames(read(dir, 'Dockerfile'))).toEqual(['runtime-libraries', 'builder', 'api', 'billing', 'worker']);
    expect(read(dir, 'Dockerfile')).toContain('COPY crates/billing/Cargo.toml crates/billing/');
    expect(bakeTargets(read(dir, 'docker-bake.hcl'))).toEqual(['api', 'billing', 'worker']);
    expect(read(dir, 'docker-bake.hcl')).toContain('targets = ["api", "billing", "worker"]');
    expect(workflowMatrix(dir)).toEqual(['api', 'billing', 'worker']);
    expect(read(dir, '.github/workflows/docker.yml')).toContain('Smoke test billing');
    expect(read(dir, '.dockerignore')).toContain('!/crates/billing/Cargo.toml');
    expect(generatedFiles(again)).toEqual(before);

    // Remove the worker member again.
    fs.rmSync(path.join(dir, 'crates/worker'), { recursive: true });
    writeTree(dir, { 'Cargo.toml': workspaceFiles(['api', 'billing'])['Cargo.toml'] });
    const third = new Project({ name: 'root', outdir: dir });
    new github.GitHub(third, { mergify: false, pullRequestLint: false });
    new RustWorkspaceImages(third, { ports: [8080] });
    third.synth();
    expect(stageNames(read(dir, 'Dockerfile'))).toEqual(['runtime-libraries', 'builder', 'api', 'billing']);
    expect(read(dir, 'Dockerfile')).not.toContain('worker');
    expect(bakeTargets(read(dir, 'docker-bake.hcl'))).toEqual(['api', 'billing']);
    expect(workflowMatrix(dir)).toEqual(['api', 'billing']);
    expect(read(dir, '.github/workflows/docker.yml')).not.toContain('worker');
    expect(generatedFiles(third)).toEqual(before);
  });

  test('a second synthesis of the same project picks up Cargo edits (the plan is not cached across syntheses)', () => {
    const project = workspaceProject(['api'], { gh: false });
    new RustWorkspaceImages(project);
    project.synth();
    writeTree(project.outdir, workspaceFiles(['api', 'worker']));
    project.synth();
    expect(stageNames(read(project.outdir, 'Dockerfile'))).toEqual(['runtime-libraries', 'builder', 'api', 'worker']);
  });

  test('cargoDir inside the workspace, custom file names; shares the .dockerignore with a RustDockerImage of the same context', () => {
    const project = workspaceProject([], { gh: false, extra: {} });
    writeTree(project.outdir, Object.fromEntries(Object.entries(workspaceFiles(['api', 'worker'])).map(([f, c]) => [`rust/${f}`, c])));
    const images = new RustWorkspaceImages(project, { cargoDir: 'rust/crates/api', dockerfileName: 'services.Dockerfile', bakeFileName: 'services.hcl' });
    new RustDockerImage(project, { cargoDir: 'rust', package: 'worker', dockerfileName: 'Dockerfile.worker' });
    project.synth();
    expect(images.contextDir).toBe('rust');
    expect(images.dockerfilePath).toBe('rust/services.Dockerfile');
    expect(read(project.outdir, 'rust/services.hcl')).toContain('dockerfile = "services.Dockerfile"');
    expect(stageNames(read(project.outdir, 'rust/services.Dockerfile'))).toEqual(['runtime-libraries', 'builder', 'api', 'worker']);
    expect(read(project.outdir, 'rust/.dockerignore')).toContain('\n/Dockerfile.worker\n/services.Dockerfile\n/services.hcl\n/.dockerignore\n');
  });

  test('construction errors: duplicates, a workspace outside the project, invalid options', () => {
    const project = workspaceProject(['api'], { gh: false });
    new RustWorkspaceImages(project);
    expect(() => new RustWorkspaceImages(project)).toThrow(/Dockerfile is already generated by another component/);
    expect(() => new RustDockerImage(project)).toThrow(/Dockerfile is already generated/);
    expect(() => new RustWorkspaceImages(project, { dockerfileName: 'Dockerfile.x' })).toThrow(/docker-bake.hcl is already generated/);

    const other = workspaceProject(['api'], { gh: false });
    const sub = new Project({ name: 'sub', parent: other, outdir: 'crates/api' });
    expect(() => new RustWorkspaceImages(sub)).toThrow(/belongs to the Cargo workspace at .*outside the project/);

    const fresh = workspaceProject(['api'], { gh: false });
    expect(() => new RustWorkspaceImages(fresh, { bakeFileName: 'a/b.hcl' })).toThrow(/option 'bakeFileName'/);
    expect(() => new RustWorkspaceImages(fresh, { bakeFileName: 'Dockerfile' })).toThrow(/option 'bakeFileName' is "Dockerfile", the same as 'dockerfileName'/);
    expect(() => new RustWorkspaceImages(fresh, { include: [] })).toThrow(/option 'include' is empty/);
    expect(() => new RustWorkspaceImages(fresh, { exclude: ['a b'] })).toThrow(/option 'exclude\[0\]' is "a b"/);
    expect(() => new RustWorkspaceImages(fresh, { binaries: { api: { ports: [0] } } })).toThrow(/option 'binaries.api.ports\[0\]' is 0/);
    expect(() => new RustWorkspaceImages(fresh, { binaries: { 'pkg/api': {} } })).toThrow(/key "pkg\/api", which is not a binary name/);
    expect(() => new RustWorkspaceImages(fresh, { user: 'root' })).toThrow(/option 'user'/);
    // A failed construction leaves nothing behind.
    expect(fresh.tryFindFile('Dockerfile')).toBeUndefined();
  });

  test('synthesis errors name the component and the fix', () => {
    const project = workspaceProject(['api'], { gh: false });
    new RustWorkspaceImages(project, { include: ['worker'] });
    expect(() => project.synth()).toThrow(/^RustWorkspaceImages \(Dockerfile\): option 'include' names 'worker'/);
  });

  test('a Cargo error at synthesis names the workspace component, the file, what is wrong and the fix, as fields', () => {
    const project = workspaceProject(['api'], { gh: false });
    new RustWorkspaceImages(project);
    fs.writeFileSync(path.join(project.outdir, 'crates/api/Cargo.toml'), '[package\nname = "api"\n');
    let caught: unknown;
    try {
      project.synth();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RustDockerError);
    const error = caught as RustDockerError;
    expect(error.component).toBe('RustWorkspaceImages');
    expect(error.subject).toBe('Dockerfile');
    expect(error.file).toBe(path.join(project.outdir, 'crates/api/Cargo.toml'));
    expect(error.line).toBe(1);
    expect(error.fix).toMatch(/cargo rejects this file as well/);
    expect(error.message.startsWith(`RustWorkspaceImages (Dockerfile): ${error.file}:1:`)).toBe(true);
    expect(error.message).not.toMatch(/RustDockerImage/);
  });

  test('the shared .dockerignore names the components that build from its context, not always RustDockerImage', () => {
    const project = workspaceProject(['api'], { gh: false });
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-ignore-'));
    DockerignoreFile.forContext(project, 'elsewhere', empty, 'RustWorkspaceImages');
    expect(() => project.synth()).toThrow(/^RustWorkspaceImages \(elsewhere\/.dockerignore\): .*Cargo\.toml/);
  });
});
