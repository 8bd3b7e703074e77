import { REGISTRY_HOST } from './validate';
import { RustDockerError } from '../core/errors';

/**
 * Options for `Registry.custom()`.
 */
export interface CustomRegistryOptions {
  /**
   * The user name to log in with: a literal, or a GitHub expression such as
   * `${{ secrets.REGISTRY_USER }}`.
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
    if (!REGISTRY_HOST.test(host)) {
      throw new RustDockerError({
        component: `Registry.custom('${host}')`,
        problem: `'${host}' is not a registry host.`,
        fix: 'Give the registry host only, without scheme or path, e.g. \'registry.example.com\' or \'registry.example.com:5000\'.',
      });
    }
    const secret = options.passwordSecret ?? 'REGISTRY_PASSWORD';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(secret)) {
      throw new RustDockerError({
        component: `Registry.custom('${host}')`,
        option: 'passwordSecret',
        problem: `is '${secret}', which is not a secret name.`,
        fix: 'Use letters, digits and underscores, e.g. \'REGISTRY_PASSWORD\'.',
      });
    }
    const prefix = (options.pathPrefix ?? '${{ github.repository }}').replace(/^\/+|\/+$/g, '');
    if (prefix === '') {
      throw new RustDockerError({ component: `Registry.custom('${host}')`, option: 'pathPrefix', problem: 'is empty.', fix: 'Give the path images go under, e.g. \'my-team\'.' });
    }
    return new Registry(host, options.username ?? '${{ github.actor }}', `\${{ secrets.${secret} }}`, false, `${host}/${prefix}`, '/');
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
