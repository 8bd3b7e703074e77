import { IMAGE_NAME_EXPRESSIONS, REGISTRY_HOST, registryPathProblem, usernameProblem } from './validate';
import { RustDockerError } from '../core/errors';
import { describeValue, printable } from '../core/rules';

/**
 * Options for `Registry.custom()`.
 */
export interface CustomRegistryOptions {
  /**
   * The user name to log in with: a literal, or a GitHub expression such as
   * `${{ secrets.REGISTRY_USER }}`. No line breaks, control characters or spaces (outside an
   * expression).
   *
   * @default "${{ github.actor }}"
   */
  readonly username?: string;

  /**
   * Name of the GitHub Actions secret that holds the password or access token.
   *
   * @default "REGISTRY_PASSWORD"
   */
  readonly passwordSecret?: string;

  /**
   * The path under the host where images go; the default image name is
   * `<host>/<pathPrefix>` (plus `/<image key>` for images other than the root `Dockerfile`).
   * Registry path components (lowercase letters and digits joined by `.`, `_` or `-`)
   * separated by `/`; a component may be, or hold, `${{ github.repository }}`,
   * `${{ github.repository_owner }}`, `${{ github.event.repository.name }}` or
   * `${{ vars.NAME }}` (lower-cased at run time). Leading and trailing `/` are dropped.
   *
   * @default "${{ github.repository }}"
   */
  readonly pathPrefix?: string;
}

/**
 * The container registry GitHub Actions pushes to, and how it logs in
 * (docker/login-action).
 *
 * GitLab CI always uses the project's own registry (`$CI_REGISTRY`).
 */
export class Registry {
  /**
   * GitHub Container Registry (`ghcr.io`), logged in as `${{ github.actor }}` with the
   * workflow's `GITHUB_TOKEN`; the push job gets `packages: write`. Default image:
   * `ghcr.io/<owner>/<repo>`.
   */
  public static readonly GHCR = new Registry('ghcr.io', '${{ github.actor }}', '${{ secrets.GITHUB_TOKEN }}', true,
    'ghcr.io/${{ github.repository }}', '/');

  /**
   * Docker Hub (`docker.io`), logged in with the secrets `DOCKERHUB_USERNAME` and
   * `DOCKERHUB_TOKEN` (an access token). Default image: `docker.io/<owner>/<repo>`, i.e. the
   * Docker Hub namespace is assumed to be the GitHub owner; set `imageName` otherwise.
   */
  public static readonly DOCKER_HUB = new Registry('docker.io', '${{ secrets.DOCKERHUB_USERNAME }}', '${{ secrets.DOCKERHUB_TOKEN }}', false,
    'docker.io/${{ github.repository }}', '-');

  /**
   * Any registry that accepts a user name and password (or token) with `docker login`.
   *
   * @param host the registry host, optionally with a port, e.g. `registry.example.com:5000`
   * @param options how to log in and where images go
   */
  public static custom(host: string, options: CustomRegistryOptions = {}): Registry {
    const component = typeof host === 'string' ? `Registry.custom('${printable(host)}')` : 'Registry.custom()';
    if (typeof host !== 'string' || !REGISTRY_HOST.test(host)) {
      throw new RustDockerError({
        component,
        problem: typeof host === 'string' ? `'${printable(host)}' is not a registry host.` : `the host is ${describeValue(host)}, not a string.`,
        fix: 'Give the registry host only, without scheme or path, e.g. \'registry.example.com\' or \'registry.example.com:5000\'.',
      });
    }
    for (const option of ['username', 'passwordSecret', 'pathPrefix'] as const) {
      const value: unknown = options[option];
      if (value !== undefined && typeof value !== 'string') {
        throw new RustDockerError({ component, option, problem: `is ${describeValue(value)}, not a string.`, fix: `Give the ${option === 'passwordSecret' ? 'secret\'s name' : option === 'username' ? 'user name' : 'path'} as a string.` });
      }
    }
    const secret = options.passwordSecret ?? 'REGISTRY_PASSWORD';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(secret)) {
      throw new RustDockerError({
        component,
        option: 'passwordSecret',
        problem: `is ${JSON.stringify(secret)}, which is not a secret name.`,
        fix: 'Use letters, digits and underscores, e.g. \'REGISTRY_PASSWORD\'.',
      });
    }
    const username = options.username ?? '${{ github.actor }}';
    const userProblem = usernameProblem(username);
    if (userProblem) {
      throw new RustDockerError({
        component,
        option: 'username',
        problem: userProblem,
        fix: 'Give the user name on one line without spaces, or a whole expression such as \'${{ secrets.REGISTRY_USER }}\'.',
      });
    }
    const prefix = (options.pathPrefix ?? '${{ github.repository }}').replace(/^\/+|\/+$/g, '');
    if (prefix === '') {
      throw new RustDockerError({ component, option: 'pathPrefix', problem: 'is empty.', fix: 'Give the path images go under, e.g. \'my-team\'.' });
    }
    const pathProblem = registryPathProblem(prefix);
    if (pathProblem) {
      throw new RustDockerError({
        component,
        option: 'pathPrefix',
        problem: pathProblem,
        fix: `Use lowercase path components of letters and digits joined by '.', '_' or '-', separated by '/', e.g. 'my-team/services'; an expression may stand for a component: ${IMAGE_NAME_EXPRESSIONS}.`,
      });
    }
    return new Registry(host, username, `\${{ secrets.${secret} }}`, false, `${host}/${prefix}`, '/');
  }

  /** The registry host, e.g. `ghcr.io`. */
  public readonly host: string;

  /** @internal The `username` input of docker/login-action. */
  public readonly _username: string;

  /** @internal The `password` input of docker/login-action (an expression). */
  public readonly _password: string;

  /** @internal Whether pushing needs the `packages: write` permission of `GITHUB_TOKEN`. */
  public readonly _packagesWrite: boolean;

  /** @internal The image name of the repository's main image. */
  public readonly _defaultImage: string;

  /** @internal How further images are named after the main one: `/` nests, `-` appends. */
  public readonly _keySeparator: string;

  private constructor(host: string, username: string, password: string, packagesWrite: boolean, defaultImage: string, keySeparator: string) {
    this.host = host;
    this._username = username;
    this._password = password;
    this._packagesWrite = packagesWrite;
    this._defaultImage = defaultImage;
    this._keySeparator = keySeparator;
  }

  /** @internal The default image name for an image key ('' for the main image). */
  public _imageFor(key: string): string {
    return key === '' ? this._defaultImage : `${this._defaultImage}${this._keySeparator}${key}`;
  }
}
