import { BuildCacheKind } from './build-cache';
import type { ImageWorkflowOptions } from './options';
import { checkRefPatterns } from './ref-patterns';
import { cacheRepositoryProblem, checkPlatforms, checkSmoke, IMAGE_NAME_EXPRESSIONS, imageNameProblem, WORKFLOW_NAME } from './validate';
import { RustDockerError } from '../core/errors';
import { describeValue, hasControlCharacter, IMAGE_REFERENCE, isMap, printable } from '../core/rules';
import type { Platform } from '../plan/platform';

/** The options that shape every CI engine's jobs, validated, with defaults applied. */
export interface CiSettings {
  /** Branch patterns; undefined means each engine's default (GitHub `main`, GitLab the default branch). */
  readonly branches?: string[];
  readonly tags: string[];
  readonly pullRequests: boolean;
  /** Platforms in BuildKit syntax; empty means the runner's own. */
  readonly platforms: string[];
  readonly cargoTest: boolean;
  readonly signing: boolean;
  readonly runsOn: string[];
  readonly timeoutMinutes: number;
  /**
   * The registry build cache's repository (`BuildCache.registry`); undefined for the default
   * (GitHub's cache service, GitLab's `$CI_REGISTRY_IMAGE/cache`).
   */
  readonly cacheRepository?: string;
}

/**
 * Options of one workflow kind that reach generated files as they are, checked here with the
 * shared ones (the options object a workflow passes is its own, `DockerWorkflowOptions` or
 * `WorkspaceImagesWorkflowOptions`; their own code applies them).
 */
interface WorkflowKindOptions {
  readonly gitlab?: unknown;
  readonly gitlabOptions?: unknown;
  readonly imageName?: unknown;
  readonly imageNamePrefix?: unknown;
  readonly smoke?: unknown;
}

function fail(option: string | undefined, problem: string, fix: string): never {
  throw new RustDockerError({ option, problem, fix });
}

function checkBoolean(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    fail(option, `is ${describeValue(value)}, not a boolean.`, `Use true or false${typeof value === 'string' ? ' without quotes (a non-empty string would count as true)' : ''}.`);
  }
}

function checkString(option: string, value: unknown, fix: string): asserts value is string {
  if (typeof value !== 'string') {
    fail(option, `is ${describeValue(value)}, not a string.`, fix);
  }
}

/** A `Registry` (also one from another copy of this library). */
function checkRegistry(value: unknown): void {
  if (!isMap(value) || typeof value.host !== 'string' || typeof value._imageFor !== 'function') {
    fail('registry', `is ${describeValue(value)}, not a Registry.`, 'Use Registry.GHCR, Registry.DOCKER_HUB or Registry.custom(\'registry.example.com\').');
  }
}

/**
 * A `BuildCache` (also one from another copy of this library, whose repository is checked
 * again): its repository for `BuildCache.registry`, else undefined.
 */
function checkBuildCache(value: unknown): string | undefined {
  const fix = 'Use BuildCache.GITHUB_ACTIONS or BuildCache.registry(\'ghcr.io/my-org/my-repo-cache\').';
  if (!isMap(value) || (value.kind !== BuildCacheKind.GITHUB_ACTIONS && value.kind !== BuildCacheKind.REGISTRY)) {
    const fromString = typeof value === 'string' && value !== '' && cacheRepositoryProblem(value) === undefined;
    fail('cache', `is ${describeValue(value)}, not a BuildCache.`, fromString ? `Use BuildCache.registry('${value}').` : fix);
  }
  if (value.kind === BuildCacheKind.GITHUB_ACTIONS) {
    return undefined;
  }
  const repository = value.repository;
  checkString('cache.repository', repository, fix);
  const problem = cacheRepositoryProblem(repository);
  if (problem) {
    fail('cache.repository', problem, fix);
  }
  return repository;
}

/**
 * A GitLab image name (`gitlabOptions.imageName`) or job image (`dockerImage`, `dindImage`):
 * GitLab variables (`$CI_REGISTRY_IMAGE`, `${CI_REGISTRY}`) are expanded, the rest must be an
 * image reference, without tag for `imageName` (the jobs add the tags).
 */
function checkGitlabImage(option: string, value: unknown, withTag: boolean, example: string): void {
  checkString(option, value, `Give an image ${withTag ? 'reference' : 'name'} such as '${example}'.`);
  if (hasControlCharacter(value)) {
    fail(option, `contains a line break or control character (${printable(value)}), which would break out of its line in .gitlab-ci.yml.`, `Give an image ${withTag ? 'reference' : 'name'} on one line, e.g. '${example}'.`);
  }
  const literal = value.replace(/\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)/g, 'x');
  // A ':' in the last path component is a tag (a registry port is followed by a path).
  const tagged = literal.slice(literal.lastIndexOf('/') + 1).includes(':');
  if (withTag ? !IMAGE_REFERENCE.test(literal.toLowerCase()) : (!/^[A-Za-z0-9._\-/:]+$/.test(literal) || tagged || /^\/|\/$|\/\//.test(literal))) {
    fail(option, `is '${value}', which is not an image ${withTag ? 'reference' : 'name without tag'}.`,
      `Give an image ${withTag ? 'reference' : 'name without tag or digest'} (GitLab variables allowed), e.g. '${example}'.`);
  }
}

/** The options of one workflow kind (see `WorkflowKindOptions`). */
function checkWorkflowKindOptions(options: WorkflowKindOptions, platformOption: unknown): void {
  checkBoolean('gitlab', options.gitlab);
  for (const option of ['imageName', 'imageNamePrefix'] as const) {
    const value = options[option];
    if (value !== undefined) {
      checkString(option, value, 'Give an image name such as \'ghcr.io/my-org/my-service\'.');
      const problem = imageNameProblem(value);
      if (problem) {
        fail(option, problem, `Use a name such as 'ghcr.io/my-org/my-service'; of GitHub expressions only ${IMAGE_NAME_EXPRESSIONS}.`);
      }
    }
  }
  if (platformOption !== undefined) {
    checkPlatforms('platforms', platformOption);
  }
  if (options.smoke !== undefined) {
    checkSmoke('smoke', options.smoke);
  }
  const gitlab = options.gitlabOptions;
  if (gitlab !== undefined) {
    if (!isMap(gitlab)) {
      fail('gitlabOptions', `is ${describeValue(gitlab)}, not an object of GitLab options.`, 'Give an object such as { imageName: \'$CI_REGISTRY_IMAGE/api\' }.');
    }
    if (gitlab.imageName !== undefined) {
      checkGitlabImage('gitlabOptions.imageName', gitlab.imageName, false, '$CI_REGISTRY_IMAGE/api');
    }
    if (gitlab.dockerImage !== undefined) {
      checkGitlabImage('gitlabOptions.dockerImage', gitlab.dockerImage, true, 'docker:28');
    }
    if (gitlab.dindImage !== undefined) {
      checkGitlabImage('gitlabOptions.dindImage', gitlab.dindImage, true, 'docker:28-dind');
    }
  }
}

export function resolveSettings(options: ImageWorkflowOptions, platformOption?: Platform[]): CiSettings {
  const given: unknown = options;
  if (!isMap(given)) {
    fail(undefined, `the CI options are ${describeValue(given)}, not an object.`, 'Give an object of CI options; { enabled: false } turns CI off.');
  }
  for (const option of ['enabled', 'github', 'pullRequests', 'cargoTest', 'signing', 'driftCheck'] as const) {
    checkBoolean(option, options[option]);
  }
  if (options.workflowName !== undefined) {
    checkString('workflowName', options.workflowName, 'Use letters, digits, \'.\', \'_\' and \'-\' only, e.g. \'docker-api\'.');
    if (!WORKFLOW_NAME.test(options.workflowName)) {
      throw new RustDockerError({
        option: 'workflowName',
        problem: `is '${printable(options.workflowName)}', which is not usable as a file name.`,
        fix: 'Use letters, digits, \'.\', \'_\' and \'-\' only, e.g. \'docker-api\'.',
      });
    }
  }
  for (const [option, list] of [['branches', options.branches], ['tags', options.tags]] as const) {
    if (list !== undefined) {
      checkRefPatterns(option, list);
    }
  }
  if (options.registry !== undefined) {
    checkRegistry(options.registry);
  }
  const cacheRepository = options.cache === undefined ? undefined : checkBuildCache(options.cache);
  checkWorkflowKindOptions(options as ImageWorkflowOptions & WorkflowKindOptions, platformOption);
  const platforms = (platformOption ?? []).map((p) => p.value);
  const duplicate = platforms.find((p, i) => platforms.indexOf(p) !== i);
  if (duplicate) {
    throw new RustDockerError({ option: 'platforms', problem: `lists ${duplicate} twice.`, fix: 'List each platform once.' });
  }
  const timeout: unknown = options.timeoutMinutes ?? 30;
  if (typeof timeout !== 'number') {
    const numeric = typeof timeout === 'string' && /^\d+$/.test(timeout);
    fail('timeoutMinutes', `is ${describeValue(timeout)}, not a number.`, numeric ? `Write the minutes as a number, without quotes: ${Number(timeout)}.` : 'Give whole minutes from 1 to 360.');
  }
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 360) {
    throw new RustDockerError({ option: 'timeoutMinutes', problem: `is ${timeout}, which is not a job time limit.`, fix: 'Give whole minutes from 1 to 360 (GitHub\'s limit for hosted runners).' });
  }
  const runsOn: unknown = options.runsOn ?? ['ubuntu-latest'];
  if (!Array.isArray(runsOn)) {
    fail('runsOn', `is ${describeValue(runsOn)}, not a list of runner labels.`, `Give an array, e.g. [${typeof runsOn === 'string' ? `'${printable(runsOn)}'` : '\'ubuntu-latest\''}].`);
  }
  if (runsOn.length === 0) {
    throw new RustDockerError({ option: 'runsOn', problem: 'is empty.', fix: 'Give at least one runner label, e.g. [\'ubuntu-latest\'].' });
  }
  runsOn.forEach((label: unknown, i) => {
    checkString(`runsOn[${i}]`, label, 'Give runner labels as strings, e.g. \'ubuntu-latest\'.');
    const problem = label.trim() === '' ? 'is empty.'
      : hasControlCharacter(label) ? `contains a line break or control character ('${printable(label)}'), which would break out of its line in the workflow.`
        : label !== label.trim() ? `is '${label}', which has spaces around it.` : undefined;
    if (problem) {
      fail(`runsOn[${i}]`, problem, 'Give a runner label such as \'ubuntu-latest\' or \'self-hosted\'.');
    }
  });
  const settings: CiSettings = {
    branches: options.branches ? [...options.branches] : undefined,
    tags: [...(options.tags ?? ['v*'])],
    pullRequests: options.pullRequests ?? true,
    platforms,
    cargoTest: options.cargoTest ?? false,
    signing: options.signing ?? false,
    runsOn: [...(runsOn as string[])],
    timeoutMinutes: timeout,
    ...(cacheRepository === undefined ? {} : { cacheRepository }),
  };
  if (!settings.pullRequests && settings.tags.length === 0 && settings.branches?.length === 0) {
    throw new RustDockerError({ problem: 'no trigger is left: pullRequests is false and branches and tags are empty.', fix: 'Set one, or use enabled: false to generate no CI.' });
  }
  return settings;
}

/**
 * On GitHub the jobs that write the registry build cache log in to the workflow's registry
 * only, so the cache repository must be on its host (a docker/login-action step for another
 * host would need credentials this library cannot know).
 */
export function checkCacheHost(cacheRepository: string | undefined, registryHost: string): void {
  if (cacheRepository === undefined) {
    return;
  }
  const host = cacheRepository.slice(0, cacheRepository.indexOf('/'));
  if (host.toLowerCase() !== registryHost.toLowerCase()) {
    throw new RustDockerError({
      option: 'cache',
      problem: `is BuildCache.registry('${cacheRepository}') on ${host}, but the GitHub jobs log in to ${registryHost} only (the 'registry' option), so they could not write it.`,
      fix: `Put the cache on ${registryHost}, e.g. BuildCache.registry('${registryHost}/my-org/my-repo-cache'), or push the images to ${host} with registry: Registry.custom('${host}', { ... }).`,
    });
  }
}
