/**
 * Build credentials in the generated CI jobs (`privateRegistries`, `gitSsh`): what the GitHub
 * and GitLab jobs that build an image, and those that run `cargo test`, add. Tokens go to the
 * build as BuildKit secrets read from the job's environment (never a build argument); the SSH
 * key goes into an agent the build reaches through `--ssh default` (never a file the build
 * sees). Pure.
 */
import type { github } from 'projen';
import { shellWord } from '../core/quote';
import type { BuildCredentials } from '../plan/credentials-plan';

type JobStep = github.workflows.JobStep;

/** The agent's socket on a GitHub runner (one per job). */
const GITHUB_AGENT = '$RUNNER_TEMP/ssh-agent.sock';

function any(c: BuildCredentials | undefined): c is BuildCredentials {
  return c !== undefined && (c.registries.length > 0 || c.ssh !== undefined);
}

/** GitHub: the step that loads the SSH key into an agent for the later steps (none without `gitSsh`). */
export function githubSshAgent(c: BuildCredentials | undefined): JobStep[] {
  if (!c?.ssh) {
    return [];
  }
  return [{
    name: 'Load the SSH key for git dependencies',
    env: { SSH_KEY: `\${{ secrets.${c.ssh.ciSecret} }}` },
    run: [
      `ssh-agent -a "${GITHUB_AGENT}" > /dev/null`,
      `echo "SSH_AUTH_SOCK=${GITHUB_AGENT}" >> "$GITHUB_ENV"`,
      `printf '%s\\n' "$SSH_KEY" | SSH_AUTH_SOCK="${GITHUB_AGENT}" ssh-add -`,
    ].join('\n') + '\n',
  }];
}

/**
 * GitHub: docker/build-push-action's inputs and the step's environment for the credentials:
 * each token in the step's environment under its cargo name, handed over with `secret-envs`
 * (`<secret id>=<variable>`), and `ssh: default` (the agent of `githubSshAgent`).
 */
export function githubBuildCredentials(c: BuildCredentials | undefined): { with: { [key: string]: string }; env: { [key: string]: string } } {
  if (!any(c)) {
    return { with: {}, env: {} };
  }
  return {
    with: {
      ...(c.registries.length ? { 'secret-envs': c.registries.map((r) => `${r.secretId}=${r.tokenEnv}\n`).join('') } : {}),
      ...(c.ssh ? { ssh: 'default' } : {}),
    },
    env: Object.fromEntries(c.registries.map((r) => [r.tokenEnv, `\${{ secrets.${r.ciSecret} }}`])),
  };
}

/**
 * GitHub `cargo test` on the runner: the steps before it (the agent, the pinned host keys in
 * `~/.ssh/known_hosts`) and the variables of its step (tokens, providers, git over the CLI).
 */
export function githubCargoCredentials(c: BuildCredentials | undefined): { steps: JobStep[]; env: { [key: string]: string } } {
  if (!any(c)) {
    return { steps: [], env: {} };
  }
  return {
    steps: [
      ...githubSshAgent(c),
      ...(c.ssh ? [{
        name: 'Pin the git hosts\' SSH keys',
        run: `mkdir -p ~/.ssh\nprintf '%s\\n' ${c.ssh.knownHosts.map(shellWord).join(' ')} >> ~/.ssh/known_hosts\n`,
      }] : []),
    ],
    env: cargoVariables(c, (r) => `\${{ secrets.${r} }}`),
  };
}

/** The variables cargo reads the credentials from, each token's value written by `secret`. */
function cargoVariables(c: BuildCredentials, secret: (name: string) => string): { [key: string]: string } {
  return {
    ...Object.fromEntries(c.registries.flatMap((r) => [[r.providerEnv, 'cargo:token'], [r.tokenEnv, secret(r.ciSecret)]])),
    ...(c.ssh ? { CARGO_NET_GIT_FETCH_WITH_CLI: 'true' } : {}),
  };
}

/**
 * GitLab `docker buildx build` flags: each token from the job's CI/CD variable (`env=`), and
 * the agent of `gitlabSshAgent`.
 */
export function gitlabBuildFlags(c: BuildCredentials | undefined): string[] {
  if (!any(c)) {
    return [];
  }
  return [
    ...c.registries.map((r) => `--secret id=${r.secretId},env=${r.ciSecret}`),
    ...(c.ssh ? ['--ssh default'] : []),
  ];
}

/**
 * GitLab: script lines that start an agent with the key of the CI/CD variable (the docker
 * image is Alpine's: the SSH client comes from apk); the Debian builder of `cargo test` has it.
 */
export function gitlabSshAgent(c: BuildCredentials | undefined, alpine: boolean): string[] {
  if (!c?.ssh) {
    return [];
  }
  return [
    ...(alpine ? ['apk add --no-cache openssh-client'] : []),
    'eval "$(ssh-agent -s)"',
    `printf '%s\\n' "$${c.ssh.ciSecret}" | ssh-add -`,
  ];
}

/** GitLab `cargo test`: the agent, the pinned host keys, and the variables (tokens from the CI/CD variables). */
export function gitlabCargoCredentials(c: BuildCredentials | undefined): { script: string[]; variables: { [key: string]: string } } {
  if (!any(c)) {
    return { script: [], variables: {} };
  }
  return {
    script: [
      ...gitlabSshAgent(c, false),
      ...(c.ssh ? ['mkdir -p ~/.ssh', `printf '%s\\n' ${c.ssh.knownHosts.map(shellWord).join(' ')} >> ~/.ssh/known_hosts`] : []),
    ],
    // A token whose CI/CD variable already has cargo's name is in the job's environment as it is.
    variables: Object.fromEntries(Object.entries(cargoVariables(c, (name) => `$${name}`)).filter(([k, v]) => v !== `$${k}`)),
  };
}
