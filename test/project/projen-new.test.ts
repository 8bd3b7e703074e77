/**
 * `projen new --from <this package> rust-docker`, for real: the library is compiled with jsii
 * and packed with npm in a temporary copy (never in the checkout), then projen's own CLI
 * creates projects from the tarball in temporary directories, without post-synthesis
 * installs (`--no-post`) and without git. npm installs projen (pinned to this repository's
 * version) and the tarball there; with a warm npm cache that needs no network.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { crateFiles, writeTree } from '../support/temp-project';
import { read, workspaceFiles, wsTempDir } from '../workspace/support';

const REPO = path.resolve(__dirname, '..', '..');
const PROJEN_CLI = path.join(REPO, 'node_modules', 'projen', 'bin', 'projen');
const PROJEN_VERSION = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', 'projen', 'package.json'), 'utf8')).version as string;
const TIMEOUT = 300_000;

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', PROJEN_DISABLE_POST: 'true' },
      timeout: TIMEOUT,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} in ${cwd} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

/** Compiles the library with jsii in a temporary copy and packs it; returns the tarball. */
function packLibrary(): string {
  const dir = wsTempDir();
  for (const entry of ['package.json', 'tsconfig.json', 'README.md', 'LICENSE', '.npmignore', 'bin', 'src']) {
    fs.cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  run(path.join(REPO, 'node_modules', '.bin', 'jsii'), ['--silence-warnings=reserved-word'], dir);
  const out = wsTempDir();
  run('npm', ['pack', '--pack-destination', out], dir);
  const [tarball] = fs.readdirSync(out).filter((f) => f.endsWith('.tgz'));
  return path.join(out, tarball);
}

function projenNew(dir: string, tarball: string): string {
  return run('node', [PROJEN_CLI, 'new', '--from', tarball, 'rust-docker', '--projen-version', PROJEN_VERSION, '--no-post', '--no-git'], dir);
}

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
    const output = projenNew(dir, tarball);
    expect(output + '').toBeDefined();
    const rc = read(dir, '.projenrc.ts');
    expect(rc).toContain('import { RustDockerProject } from "projen-rust-docker";');
    expect(rc).toContain(`name: "${path.basename(dir)}"`);
    expect(rc).toContain('project.synth();');
    for (const file of ['package.json', 'tsconfig.projen.json', '.projen/tasks.json', 'Cargo.toml', 'Cargo.lock', 'src/main.rs', 'Dockerfile', '.dockerignore', '.github/workflows/docker.yml', '.github/workflows/build.yml']) {
      expect(fs.existsSync(path.join(dir, file))).toBe(true);
    }
    expect(read(dir, 'Dockerfile')).toContain('EXPOSE 8080');
    const tasks = JSON.parse(read(dir, '.projen/tasks.json')).tasks;
    expect(Object.keys(tasks)).toEqual(expect.arrayContaining(['docker:build', 'docker:run', 'plan']));
    expect(tasks.default.steps).toEqual([{ exec: 'ts-node --project tsconfig.projen.json .projenrc.ts' }]);
    expect(YAML.parse(read(dir, '.github/workflows/docker.yml')).jobs.build).toBeDefined();
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
    expect([...read(dir, 'Dockerfile').matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1])).toEqual(['builder', 'api', 'worker']);
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
