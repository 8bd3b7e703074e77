/**
 * Build credentials in the generated CI (src/ci/credentials.ts): the GitHub jobs (build, push,
 * cargo test; the workspace's builder, matrix and push jobs) and the GitLab jobs pass the tokens
 * as BuildKit secrets from the CI secrets and forward an SSH agent holding the key; linted with
 * actionlint and shellcheck. The bake file carries the same settings.
 */
import * as YAML from 'yaml';
import { actionlint, githubProject, gitlabProject, readText, readWorkflow, shellcheck, step, withShellcheck } from './support';
import type { RustDockerImageOptions } from '../../src';
import { KnownHost, RustDockerImage, RustWorkspaceImages } from '../../src';
import { crateFiles } from '../support/temp-project';
import { read, workspaceProject } from '../workspace/support';

const CONFIG = { '.cargo/config.toml': '[registries.corp]\nindex = "sparse+https://crates.corp.example/index/"\n' };
const CREDENTIALS: RustDockerImageOptions = {
  ports: [8080],
  privateRegistries: [{ name: 'corp' }],
  gitSsh: { knownHosts: [KnownHost.GITHUB], ciSecret: 'DEPLOY_KEY' },
};

function githubWorkflow(image: RustDockerImageOptions, cargoTest = true): { text: string; workflow: any } {
  const project = githubProject({ ...crateFiles('svc'), ...CONFIG });
  new RustDockerImage(project, { ...image, workflow: { cargoTest } });
  project.synth();
  return { text: readText(project.outdir, '.github/workflows/docker.yml'), workflow: readWorkflow(project.outdir) };
}

describe('GitHub', () => {
  const { text, workflow } = githubWorkflow(CREDENTIALS);

  test('every job that builds loads the key into an agent, then builds with secret-envs and ssh', () => {
    for (const id of ['build', 'push']) {
      const job = workflow.jobs[id];
      const agent = step(job, 'Load the SSH key for git dependencies');
      expect(agent.env).toEqual({ SSH_KEY: '${{ secrets.DEPLOY_KEY }}' });
      expect(agent.run).toContain('ssh-agent -a "$RUNNER_TEMP/ssh-agent.sock"');
      expect(agent.run).toContain('echo "SSH_AUTH_SOCK=$RUNNER_TEMP/ssh-agent.sock" >> "$GITHUB_ENV"');
      const build = job.steps.find((s: any) => s.id === 'build');
      expect(job.steps.indexOf(agent)).toBeLessThan(job.steps.indexOf(build));
      expect(build.with['secret-envs']).toBe('cargo-registry-corp=CARGO_REGISTRIES_CORP_TOKEN\n');
      expect(build.with.ssh).toBe('default');
      expect(build.env).toEqual({ CARGO_REGISTRIES_CORP_TOKEN: '${{ secrets.CARGO_REGISTRIES_CORP_TOKEN }}' });
      // Never a build argument.
      expect(build.with['build-args']).toBeUndefined();
    }
  });

  test('cargo test: the agent, the pinned keys in ~/.ssh/known_hosts, and cargo\'s variables on its step', () => {
    const job = workflow.jobs.test;
    expect(step(job, 'Load the SSH key for git dependencies')).toBeDefined();
    expect(step(job, 'Pin the git hosts\' SSH keys').run).toContain(KnownHost.GITHUB.lines[0]);
    expect(step(job, 'cargo test').env).toEqual({
      CARGO_REGISTRIES_CORP_CREDENTIAL_PROVIDER: 'cargo:token',
      CARGO_REGISTRIES_CORP_TOKEN: '${{ secrets.CARGO_REGISTRIES_CORP_TOKEN }}',
      CARGO_NET_GIT_FETCH_WITH_CLI: 'true',
    });
  });

  test('the secrets appear only as secrets.<name> expressions; actionlint finds nothing', async () => {
    expect(await actionlint(text, 'docker.yml')).toEqual([]);
    // (GITHUB_TOKEN: the push job's login to GHCR.)
    expect(text.match(/\$\{\{ secrets\.[A-Z_]+ \}\}/g)?.filter((s) => !s.includes('GITHUB_TOKEN')).sort()).toEqual([
      ...Array(3).fill('${{ secrets.CARGO_REGISTRIES_CORP_TOKEN }}'),
      ...Array(3).fill('${{ secrets.DEPLOY_KEY }}'),
    ].sort());
  });

  withShellcheck('the agent and known-hosts scripts pass shellcheck', () => {
    expect(shellcheck(step(workflow.jobs.build, 'Load the SSH key for git dependencies').run, 'bash')).toBe('');
    expect(shellcheck(step(workflow.jobs.test, 'Pin the git hosts\' SSH keys').run, 'bash')).toBe('');
  });

  test('without credential options: no agent, no secret-envs, no env on the build', () => {
    const plain = githubWorkflow({ ports: [8080] }).workflow;
    expect(JSON.stringify(plain)).not.toMatch(/ssh-agent|secret-envs|CARGO_REGISTRIES|"ssh"/);
  });

  test('registries only: no agent and no ssh input', () => {
    const only = githubWorkflow({ ports: [8080], privateRegistries: [{ name: 'corp', ciSecret: 'CORP' }] }).workflow;
    const build = only.jobs.build.steps.find((s: any) => s.id === 'build');
    expect(build.env).toEqual({ CARGO_REGISTRIES_CORP_TOKEN: '${{ secrets.CORP }}' });
    expect(build.with.ssh).toBeUndefined();
    expect(JSON.stringify(only)).not.toContain('ssh-agent');
  });
});

describe('GitLab', () => {
  const project = gitlabProject({ ...crateFiles('svc'), ...CONFIG });
  new RustDockerImage(project, { ...CREDENTIALS, workflow: { cargoTest: true } });
  project.synth();
  const ci = YAML.parse(readText(project.outdir, '.gitlab-ci.yml'));

  test('build and push: the agent in before_script (the SSH client from apk), --secret from the variable and --ssh', () => {
    for (const job of [ci['docker-build'], ci['docker-push']]) {
      expect(job.before_script).toEqual(expect.arrayContaining(['apk add --no-cache openssh-client', 'eval "$(ssh-agent -s)"', 'printf \'%s\\n\' "$DEPLOY_KEY" | ssh-add -']));
      const build = job.script.find((l: string) => l.startsWith('docker buildx build'));
      expect(build).toContain('--secret id=cargo-registry-corp,env=CARGO_REGISTRIES_CORP_TOKEN');
      expect(build).toContain('--ssh default');
      expect(build).not.toContain('--build-arg');
    }
  });

  test('cargo test: the agent and the pinned keys in the script; the provider as a variable, the token already named as cargo reads it', () => {
    const job = ci['docker-test'];
    expect(job.variables).toEqual({ CARGO_HOME: '$CI_PROJECT_DIR/.cargo-home', CARGO_REGISTRIES_CORP_CREDENTIAL_PROVIDER: 'cargo:token', CARGO_NET_GIT_FETCH_WITH_CLI: 'true' });
    expect(job.script.slice(0, 4)).toEqual(['eval "$(ssh-agent -s)"', 'printf \'%s\\n\' "$DEPLOY_KEY" | ssh-add -', 'mkdir -p ~/.ssh', expect.stringContaining('>> ~/.ssh/known_hosts')]);
  });

  test('a CI/CD variable of another name is mapped to cargo\'s', () => {
    const other = gitlabProject({ ...crateFiles('svc'), ...CONFIG });
    new RustDockerImage(other, { privateRegistries: [{ name: 'corp', ciSecret: 'CORP_TOKEN' }], workflow: { cargoTest: true } });
    other.synth();
    const parsed = YAML.parse(readText(other.outdir, '.gitlab-ci.yml'));
    expect(parsed['docker-test'].variables.CARGO_REGISTRIES_CORP_TOKEN).toBe('$CORP_TOKEN');
    expect(parsed['docker-build'].script.join('\n')).toContain('--secret id=cargo-registry-corp,env=CORP_TOKEN');
  });

  withShellcheck('the scripts pass shellcheck (sh)', () => {
    for (const job of [ci['docker-build'], ci['docker-test']]) {
      expect(shellcheck([...(job.before_script ?? []), ...job.script].join('\n') + '\n', 'sh')).toBe('');
    }
  });
});

describe('workspace images', () => {
  const project = workspaceProject(['api', 'worker'], { extra: CONFIG });
  new RustWorkspaceImages(project, { privateRegistries: [{ name: 'corp' }], gitSsh: { knownHosts: [KnownHost.GITLAB] }, workflow: { cargoTest: true } });
  project.synth();

  test('the builder, matrix and push jobs load the agent and pass the secrets; cargo test gets the variables', async () => {
    const text = read(project.outdir, '.github/workflows/docker.yml');
    const workflow = YAML.parse(text);
    for (const id of ['builder', 'build', 'push']) {
      const job = workflow.jobs[id];
      expect(step(job, 'Load the SSH key for git dependencies').env).toEqual({ SSH_KEY: '${{ secrets.CARGO_GIT_SSH_KEY }}' });
      const build = job.steps.find((s: any) => s.id === 'build');
      expect(build.with['secret-envs']).toBe('cargo-registry-corp=CARGO_REGISTRIES_CORP_TOKEN\n');
      expect(build.with.ssh).toBe('default');
    }
    expect(step(workflow.jobs.test, 'cargo test').env.CARGO_REGISTRIES_CORP_TOKEN).toBe('${{ secrets.CARGO_REGISTRIES_CORP_TOKEN }}');
    expect(await actionlint(text, 'docker.yml')).toEqual([]);
  });

  test('the bake file: every target reads the token from the shell and forwards the agent', () => {
    const bake = read(project.outdir, 'docker-bake.hcl');
    expect(bake.match(/ {2}secret {5}= \["id=cargo-registry-corp,env=CARGO_REGISTRIES_CORP_TOKEN"\]/g)).toHaveLength(2);
    expect(bake.match(/ {2}ssh {8}= \["default"\]/g)).toHaveLength(2);
    expect(bake).toContain('# Credentials (read from this shell, never written to a layer): CARGO_REGISTRIES_CORP_TOKEN for the private registries; an SSH agent (SSH_AUTH_SOCK)');
  });
});
