/**
 * Build credentials (`privateRegistries`, `gitSsh`): their validation and their plan, which the
 * Dockerfile (secret and SSH mounts in the steps that fetch) and the CI jobs (the secrets they
 * pass) both render from. Pure.
 */
import type { GitSshOptions, PrivateRegistryOptions } from './credentials';
import { KnownHost } from './credentials';
import type { CargoWorkspace } from '../cargo/model';
import { RustDockerError } from '../core/errors';

/** A private registry as the build and the CI jobs use it. */
export interface PlannedRegistry {
  /** The registry's name (`[registries.<name>]`). */
  readonly name: string;
  /** The BuildKit secret id, `cargo-registry-<name>`. */
  readonly secretId: string;
  /** `CARGO_REGISTRIES_<NAME>_TOKEN`. */
  readonly tokenEnv: string;
  /** `CARGO_REGISTRIES_<NAME>_CREDENTIAL_PROVIDER` (set to `cargo:token`: cargo refuses an authenticated registry without a provider). */
  readonly providerEnv: string;
  /** The CI secret that holds the token. */
  readonly ciSecret: string;
}

/** Git over SSH as the build and the CI jobs use it. */
export interface PlannedSsh {
  /** Every pinned `known_hosts` line, in the option's order, unique. */
  readonly knownHosts: string[];
  /** The CI secret that holds the private key. */
  readonly ciSecret: string;
}

/** What the steps that fetch crates need besides the network. */
export interface BuildCredentials {
  readonly registries: PlannedRegistry[];
  readonly ssh?: PlannedSsh;
}

export const NO_CREDENTIALS: BuildCredentials = { registries: [] };

/** The CI secret that holds the SSH key when `gitSsh.ciSecret` is not given. */
export const DEFAULT_SSH_SECRET = 'CARGO_GIT_SSH_KEY';

/** cargo's rule for registry names: letters, digits, `-` and `_`, not starting with a digit or `-`. */
const REGISTRY_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** A name GitHub secrets and GitLab variables both take (and shells can expand). */
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The environment variable name cargo reads a registry's setting from: `CARGO_REGISTRIES_<NAME>_<KEY>`. */
export function registryEnv(name: string, key: 'TOKEN' | 'CREDENTIAL_PROVIDER'): string {
  return `CARGO_REGISTRIES_${name.toUpperCase().replace(/-/g, '_')}_${key}`;
}

interface CredentialOptions {
  readonly privateRegistries?: PrivateRegistryOptions[];
  readonly gitSsh?: GitSshOptions;
}

function fail(option: string, problem: string, fix: string): never {
  throw new RustDockerError({ option, problem, fix });
}

function checkSecretName(option: string, value: unknown): void {
  if (value === undefined) {
    return;
  }
  if (typeof value !== 'string' || !SECRET_NAME.test(value) || /^GITHUB_/i.test(value)) {
    fail(option, `is ${JSON.stringify(value)}, which is not a CI secret name.`,
      'Use letters, digits and _, not starting with a digit or GITHUB_ (GitHub secrets and GitLab CI/CD variables both take it), e.g. "CARGO_REGISTRIES_CORP_TOKEN".');
  }
}

/** Checks the options on their own (the cargo config is checked when planning). */
export function validateCredentialOptions(options: CredentialOptions): void {
  const registries = options.privateRegistries;
  if (registries !== undefined) {
    if (!Array.isArray(registries)) {
      fail('privateRegistries', `is ${typeof registries}, not a list.`, 'Write privateRegistries: [{ name: \'corp\' }].');
    }
    const envs = new Map<string, string>();
    registries.forEach((r: PrivateRegistryOptions, i) => {
      const at = `privateRegistries[${i}]`;
      if (typeof r !== 'object' || r === null) {
        fail(at, `is ${JSON.stringify(r)}, not an object.`, 'Write { name: \'corp\' }, the name of [registries.corp] in .cargo/config.toml.');
      }
      if (typeof r.name !== 'string' || !REGISTRY_NAME.test(r.name)) {
        fail(`${at}.name`, `is ${JSON.stringify(r.name)}, which cargo does not take as a registry name.`,
          'Use the name of a [registries.<name>] table of .cargo/config.toml: letters, digits, - and _, not starting with a digit or -.');
      }
      if (r.name === 'crates-io') {
        fail(`${at}.name`, 'is "crates-io": crates.io needs no token to download crates.',
          'Name the private registry, or the mirror that replaces crates.io ([source.crates-io] replace-with = "<name>").');
      }
      const env = registryEnv(r.name, 'TOKEN');
      const other = envs.get(env);
      if (other !== undefined) {
        fail(`${at}.name`, `"${r.name}" and "${other}" give cargo the same variable, ${env}.`, 'List each registry once.');
      }
      envs.set(env, r.name);
      checkSecretName(`${at}.ciSecret`, r.ciSecret);
    });
  }
  const ssh = options.gitSsh;
  if (ssh !== undefined) {
    if (typeof ssh !== 'object' || ssh === null) {
      fail('gitSsh', `is ${JSON.stringify(ssh)}, not an object.`, 'Write gitSsh: { knownHosts: [KnownHost.GITHUB] }.');
    }
    if (!Array.isArray(ssh.knownHosts) || ssh.knownHosts.length === 0) {
      fail('gitSsh.knownHosts', 'is empty or not a list: without pinned host keys every git host is refused.',
        'List the hosts of your git dependencies, e.g. knownHosts: [KnownHost.GITHUB] or [KnownHost.custom(\'git.example.com ssh-ed25519 AAAA...\')].');
    }
    ssh.knownHosts.forEach((h, i) => {
      if (!(h instanceof KnownHost)) {
        fail(`gitSsh.knownHosts[${i}]`, `is ${JSON.stringify(h)}, not a KnownHost.`, 'Use KnownHost.GITHUB, KnownHost.GITLAB or KnownHost.custom(\'<known_hosts line>\').');
      }
    });
    checkSecretName('gitSsh.ciSecret', ssh.ciSecret);
  }
}

/**
 * The credentials of a build. Every private registry must be declared in the workspace's cargo
 * config: it is the only cargo config the builder sees (it is copied in; CARGO_HOME's is not).
 * The options must have passed `validateCredentialOptions` (`validateOptions` runs it).
 */
export function planCredentials(options: CredentialOptions, workspace: CargoWorkspace): BuildCredentials {
  // (The options were checked with the others: validateOptions.)
  const declared = workspace.cargoConfig.registries ?? [];
  const registries = (options.privateRegistries ?? []).map((r, i): PlannedRegistry => {
    if (!declared.includes(r.name)) {
      const file = workspace.cargoConfig.file ?? '.cargo/config.toml';
      throw new RustDockerError({
        option: `privateRegistries[${i}].name`,
        problem: `is "${r.name}", which ${workspace.cargoConfig.file ? `${file} does not declare` : 'no cargo config of the workspace declares (there is no .cargo/config.toml)'}${declared.length ? ` (it declares ${declared.map((d) => `"${d}"`).join(', ')})` : ''}. The builder sees only the workspace's cargo config.`,
        fix: `Add the registry to ${file}: [registries.${r.name}] index = "sparse+https://<host>/<path>/", or name one it declares.`,
      });
    }
    return {
      name: r.name,
      secretId: `cargo-registry-${r.name}`,
      tokenEnv: registryEnv(r.name, 'TOKEN'),
      providerEnv: registryEnv(r.name, 'CREDENTIAL_PROVIDER'),
      ciSecret: r.ciSecret ?? registryEnv(r.name, 'TOKEN'),
    };
  });
  const ssh = options.gitSsh;
  return {
    registries,
    ...(ssh ? { ssh: { knownHosts: [...new Set(ssh.knownHosts.flatMap((h) => h.lines))], ciSecret: ssh.ciSecret ?? DEFAULT_SSH_SECRET } } : {}),
  };
}
