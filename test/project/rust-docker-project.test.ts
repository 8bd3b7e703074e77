/**
 * RustDockerProject in-process: an empty directory gets a sample std-only service and its
 * image; an existing crate gets a RustDockerImage; a workspace with several binaries gets
 * RustWorkspaceImages. Sample files are never overwritten; Cargo files are never written.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import type { RustDockerProjectOptions } from '../../src';
import { RustDockerProject } from '../../src';
import { crateFiles, writeTree } from '../support/temp-project';
import { read, workspaceFiles, wsTempDir } from '../workspace/support';

process.env.PROJEN_DISABLE_POST = 'true';

function project(dir: string, options: Partial<RustDockerProjectOptions> = {}): RustDockerProject {
  return new RustDockerProject({ name: 'my-svc', defaultReleaseBranch: 'main', outdir: dir, ...options });
}

function tasks(dir: string): { [name: string]: any } {
  return JSON.parse(read(dir, '.projen/tasks.json')).tasks;
}

function cargo(): string {
  const home = path.join(process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'), 'bin', 'cargo');
  return fs.existsSync(home) ? home : 'cargo';
}

describe('RustDockerProject', () => {
  test('an empty directory: a sample service, its Dockerfile, .dockerignore, workflows and tasks', () => {
    const dir = wsTempDir();
    const p = project(dir);
    p.synth();
    expect(p.image).toBeDefined();
    expect(p.workspaceImages).toBeUndefined();
    expect(read(dir, 'Cargo.toml')).toContain('name = "my-svc"');
    expect(read(dir, 'Cargo.lock')).toContain('name = "my-svc"');
    expect(read(dir, 'src/main.rs')).toContain('fn main()');
    const dockerfile = read(dir, 'Dockerfile');
    expect(dockerfile).toContain('cargo build --locked --release --package my-svc --bin my-svc');
    expect(dockerfile).toContain('EXPOSE 8080');
    expect(read(dir, '.dockerignore')).toContain('node_modules/');
    expect(read(dir, '.gitignore')).toContain('/target/');
    const wf = YAML.parse(read(dir, '.github/workflows/docker.yml'));
    // No Node.js build workflow (nothing to build) and no PR title lint: the image workflow
    // builds, tests, and checks that synthesis is committed (its drift job).
    expect(Object.keys(wf.jobs)).toEqual(['build', 'push', 'drift']);
    expect(fs.readdirSync(path.join(dir, '.github/workflows')).sort()).toEqual(['docker.yml']);

    const t = tasks(dir);
    expect(t.default.steps).toEqual([{ exec: 'ts-node --project tsconfig.projen.json .projenrc.ts' }]);
    expect(t['docker:build']).toMatchObject({ cwd: '.', env: { DOCKER_BUILDKIT: '1' }, steps: [{ exec: 'docker build --tag my-svc:latest --file Dockerfile .' }] });
    expect(t['docker:run'].steps).toEqual([{ exec: 'docker run --rm --init --publish 8080:8080 my-svc:latest', receiveArgs: true }]);
    expect(t.plan.steps).toEqual([{ exec: 'projen-rust-docker plan --dir .', receiveArgs: true }]);
    const pkg = JSON.parse(read(dir, 'package.json'));
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['projen', 'ts-node', 'typescript', '@types/node']));
    expect(pkg.main).toBeUndefined();
    expect(JSON.parse(read(dir, 'tsconfig.projen.json').replace(/^\/\/.*\n/, '')).compilerOptions.target).toBe('ES2022');
  });

  test('the sample service compiles with cargo, offline', () => {
    const dir = wsTempDir();
    project(dir).synth();
    execFileSync(cargo(), ['build', '--locked', '--offline', '--quiet'], { cwd: dir, stdio: 'pipe' });
    expect(execFileSync(path.join(dir, 'target/debug/my-svc'), ['--version'], { encoding: 'utf8' })).toBe('my-svc 0.1.0\n');
  }, 120_000);

  test('sample files are never overwritten; the next synthesis follows the edited Cargo files', () => {
    const dir = wsTempDir();
    project(dir).synth();
    const main = `${read(dir, 'src/main.rs')}\n// edited\n`;
    fs.writeFileSync(path.join(dir, 'src/main.rs'), main);
    fs.writeFileSync(path.join(dir, 'Cargo.toml'), read(dir, 'Cargo.toml').replace('rust-version = "1.95"', 'rust-version = "1.90"'));
    project(dir).synth();
    expect(read(dir, 'src/main.rs')).toBe(main);
    expect(read(dir, 'Dockerfile')).toContain('FROM rust:1.90-bookworm AS builder');
  });

  test('an existing crate: no sample files, its Cargo files untouched, one image', () => {
    const dir = wsTempDir();
    writeTree(dir, crateFiles('existing'));
    const before = read(dir, 'Cargo.toml') + read(dir, 'src/main.rs') + read(dir, 'Cargo.lock');
    const p = project(dir, { ports: [3000] });
    p.synth();
    expect(read(dir, 'Cargo.toml') + read(dir, 'src/main.rs') + read(dir, 'Cargo.lock')).toBe(before);
    expect(p.image).toBeDefined();
    expect(read(dir, 'Dockerfile')).toContain('--bin existing');
    expect(read(dir, 'Dockerfile')).toContain('EXPOSE 3000');
    expect(tasks(dir)['docker:run'].steps[0].exec).toBe('docker run --rm --init --publish 3000:3000 my-svc:latest');
  });

  test('a workspace with several binaries: RustWorkspaceImages, a bake file, docker:build bakes', () => {
    const dir = wsTempDir();
    writeTree(dir, workspaceFiles(['api', 'worker']));
    const p = project(dir, { workspaceImagesOptions: { binaries: { api: { ports: [8080] } } } });
    p.synth();
    expect(p.image).toBeUndefined();
    expect(p.workspaceImages?.targets()).toEqual(['api', 'worker']);
    expect(fs.existsSync(path.join(dir, 'docker-bake.hcl'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'src'))).toBe(false);
    const t = tasks(dir);
    expect(t['docker:build'].steps).toEqual([{ exec: 'docker buildx bake --file docker-bake.hcl' }]);
    expect(t['docker:run'].steps).toEqual([{ exec: 'docker run --rm --init', receiveArgs: true }]);
    // The plan task plans like the component the project chose.
    expect(t.plan.steps).toEqual([{ exec: 'projen-rust-docker plan --dir . --workspace', receiveArgs: true }]);
  });

  test('a cargoDir with shell characters is one quoted word in the plan task', () => {
    const dir = wsTempDir();
    writeTree(path.join(dir, 'svc;x'), crateFiles('svc'));
    project(dir, { cargoDir: 'svc;x' }).synth();
    expect(tasks(dir).plan.steps[0].exec).toBe('projen-rust-docker plan --dir \'svc;x\'');
  });

  test('a Cargo project in a subdirectory (cargoDir)', () => {
    const dir = wsTempDir();
    writeTree(path.join(dir, 'rust'), workspaceFiles(['api']));
    const p = project(dir, { cargoDir: 'rust' });
    p.synth();
    expect(p.image?.dockerfilePath).toBe('rust/Dockerfile');
    expect(tasks(dir)['docker:build']).toMatchObject({ cwd: 'rust', steps: [{ exec: 'docker build --tag my-svc:latest --file Dockerfile .' }] });
    expect(tasks(dir).plan.steps[0].exec).toBe('projen-rust-docker plan --dir rust');
    expect(read(dir, '.gitignore')).toContain('/rust/target/');
  });

  test('projenrcTs: false keeps projen\'s default .projenrc.js runner; sampleService: false writes no Rust', () => {
    const dir = wsTempDir();
    writeTree(dir, crateFiles('x'));
    project(dir, { projenrcTs: false }).synth();
    expect(fs.existsSync(path.join(dir, 'tsconfig.projen.json'))).toBe(false);
    // projen 0.103 writes the runner as `execArgs`, older projen (0.100) as one `exec` string.
    expect(tasks(dir).default.steps.map((s: any) => s.execArgs?.join(' ') ?? s.exec)).toEqual(['node .projenrc.js']);
    const empty = wsTempDir();
    expect(() => project(empty, { sampleService: false }).synth()).toThrow(/Cargo.toml/);
    expect(fs.existsSync(path.join(empty, 'src/main.rs'))).toBe(false);
  });
});

describe('RustDockerProject never replaces a file the user owns', () => {
  test('projen\'s own files are guarded too: one error lists them all, and nothing is written', () => {
    const dir = wsTempDir();
    writeTree(dir, { ...crateFiles('svc'), '.gitignore': '/target\n.env\n', 'tsconfig.projen.json': '{ "mine": true }\n' });
    const e = (() => {
      try {
        project(dir).synth();
      } catch (err) {
        return err as Error;
      }
      throw new Error('synthesis did not fail');
    })();
    expect(e.message).toContain('synthesis would overwrite 2 files that projen did not generate, so nothing was written');
    expect(e.message).toContain('  - .gitignore (RustDockerProject): it exists and was not generated by projen');
    expect(e.message).toContain('  - tsconfig.projen.json (RustDockerProject)');
    expect(e.message).toContain('npx projen-rust-docker adopt');
    expect(e.message).toContain('moveExistingFilesAside: true');
    expect(read(dir, '.gitignore')).toBe('/target\n.env\n');
    expect(fs.existsSync(path.join(dir, 'Dockerfile'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'package.json'))).toBe(false);
  });

  test('moveExistingFilesAside: projen\'s files and the image\'s move the user\'s aside, byte-identical', () => {
    const dir = wsTempDir();
    const workflow = 'name: mine\non: push\njobs: {}\n';
    writeTree(dir, { ...crateFiles('svc'), '.gitignore': '/target\n', 'Dockerfile': 'FROM scratch\n', '.github/workflows/docker.yml': workflow });
    project(dir, { moveExistingFilesAside: true }).synth();
    expect(read(dir, '.gitignore.orig')).toBe('/target\n');
    expect(read(dir, 'Dockerfile.orig')).toBe('FROM scratch\n');
    expect(read(dir, '.github/workflows/docker.yml.orig')).toBe(workflow);
    expect(read(dir, 'Dockerfile')).toContain('--bin svc');
    expect(read(dir, '.gitignore')).toContain('~~ Generated by projen');
    // The next synthesis finds projen's files and moves nothing more.
    project(dir, { moveExistingFilesAside: true }).synth();
    expect(fs.existsSync(path.join(dir, 'Dockerfile.orig.1'))).toBe(false);
  });
});
