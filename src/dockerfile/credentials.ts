/**
 * Build credentials in the builder (`privateRegistries`, `gitSsh`): the pinned SSH host keys,
 * and in each step that fetches crates the BuildKit secret and SSH mounts with the variables
 * cargo reads them through. A secret mount is a file under /run/secrets for the length of one
 * step: its value is in no layer, no build argument and no `ENV`, and the step's text in the
 * image history names only the file. Pure.
 */
import type { Instruction } from './model';
import { ins } from './model';
import { shellWord } from '../core/quote';
import type { BuildCredentials } from '../plan/credentials-plan';

/** OpenSSH's system-wide known hosts file (read by every user's `ssh`). */
export const KNOWN_HOSTS_FILE = '/etc/ssh/ssh_known_hosts';

/** Where BuildKit mounts a secret by default. */
export function secretPath(id: string): string {
  return `/run/secrets/${id}`;
}

/**
 * The step that pins the git hosts' keys, before anything is fetched (none without `gitSsh`).
 * The alpine builder installs git and the SSH client first; a Debian builder has them
 * (rust:*-bookworm), and a custom one without them fails here, saying so.
 */
export function knownHostsSetup(credentials: BuildCredentials, builder: 'debian' | 'alpine'): Instruction[] {
  if (!credentials.ssh) {
    return [];
  }
  const tools = builder === 'alpine'
    ? ['apk add --no-cache git openssh-client']
    : ['{ command -v git > /dev/null && command -v ssh > /dev/null; } || { echo "error: the builder image has no git or ssh: git dependencies over SSH need both (add git and openssh-client to builderPackages)." >&2; exit 1; }'];
  return [ins.run([
    ...tools,
    'mkdir -p /etc/ssh',
    `printf '%s\\n' ${credentials.ssh.knownHosts.map(shellWord).join(' ')} > ${KNOWN_HOSTS_FILE}`,
  ], {
    comments: [
      'Git dependencies over SSH: the hosts\' keys are pinned (gitSsh.knownHosts); ssh refuses any other',
      'host or key. Public keys only: the private key stays in the SSH agent the build forwards.',
    ],
  })];
}

/**
 * A step that fetches crates, with the credentials: each registry's token read from its secret
 * mount into `CARGO_REGISTRIES_<NAME>_TOKEN` (a plain assignment, so a failed read fails the
 * step) with the `cargo:token` provider for that registry, and `git` over the forwarded SSH
 * agent. The variables live in this step's shell only. Unchanged without credentials.
 */
export function withCredentials(step: Instruction, credentials: BuildCredentials): Instruction {
  const { registries, ssh } = credentials;
  if (registries.length === 0 && !ssh) {
    return step;
  }
  const names = [...registries.flatMap((r) => [r.providerEnv, r.tokenEnv]), ...(ssh ? ['CARGO_NET_GIT_FETCH_WITH_CLI'] : [])];
  const commands = [
    ...registries.map((r) => `${r.tokenEnv}="$(cat ${secretPath(r.secretId)})"`),
    `export ${[...registries.map((r) => `${r.providerEnv}=cargo:token`), ...registries.map((r) => r.tokenEnv), ...(ssh ? ['CARGO_NET_GIT_FETCH_WITH_CLI=true'] : [])].join(' ')}`,
  ];
  return {
    ...step,
    flags: [
      ...registries.map((r) => `--mount=type=secret,id=${r.secretId},required=true`),
      ...(ssh ? ['--mount=type=ssh,required=true'] : []),
      ...(step.flags ?? []),
    ],
    args: [...commands, ...step.args],
    comments: [
      ...(step.comments ?? []),
      `Credentials for this step only (${names.join(', ')}): ${[
        ...(registries.length ? [`the token${registries.length > 1 ? 's' : ''} of ${registries.map((r) => r.name).join(', ')} from BuildKit secret${registries.length > 1 ? 's' : ''} (${registries.map((r) => r.secretId).join(', ')})`] : []),
        ...(ssh ? ['git over the forwarded SSH agent'] : []),
      ].join('; ')}.`,
      'They never reach a layer: build with ' + buildFlags(credentials).join(' ') + '.',
    ],
  };
}

/** The `docker build` flags a build with these credentials needs (for comments and docs). */
export function buildFlags(credentials: BuildCredentials): string[] {
  return [
    ...credentials.registries.map((r) => `--secret id=${r.secretId},env=${r.tokenEnv}`),
    ...(credentials.ssh ? ['--ssh default'] : []),
  ];
}
