import { github } from 'projen';
import { checkCacheTags } from '../ci/cache-tag';
import type { CiImage } from '../ci/ci-image';
import { githubSshAgent } from '../ci/credentials';
import { cargoTestJob, driftJob, ON_PUSH, onPush, pushPermissions } from '../ci/github/shared-jobs';
import { buildPush, buildx, checkout, imageNameStep, labelLines, login, metadata, PUSH_WITH_ATTESTATIONS, sign, sourceDate } from '../ci/github/steps';
import { healthStepMinutes } from '../ci/health-wait';
import type { Registry } from '../ci/registry';
import type { CiSettings } from '../ci/settings';
import type { GithubScript } from '../ci/smoke-script';
import { githubSmokeScript } from '../ci/smoke-script';
import type { BuildCredentials } from '../plan/credentials-plan';

type Job = github.workflows.Job;
type JobStep = github.workflows.JobStep;
const READ = github.workflows.JobPermission.READ;

const MATRIX_IMAGE = '${{ matrix.image }}';

/** One image of the matrix, resolved for CI. */
export interface MatrixImage {
  /** CI facts of the image (name = the Docker target, context, Dockerfile, smoke, labels). */
  readonly ci: CiImage;
  /** The name it is pushed as, without tag. */
  readonly pushName: string;
}

export interface WorkspaceJobsInput {
  readonly images: MatrixImage[];
  readonly settings: CiSettings;
  readonly registry: Registry;
  /** Workflow name: the Rust cache key. */
  readonly name: string;
  /** Build context, relative to the repository root. */
  readonly context: string;
  /** Dockerfile, relative to the repository root. */
  readonly dockerfile: string;
  /** `cargo test` arguments after `cargo`. */
  readonly cargoTestArgs: string[];
  /** The rustup toolchain for `cargo test`. */
  readonly rustChannel: string;
  /** Steps of the drift check (after checkout), or undefined for no drift job. */
  readonly driftSteps?: JobStep[];
  /** The Dockerfile's shared builder stage (every image's binary is compiled there). */
  readonly builderTarget: string;
  /** Tokens and SSH of the shared builder (workspace-wide options). */
  readonly credentials?: BuildCredentials;
}

/** The cache scope of the `builder` job: the workflow name and the builder stage's name (stage names are unique). */
export function builderCacheScope(input: Pick<WorkspaceJobsInput, 'name' | 'builderTarget'>): string {
  return `${input.name}-${input.builderTarget}`;
}

/**
 * The jobs of a workspace's image workflow: optional `cargo test` of the workspace, `builder`
 * (the shared builder stage, built once per run into its own cache scope: the workspace is
 * compiled there, once), `build` (a matrix over the images: each imports the builder's cache
 * and its own, loads and smoke-tests), `push` on pushes (the same matrix: tags, labels,
 * provenance, SBOM, optional signature), and the drift check.
 */
export function workspaceJobs(input: WorkspaceJobsInput): { [id: string]: Job } {
  checkCacheTags(input.settings.cacheRepository, [builderCacheScope(input), ...input.images.map(({ ci }) => ci.name)]);
  const jobs: { [id: string]: Job } = {};
  if (input.settings.cargoTest) {
    const { context, rustChannel, name: cacheKey, cargoTestArgs: args } = input;
    jobs.test = cargoTestJob(input.settings, { context, rustChannel, cacheKey, args, credentials: input.credentials });
  }
  jobs.builder = builderJob(input);
  jobs.build = buildJob(input);
  jobs.push = pushJob(input);
  if (input.driftSteps) {
    jobs.drift = driftJob(input.settings, input.driftSteps);
  }
  return jobs;
}

/**
 * The builder stage alone, exported to the cache only (`type=cacheonly`: no image). The image
 * jobs start after it and find every builder layer in its scope, so no image job compiles.
 * With a registry cache it logs in and writes the cache on pushes only: pull requests only
 * read it, like the image builds.
 */
function builderJob(input: WorkspaceJobsInput): Job {
  const repository = input.settings.cacheRepository;
  return {
    name: 'Build the shared builder stage',
    needs: input.settings.cargoTest ? ['test'] : undefined,
    runsOn: input.settings.runsOn,
    permissions: repository === undefined ? { contents: READ } : pushPermissions(input.registry, false),
    timeoutMinutes: input.settings.timeoutMinutes,
    steps: [
      checkout(),
      ...githubSshAgent(input.credentials),
      buildx(),
      ...(repository === undefined ? [] : [{ ...login(input.registry), if: ON_PUSH }]),
      buildPush('Build the builder stage (cache only)', input, { target: input.builderTarget, outputs: 'type=cacheonly' },
        { scope: builderCacheScope(input), repository, write: ON_PUSH }),
    ],
  };
}

function buildJob(input: WorkspaceJobsInput): Job {
  const smokes = input.images
    .map(({ ci }) => ({ target: ci.name, script: githubSmokeScript(ci, undefined), minutes: healthStepMinutes(ci.health) }))
    .filter((s): s is { target: string; script: GithubScript; minutes: number } => s.script !== undefined);
  return {
    name: `Build ${MATRIX_IMAGE}`,
    needs: ['builder'],
    runsOn: input.settings.runsOn,
    permissions: { contents: READ },
    timeoutMinutes: input.settings.timeoutMinutes,
    strategy: { failFast: false, matrix: { domain: { image: input.images.map(({ ci }) => ci.name) } } },
    steps: [
      checkout(),
      ...githubSshAgent(input.credentials),
      buildx(),
      buildPush('Build the image', input, {
        target: MATRIX_IMAGE,
        load: true,
        push: false,
        tags: `local/${MATRIX_IMAGE}:ci`,
      }, { scope: MATRIX_IMAGE, imports: [builderCacheScope(input)], repository: input.settings.cacheRepository, write: false }),
      // One smoke step per image that has a check; each runs in its own matrix job only.
      ...smokes.map(({ target, script, minutes }) => ({
        name: `Smoke test ${target}`,
        if: `matrix.image == '${target}'`,
        ...script,
        timeoutMinutes: minutes,
      })),
    ],
  };
}

function pushJob(input: WorkspaceJobsInput): Job {
  const { settings } = input;
  return {
    ...onPush(settings, `Push ${MATRIX_IMAGE}`, 'build', pushPermissions(input.registry, settings.signing)),
    timeoutMinutes: settings.timeoutMinutes,
    strategy: {
      failFast: false,
      matrix: {
        include: input.images.map(({ ci, pushName }) => ({ image: ci.name, name: pushName, labels: labelLines(ci.labels) })),
      },
    },
    steps: [
      checkout(),
      sourceDate(),
      ...githubSshAgent(input.credentials),
      buildx(),
      imageNameStep('${{ matrix.name }}'),
      login(input.registry),
      metadata(true, '${{ matrix.labels }}'),
      buildPush('Build and push', input, { target: MATRIX_IMAGE, ...PUSH_WITH_ATTESTATIONS },
        { scope: MATRIX_IMAGE, imports: [builderCacheScope(input)], repository: input.settings.cacheRepository, write: true }),
      ...(settings.signing ? sign('${{ steps.build.outputs.digest }}') : []),
    ],
  };
}
