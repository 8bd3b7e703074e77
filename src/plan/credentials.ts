import { RustDockerError } from '../core/errors';

/**
 * A private cargo registry the build fetches crates from, with a token
 * (`ImageBuildOptions.privateRegistries`).
 */
export interface PrivateRegistryOptions {
  /**
   * The registry's name in the workspace's `.cargo/config.toml` (`[registries.<name>]`, whose
   * `index` is its URL), e.g. `corp`. A mirror of crates.io is such a registry too, named by
   * `[source.crates-io] replace-with = "<name>"`. Letters, digits, `-` and `_`, as cargo allows.
   * cargo gets the token as `CARGO_REGISTRIES_<NAME>_TOKEN` (the name in capitals, `-` as `_`),
   * with the `cargo:token` credential provider for that registry.
   */
  readonly name: string;

  /**
   * The name of the CI secret (GitHub Actions secret, GitLab CI/CD variable) that holds the
   * token. The generated jobs pass it to the build as a BuildKit secret, never as a build
   * argument, and to `cargo test` as `CARGO_REGISTRIES_<NAME>_TOKEN`.
   *
   * @default - `CARGO_REGISTRIES_<NAME>_TOKEN`
   */
  readonly ciSecret?: string;
}

/**
 * Git dependencies fetched over SSH (`ImageBuildOptions.gitSsh`): cargo runs `git` with the
 * build's forwarded SSH agent, against pinned host keys.
 */
export interface GitSshOptions {
  /**
   * The SSH host keys the git hosts must present: `KnownHost.GITHUB`, `KnownHost.GITLAB`, or
   * `KnownHost.custom(...)` with the lines of your own server. They are written to the
   * builder's `/etc/ssh/ssh_known_hosts`; a host that is not listed, or presents another key,
   * is refused.
   */
  readonly knownHosts: KnownHost[];

  /**
   * The name of the CI secret that holds the private key (OpenSSH format, e.g. a deploy key
   * with read access to the repositories). The generated jobs load it into an SSH agent and
   * forward the agent to the build (`--ssh default`); the key never enters the build.
   *
   * @default "CARGO_GIT_SSH_KEY"
   */
  readonly ciSecret?: string;
}

/** A host key line's key types, as OpenSSH writes them (`ssh-keyscan`). */
const KEY_TYPES = [
  'ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com',
];

/** One host (`name`, `[name]:port`), or several separated by commas; letters, digits, `.`, `-`, `:` (IPv6). */
const HOSTS = /^(?:[A-Za-z0-9.-]+|\[[A-Za-z0-9.:-]+\]:[0-9]{1,5}|[0-9A-Fa-f:]+)(?:,(?:[A-Za-z0-9.-]+|\[[A-Za-z0-9.:-]+\]:[0-9]{1,5}|[0-9A-Fa-f:]+))*$/;
const KEY = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The problem with a `known_hosts` line (`host[,host...] key-type base64-key`, as
 * `ssh-keyscan` prints it), or undefined when it is one.
 */
export function knownHostLineProblem(line: string): string | undefined {
  if (typeof line !== 'string') {
    return 'is not a string';
  }
  const parts = line.split(' ');
  if (parts.length !== 3) {
    return 'must be three fields separated by single spaces: the host, the key type and the key (no comment, no marker such as @cert-authority, no hashed host)';
  }
  const [hosts, type, key] = parts;
  if (!HOSTS.test(hosts)) {
    return `names the host ${JSON.stringify(hosts)}: use a host name or address, or [host]:port for another port than 22 (several separated by commas)`;
  }
  if (!KEY_TYPES.includes(type)) {
    return `has the key type ${JSON.stringify(type)}, which is none of ${KEY_TYPES.join(', ')}`;
  }
  if (!KEY.test(key) || Buffer.from(key, 'base64').length < 32) {
    return 'has a key that is not the base64 of an SSH public key';
  }
  return undefined;
}

/**
 * Pinned SSH host keys for `GitSshOptions.knownHosts`.
 */
export class KnownHost {
  /**
   * github.com's host keys (Ed25519, ECDSA, RSA), as GitHub publishes them: "GitHub's SSH key
   * fingerprints" (docs.github.com), SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU (Ed25519),
   * SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM (ECDSA), SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s (RSA).
   */
  public static readonly GITHUB = new KnownHost('github.com', [
    'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
    'github.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=',
    'github.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCj7ndNxQowgcQnjshcLrqPEiiphnt+VTTvDP6mHBL9j1aNUkY4Ue1gvwnGLVlOhGeYrnZaMgRK6+PKCUXaDbC7qtbW8gIkhL7aGCsOr/C56SJMy/BCZfxd1nWzAOxSDPgVsmerOBYfNqltV9/hWCqBywINIR+5dIg6JTJ72pcEpEjcYgXkE2YEFXV1JHnsKgbLWNlhScqb2UmyRkQyytRLtL+38TGxkxCflmO+5Z8CSSNY7GidjMIZ7Q4zMjA2n1nGrlTDkzwDCsw+wqFPGQA179cnfGWOWRVruj16z6XyvxvjJwbz0wQZ75XK5tKSb7FNyeIEs4TT4jk+S4dhPeAUC5y+bDYirYgM4GC7uEnztnZyaVWQ7B381AK4Qdrwt51ZqExKbQpTUNn+EjqoTwvqNj4kqx5QUCI0ThS/YkOxJCXmPUWZbhjpCg56i+2aB6CmK2JGhn57K5mj0MNdBXA4/WnwH6XoPWJzK5Nyu2zB3nAZp+S5hpQs+p1vN1/wsjk=',
  ]);

  /**
   * gitlab.com's host keys (Ed25519, ECDSA, RSA), as GitLab publishes their fingerprints
   * (docs.gitlab.com, "SSH host keys fingerprints"): SHA256:eUXGGm1YGsMAS7vkcx6JOJdOGHPem5gQp4taiCfCLB8 (Ed25519),
   * SHA256:HbW3g8zUjNSksFbqTiUWPWg2Bq1x8xdGUrliXFzSnUw (ECDSA), SHA256:ROQFvPThGrW4RuWLoL9tq9I9zJ42fK4XywyRtbOz/EQ (RSA).
   */
  public static readonly GITLAB = new KnownHost('gitlab.com', [
    'gitlab.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAfuCHKVTjquxvt6CM6tdG4SLp1Btn/nOeHHE5UOzRdf',
    'gitlab.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBFSMqzJeV9rUzU4kWitGjeR4PWSa29SPqJ1fVkhtj3Hw9xjLVXVYrU9QlYWrOLXBpQ6KWjbjTDTdDkoohFzgbEY=',
    'gitlab.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCsj2bNKTBSpIYDEGk9KxsGh3mySTRgMtXL583qmBpzeQ+jqCMRgBqB98u3z++J1sKlXHWfM9dyhSevkMwSbhoR8XIq/U0tCNyokEi/ueaBMCvbcTHhO7FcwzY92WK4Yt0aGROY5qX2UKSeOvuP4D6TPqKF1onrSzH9bx9XUf2lEdWT/ia1NEKjunUqu1xOB/StKDHMoX4/OKyIzuS0q/T1zOATthvasJFoPrAjkohTyaDUz2LN5JoH839hViyEG82yB+MjcFV5MU3N1l1QL3cVUCh93xSaua1N85qivl+siMkPGbO5xR/En4iEY6K2XPASUEMaieWVNTRCtJ4S8H+9',
  ]);

  /**
   * Your own host's keys: `known_hosts` lines as `ssh-keyscan` prints them (`host key-type key`;
   * `[host]:port` for another port than 22). Check them against the fingerprints your server's
   * administrator publishes (`ssh-keygen -lf <file>`) before you pin them.
   *
   * @param lines one or more `known_hosts` lines
   */
  public static custom(...lines: string[]): KnownHost {
    if (lines.length === 0) {
      throw new RustDockerError({ option: 'KnownHost.custom', problem: 'was given no line.', fix: 'Pass the host\'s known_hosts lines, e.g. KnownHost.custom(\'git.example.com ssh-ed25519 AAAA...\').' });
    }
    for (const line of lines) {
      const problem = knownHostLineProblem(line);
      if (problem) {
        throw new RustDockerError({
          option: 'KnownHost.custom',
          problem: `${JSON.stringify(typeof line === 'string' ? line.slice(0, 80) : line)} ${problem}.`,
          fix: 'Pass known_hosts lines as `ssh-keyscan -t ed25519 <host>` prints them (without its # comment lines), e.g. \'git.example.com ssh-ed25519 AAAAC3Nza...\'.',
        });
      }
    }
    return new KnownHost(lines[0].split(' ')[0], lines);
  }

  /** The host (or hosts) of the first line, e.g. `github.com`. */
  public readonly hosts: string;

  /** The `known_hosts` lines. */
  public readonly lines: string[];

  private constructor(hosts: string, lines: string[]) {
    this.hosts = hosts;
    this.lines = lines;
  }
}
