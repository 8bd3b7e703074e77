import type { gitlab } from 'projen';
import { shellWord, shellWords } from '../../core/quote';
import { cacheTag, checkCacheTags } from '../cache-tag';
import type { CiImage } from '../ci-image';
import { imageCargoTestArgs } from '../ci-image';
import { gitlabBuildFlags, gitlabCargoCredentials, gitlabSshAgent } from '../credentials';
import { needsEmulation } from '../platform-util';
import { gitlabRefConditions } from '../ref-patterns';
import type { CiSettings } from '../settings';
import { gitlabSmokeLines } from '../smoke-script';

type Job = gitlab.Job;
type IncludeRule = gitlab.IncludeRule;

/** The QEMU installer docker/setup-qemu-action uses by default. */
const BINFMT_IMAGE = 'docker.io/tonistiigi/binfmt:latest';

export interface GitlabJobsInput {
  readonly image: CiImage;
  readonly settings: CiSettings;
  /** Image name to push to (GitLab variables allowed). */
  readonly imageName: string;
  readonly dockerImage: string;
  readonly dindImage: string;
}

/** GitLab job names of an image. */
export function gitlabJobNames(name: string): { test: string; build: string; push: string } {
  return { test: `${name}-test`, build: `${name}-build`, push: `${name}-push` };
}

/**
 * The image's GitLab jobs: optional `cargo test` (stage test), build + smoke test (stage
 * build: the image only exists in that job's Docker-in-Docker service), push with
 * provenance and SBOM attestations (stage push). BuildKit's registry cache lives in the
 * project's registry at `$CI_REGISTRY_IMAGE/cache:<name>`, or at `<repository>:<name>` with
 * `BuildCache.registry(repository)` (the jobs log in to `$CI_REGISTRY` only).
 */
export function gitlabJobs(input: GitlabJobsInput): { [name: string]: Job } {
  checkCacheTags(input.settings.cacheRepository, [input.image.name]);
  const names = gitlabJobNames(input.image.name);
  const jobs: { [name: string]: Job } = {};
  if (input.settings.cargoTest) {
    jobs[names.test] = testJob(input);
  }
  jobs[names.build] = buildJob(input, input.settings.cargoTest ? [names.test] : undefined);
  jobs[names.push] = pushJob(input, [names.build]);
  return jobs;
}

function testJob({ image, settings }: GitlabJobsInput): Job {
  const target = image.context === '.' ? 'target/' : `${image.context}/target/`;
  const channel = shellWord(image.rustChannel);
  const credentials = gitlabCargoCredentials(image.credentials);
  return {
    stage: 'test',
    rules: buildRules(settings),
    image: { name: image.builderImage },
    variables: { CARGO_HOME: '$CI_PROJECT_DIR/.cargo-home', ...credentials.variables },
    cache: [{ key: `${image.name}-cargo`, paths: ['.cargo-home/registry/', target] }],
    timeout: `${settings.timeoutMinutes} minutes`,
    script: [
      ...credentials.script,
      ...(image.context === '.' ? [] : [`cd ${shellWord(image.context)}`]),
      ...(image.installChannel ? [`rustup toolchain install ${channel} --profile minimal --no-self-update`, `rustup default ${channel}`] : []),
      shellWords(['cargo', ...imageCargoTestArgs(image)]),
    ],
  };
}

function buildJob(input: GitlabJobsInput, needs: string[] | undefined): Job {
  const { image, settings } = input;
  const platform: string | undefined = settings.platforms[0];
  // With several platforms the push job writes the (multi-platform) cache; this job only reads it.
  const writeCache = settings.platforms.length <= 1;
  return {
    stage: 'build',
    needs,
    rules: buildRules(settings),
    ...dockerJob(input, platform ? [platform] : [], { LOCAL_IMAGE: image.localTag }),
    script: [
      [
        'docker buildx build',
        `--file ${shellWord(image.dockerfile)}`,
        '--tag "$LOCAL_IMAGE" --load',
        ...gitlabBuildFlags(image.credentials),
        ...(platform ? [`--platform ${platform}`] : []),
        '--cache-from "type=registry,ref=$CACHE_REF"',
        ...(writeCache ? ['--cache-to "type=registry,ref=$CACHE_REF,mode=max"'] : []),
        shellWord(image.context),
      ].join(' '),
      ...gitlabSmokeLines(image, platform),
    ],
  };
}

function pushJob(input: GitlabJobsInput, needs: string[]): Job {
  const { image, settings } = input;
  return {
    stage: 'push',
    needs,
    rules: pushRules(settings),
    ...dockerJob(input, settings.platforms, { IMAGE: input.imageName }),
    script: [
      // Tags as positional parameters (sh has no arrays): the commit, then the version or the branch.
      'set -- --tag "$IMAGE:sha-$CI_COMMIT_SHORT_SHA"',
      'if [ -n "$CI_COMMIT_TAG" ]; then set -- "$@" --tag "$IMAGE:${CI_COMMIT_TAG#v}"; else set -- "$@" --tag "$IMAGE:$CI_COMMIT_REF_SLUG"; fi',
      // The commit's time: buildx passes SOURCE_DATE_EPOCH to the build, rewrite-timestamp sets every file time to it.
      'command -v git > /dev/null || apk add --no-cache git',
      'SOURCE_DATE_EPOCH="$(git log -1 --pretty=%ct)"',
      'export SOURCE_DATE_EPOCH',
      [
        'docker buildx build',
        `--file ${shellWord(image.dockerfile)}`,
        '"$@" --output type=image,push=true,rewrite-timestamp=true',
        ...(settings.platforms.length > 0 ? [`--platform ${settings.platforms.join(',')}`] : []),
        '--provenance=true --sbom=true',
        ...gitlabBuildFlags(image.credentials),
        '--label "org.opencontainers.image.revision=$CI_COMMIT_SHA"',
        '--label "org.opencontainers.image.source=$CI_PROJECT_URL"',
        '--cache-from "type=registry,ref=$CACHE_REF"',
        '--cache-to "type=registry,ref=$CACHE_REF,mode=max"',
        shellWord(image.context),
      ].join(' '),
    ],
  };
}

/** A job that runs the docker CLI against a Docker-in-Docker service with TLS, logged in to the project's registry. */
function dockerJob({ image, settings, dockerImage, dindImage }: GitlabJobsInput, platforms: string[], variables: { [name: string]: string }): Job {
  return {
    image: { name: dockerImage },
    services: [{ name: dindImage, alias: 'docker' }],
    variables: {
      DOCKER_TLS_CERTDIR: '/certs',
      ...variables,
      CACHE_REF: `${settings.cacheRepository ?? '$CI_REGISTRY_IMAGE/cache'}:${cacheTag(image.name)}`,
    },
    timeout: `${settings.timeoutMinutes} minutes`,
    beforeScript: [
      'echo "$CI_REGISTRY_PASSWORD" | docker login --username "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"',
      // buildx refuses TLS settings from the environment for a new builder: give it a context.
      'docker context create ci-context',
      'docker buildx create --name ci-builder --driver docker-container --use ci-context',
      ...(needsEmulation(platforms) ? [`docker run --privileged --rm ${BINFMT_IMAGE} --install all`] : []),
      // The docker image is Alpine's: its SSH client comes from apk.
      ...gitlabSshAgent(image.credentials, true),
    ],
  };
}

/** Merge requests to the branches, plus everything that pushes. */
function buildRules(settings: CiSettings): IncludeRule[] {
  const mergeRequests: IncludeRule[] = [];
  if (settings.pullRequests) {
    const mr = '$CI_PIPELINE_SOURCE == "merge_request_event"';
    const targets = settings.branches === undefined
      ? ['$CI_MERGE_REQUEST_TARGET_BRANCH_NAME == $CI_DEFAULT_BRANCH']
      : gitlabRefConditions('$CI_MERGE_REQUEST_TARGET_BRANCH_NAME', settings.branches);
    mergeRequests.push(...(targets.length > 0 ? targets.map((t) => ({ if: `${mr} && ${t}` })) : [{ if: mr }]));
  }
  return [...mergeRequests, ...pushRules(settings)];
}

/** Pipelines of the branches and of matching tags (patterns mean what they mean on GitHub: see ref-patterns.ts). */
function pushRules(settings: CiSettings): IncludeRule[] {
  const branches = settings.branches === undefined
    ? ['$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH']
    : gitlabRefConditions('$CI_COMMIT_BRANCH', settings.branches);
  const tags = gitlabRefConditions('$CI_COMMIT_TAG', settings.tags);
  return [...branches, ...tags].map((condition) => ({ if: condition }));
}
