import { cacheRepositoryProblem } from './validate';
import { RustDockerError } from '../core/errors';
import { describeValue, printable } from '../core/rules';

/** Where a `BuildCache` keeps BuildKit's layer cache. */
export enum BuildCacheKind {
  /** GitHub's cache service (`type=gha`). */
  GITHUB_ACTIONS = 'github-actions',
  /** Tags of an image repository in a registry (`type=registry`). */
  REGISTRY = 'registry',
}

/**
 * Where CI keeps BuildKit's layer cache between runs (docker/build-push-action's
 * `cache-from` / `cache-to`, `docker buildx build --cache-from/--cache-to` on GitLab).
 *
 * Each image (and, for several platforms, each platform) has its own cache scope: the
 * workflow name (`docker`, `docker-linux-arm64` per platform), or for workspace images the
 * image's name, plus the workspace builder job's `<workflow>-<builder stage>`.
 */
export class BuildCache {
  /**
   * GitHub's cache service (`type=gha`, one scope per image and platform, written with
   * `mode=max` by every build). GitLab jobs keep their registry cache at
   * `$CI_REGISTRY_IMAGE/cache:<workflow name>`.
   */
  public static readonly GITHUB_ACTIONS = new BuildCache(BuildCacheKind.GITHUB_ACTIONS, undefined);

  /**
   * A registry cache (`type=registry`): every cache scope is a tag of this image repository,
   * `<repository>:<scope>`, read with `cache-from` and written with `cache-to ... mode=max`.
   * Unlike GitHub's cache service, a registry is reachable from every BuildKit builder, so
   * ephemeral and remote builders (buildx's `remote` and `kubernetes` drivers, hosted
   * builders) share one cache.
   *
   * Only the jobs that log in to the registry write it: on GitHub the push jobs, and for
   * workspace images the builder job on pushes; the build jobs of pull requests only read
   * it (a cache BuildKit cannot read is a warning, not a failure). On GitHub the repository
   * must therefore be on the host of the workflow's `registry` (synthesis fails otherwise).
   * GitLab jobs log in to the project's registry (`$CI_REGISTRY`), so there the repository
   * belongs in it, e.g. `registry.gitlab.com/my-group/my-project/cache`.
   *
   * @param repository an image repository with its registry host, without tag or digest,
   * e.g. `ghcr.io/my-org/my-repo-cache`; written as it is (no GitHub expressions or
   * variables), in lower case
   */
  public static registry(repository: string): BuildCache {
    if (typeof repository !== 'string') {
      throw new RustDockerError({
        component: 'BuildCache.registry()',
        problem: `the repository is ${describeValue(repository)}, not a string.`,
        fix: 'Give an image repository such as \'ghcr.io/my-org/my-repo-cache\'.',
      });
    }
    const problem = cacheRepositoryProblem(repository);
    if (problem) {
      throw new RustDockerError({
        component: `BuildCache.registry('${printable(repository)}')`,
        problem: `the repository ${problem}`,
        fix: 'Give an image repository with its registry host and a lowercase path, without tag, digest or expressions, '
          + 'e.g. \'ghcr.io/my-org/my-repo-cache\' (write the owner and repository names out: GitHub expressions are not expanded here).',
      });
    }
    return new BuildCache(BuildCacheKind.REGISTRY, repository);
  }

  /** Where the cache is kept. */
  public readonly kind: BuildCacheKind;

  /** The image repository of `BuildCache.registry()`, e.g. `ghcr.io/my-org/my-repo-cache`. */
  public readonly repository?: string;

  private constructor(kind: BuildCacheKind, repository: string | undefined) {
    this.kind = kind;
    this.repository = repository;
  }
}
