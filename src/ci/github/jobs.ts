import { github } from 'projen';
import { checkCacheTags } from '../cache-tag';
import type { CiImage } from '../ci-image';
import { imageCargoTestArgs } from '../ci-image';
import { githubSshAgent } from '../credentials';
import { healthStepMinutes } from '../health-wait';
import { NATIVE_PLATFORM, needsEmulation, platformSlug } from '../platform-util';
import type { Registry } from '../registry';
import type { CiSettings } from '../settings';
import { githubSmokeScript } from '../smoke-script';
import { pinned } from './action-pins';
import { cargoTestJob, driftJob, onPush, pushPermissions } from './shared-jobs';
import { buildPush, buildx, checkout, imageNameStep, labelLines, login, metadata, PUSH_WITH_ATTESTATIONS, qemu, sign, sourceDate } from './steps';

type Job = github.workflows.Job;
type JobStep = github.workflows.JobStep;
const READ = github.workflows.JobPermission.READ;

/** The job ids of the generated workflow. */
export const JOB_IDS = { test: 'test', build: 'build', push: 'push', merge: 'merge', drift: 'drift' } as const;

export interface GithubJobsInput {
  readonly image: CiImage;
  readonly settings: CiSettings;
  readonly registry: Registry;
  /** Image name to push to (GitHub expressions allowed); lower-cased at run time. */
  readonly imageName: string;
  /** Steps of the drift check (after checkout), or undefined for no drift job. */
  readonly driftSteps?: JobStep[];
}

/** Every job of an image workflow, by id. */
export function githubJobs(input: GithubJobsInput): { [id: string]: Job } {
  const { image, settings } = input;
  const scopes = settings.platforms.length > 1 ? settings.platforms.map((p) => cacheScope(image, settings, p)) : [image.name];
  checkCacheTags(settings.cacheRepository, scopes);
  const jobs: { [id: string]: Job } = {};
  if (input.settings.cargoTest) {
    jobs[JOB_IDS.test] = testJob(input);
  }
  jobs[JOB_IDS.build] = buildJob(input);
  if (input.settings.platforms.length > 1) {
    jobs[JOB_IDS.push] = pushByDigestJob(input);
    jobs[JOB_IDS.merge] = mergeJob(input);
  } else {
    jobs[JOB_IDS.push] = pushJob(input);
  }
  if (input.driftSteps) {
    jobs[JOB_IDS.drift] = driftJob(input.settings, input.driftSteps);
  }
  return jobs;
}

function testJob({ image, settings }: GithubJobsInput): Job {
  return cargoTestJob(settings, {
    context: image.context, rustChannel: image.rustChannel, cacheKey: image.name, args: imageCargoTestArgs(image), credentials: image.credentials,
  });
}

function buildJob({ image, settings }: GithubJobsInput): Job {
  const platform: string | undefined = settings.platforms[0];
  const smoke = githubSmokeScript(image, platform);
  return {
    name: smoke ? 'Build and smoke-test the image' : 'Build the image',
    needs: settings.cargoTest ? [JOB_IDS.test] : undefined,
    runsOn: settings.runsOn,
    permissions: { contents: READ },
    timeoutMinutes: settings.timeoutMinutes,
    steps: [
      checkout(),
      ...githubSshAgent(image.credentials),
      ...(platform && platform !== NATIVE_PLATFORM ? [qemu([platform])] : []),
      buildx(),
      buildPush('Build the image', image, {
        ...(platform ? { platforms: platform } : {}),
        load: true,
        push: false,
        tags: image.localTag,
      }, { scope: cacheScope(image, settings, platform), repository: settings.cacheRepository, write: false }),
      ...(smoke ? [{ name: 'Smoke test', ...smoke, timeoutMinutes: healthStepMinutes(image.health) }] : []),
    ],
  };
}

/** Single platform: build, push with tags, attest, sign. */
function pushJob(input: GithubJobsInput): Job {
  const { image, settings } = input;
  return {
    ...pushJobBase(input, 'Push the image', JOB_IDS.build, true),
    timeoutMinutes: settings.timeoutMinutes,
    steps: [
      ...publishSetup(input, true),
      buildPush('Build and push', image, {
        ...(settings.platforms.length > 0 ? { platforms: settings.platforms.join(',') } : {}),
        ...PUSH_WITH_ATTESTATIONS,
      }, { scope: cacheScope(image, settings, settings.platforms[0]), repository: settings.cacheRepository, write: true }),
      ...(settings.signing ? sign('${{ steps.build.outputs.digest }}') : []),
    ],
  };
}

/** Several platforms: one job per platform pushes an untagged image by digest, with its own cache. */
function pushByDigestJob(input: GithubJobsInput): Job {
  const { image, settings } = input;
  return {
    ...pushJobBase(input, 'Push ${{ matrix.platform }}', JOB_IDS.build, false),
    timeoutMinutes: settings.timeoutMinutes,
    strategy: {
      matrix: { include: settings.platforms.map((platform) => ({ platform, slug: platformSlug(platform) })) },
    },
    steps: [
      ...publishSetup(input, false),
      buildPush('Build and push by digest', image, {
        platforms: '${{ matrix.platform }}',
        tags: '${{ steps.image.outputs.name }}',
        labels: '${{ steps.meta.outputs.labels }}',
        outputs: 'type=image,push-by-digest=true,name-canonical=true,push=true,rewrite-timestamp=true',
        provenance: true,
        sbom: true,
      }, { scope: `${image.name}-\${{ matrix.slug }}`, repository: settings.cacheRepository, write: true }),
      {
        name: 'Export the digest',
        env: { DIGEST: '${{ steps.build.outputs.digest }}', DIGESTS: '${{ runner.temp }}/digests' },
        run: 'mkdir -p "$DIGESTS"\ntouch "$DIGESTS/${DIGEST#sha256:}"\n',
      },
      {
        name: 'Upload the digest',
        uses: pinned('actions/upload-artifact'),
        with: {
          'name': `digests-${image.name}-\${{ matrix.slug }}`,
          'path': '${{ runner.temp }}/digests/*',
          'if-no-files-found': 'error',
          'retention-days': 1,
        },
      },
    ],
  };
}

/** Merges the per-platform digests into one tagged multi-platform image, then signs it. */
function mergeJob(input: GithubJobsInput): Job {
  const { image, settings } = input;
  return {
    ...pushJobBase(input, 'Merge the platforms', JOB_IDS.push, true),
    timeoutMinutes: 10,
    steps: [
      {
        name: 'Download the digests',
        uses: pinned('actions/download-artifact'),
        with: { 'path': '${{ runner.temp }}/digests', 'pattern': `digests-${image.name}-*`, 'merge-multiple': true },
      },
      buildx(),
      ...publishLogin(input, true),
      {
        name: 'Create the multi-platform image',
        workingDirectory: '${{ runner.temp }}/digests',
        env: { IMAGE: '${{ steps.image.outputs.name }}', METADATA: '${{ steps.meta.outputs.json }}' },
        run: [
          '# shellcheck disable=SC2046',
          'docker buildx imagetools create $(jq -cr \'.tags | map("-t " + .) | join(" ")\' <<< "$METADATA") \\',
          '  $(printf "${IMAGE}@sha256:%s " *)',
          '',
        ].join('\n'),
      },
      {
        name: 'Inspect the image',
        id: 'manifest',
        env: { IMAGE: '${{ steps.image.outputs.name }}', VERSION: '${{ steps.meta.outputs.version }}' },
        run: [
          'docker buildx imagetools inspect "${IMAGE}:${VERSION}"',
          'digest="$(docker buildx imagetools inspect "${IMAGE}:${VERSION}" --format \'{{json .Manifest}}\' | jq -r .digest)"',
          'echo "digest=${digest}" >> "$GITHUB_OUTPUT"',
          '',
        ].join('\n'),
      },
      ...(settings.signing ? sign('${{ steps.manifest.outputs.digest }}') : []),
    ],
  };
}

/** A job that runs on pushes only, after `needs`, with the push permissions (`id-token` when it signs). */
function pushJobBase(input: GithubJobsInput, name: string, needs: string, signs: boolean): Omit<Job, 'steps'> {
  return onPush(input.settings, name, needs, pushPermissions(input.registry, signs && input.settings.signing));
}

/** Checkout, QEMU when a platform is emulated, Buildx, then the image name, login and metadata. */
function publishSetup(input: GithubJobsInput, withTags: boolean): JobStep[] {
  return [
    checkout(),
    sourceDate(),
    ...githubSshAgent(input.image.credentials),
    ...(needsEmulation(input.settings.platforms) ? [qemu(input.settings.platforms)] : []),
    buildx(),
    ...publishLogin(input, withTags),
  ];
}

/** The image name in lower case, registry login, and tags and labels. */
function publishLogin({ image, imageName, registry }: GithubJobsInput, withTags: boolean): JobStep[] {
  const labels = labelLines(image.labels);
  return [imageNameStep(imageName), login(registry), metadata(withTags, labels ? `${labels}\n` : '')];
}

function cacheScope(image: CiImage, settings: CiSettings, platform: string | undefined): string {
  return settings.platforms.length > 1 && platform ? `${image.name}-${platformSlug(platform)}` : image.name;
}
