import { RustDockerError } from '../core/errors';

/** The longest tag a registry accepts. */
const MAX_TAG = 128;

/**
 * A cache scope as a tag of the cache repository: characters other than letters, digits,
 * `_`, `.` and `-` become `-`, and a leading `.` or `-` gets a `_` before it. GitHub
 * expressions (`${{ matrix.slug }}`) are kept: their values are the workflow's own platform
 * slugs and image names, which are tag-safe.
 */
export function cacheTag(scope: string): string {
  const tag = scope.split(/(\$\{\{[^{}]*\}\})/).map((part, i) => (i % 2 === 1 ? part : part.replace(/[^A-Za-z0-9_.-]/g, '-'))).join('');
  return /^[.-]/.test(tag) ? `_${tag}` : tag;
}

/**
 * Checks the tags of a registry cache for the scopes a workflow uses, with its expressions
 * resolved (`scopes` are the actual values): a tag has at most 128 characters.
 */
export function checkCacheTags(repository: string | undefined, scopes: string[]): void {
  if (repository === undefined) {
    return;
  }
  const long = scopes.map(cacheTag).find((t) => t.length > MAX_TAG);
  if (long !== undefined) {
    throw new RustDockerError({
      option: 'cache',
      problem: `would tag the cache ${repository}:${long}, a tag of ${long.length} characters; registries accept at most ${MAX_TAG}.`,
      fix: 'Give the workflow a shorter workflowName (the scopes of single images and of the workspace builder start with it; a workspace image\'s scope is its binary\'s name), or use BuildCache.GITHUB_ACTIONS.',
    });
  }
}
