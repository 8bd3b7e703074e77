import { github } from 'projen';
import { cargoTestArgs, CiImage } from '../ci-image';
import { NATIVE_PLATFORM, needsEmulation, platformSlug } from '../platform-util';
import { Registry } from '../registry';
import { CiSettings } from '../settings';
import { shellQuote, shellWords, escapeExpressions } from '../shell';
import { githubSmokeScript } from '../smoke-script';
import { pinned } from './action-pins';

type Job = github.workflows.Job;
type JobStep = github.workflows.JobStep;
type JobPermissions = github.workflows.JobPermissions;
const READ = github.workflows.JobPermission.READ;
const WRITE = github.workflows.JobPermission.WRITE;

/** The job ids of the generated workflow. */
export const JOB_IDS = { test: 'test', build: 'build', push: 'push', merge: 'merge', drift: 'drift' } as const;

/** Pushes (to branches or tags) publish; pull requests only build and smoke-test. */
const ON_PUSH = 'github.event_name == \'push\'';

/** docker/metadata-action tag rules: branch name, semver (x.y.z and x.y) on tags, short SHA. */
export const TAG_RULES = [
  'type=ref,event=branch',
  'type=semver,pattern={{version}}',
  'type=semver,pattern={{major}}.{{minor}}',
  'type=sha',
].join('\n') + '\n';

export interface GithubJobsInput {
  readonly image: CiImage;
  readonly settings: CiSettings;
  readonly registry: Registry;
  /** Image name to push to (GitHub expressions allowed); lower-cased at run time. */
  readonly imageName: string;
  /** Steps of the drift check (after checkout), or undefined for no drift job. */
  readonly driftSteps?: JobStep[];
}

/** The `on:` triggers of an image workflow. */
export function githubTriggers(settings: CiSettings): github.workflows.Triggers {
  const branches = settings.branches ?? ['main'];
  const hasPush = branches.length > 0 || settings.tags.length > 0;
  return {
    pullRequest: settings.pullRequests ? (branches.length > 0 ? { branches } : {}) : undefined,
    push: hasPush ? {
      branches: branches.length > 0 ? branches : undefined,
      tags: settings.tags.length > 0 ? settings.tags : undefined,
    } : undefined,
  };
}

/** Every job of an image workflow, by id. */
export function githubJobs(input: GithubJobsInput): { [id: string]: Job } {
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
    jobs[JOB_IDS.drift] = driftJob(input, input.driftSteps);
  }
  return jobs;
}

function testJob({ image, settings }: GithubJobsInput): Job {
  const channel = shellQuote(image.rustChannel);
  return {
    name: 'cargo test',
    runsOn: settings.runsOn,
    permissions: { contents: READ },
    timeoutMinutes: settings.timeoutMinutes,
    defaults: image.context === '.' ? undefined : { run: { workingDirectory: image.context } },
    steps: [
      checkout(),
      { name: `Install Rust ${image.rustChannel}`, run: `rustup toolchain install ${channel} --profile minimal --no-self-update\nrustup default ${channel}\n` },
      { name: 'Cache the Cargo build', uses: pinned('Swatinem/rust-cache'), with: { workspaces: `${image.context} -> target`, key: image.name } },
      { name: 'cargo test', run: shellWords(['cargo', ...cargoTestArgs(image)]) },
    ],
  };
}

function buildJob({ image, settings }: GithubJobsInput): Job {
  const platform: string | undefined = settings.platforms[0];
  const scope = cacheScope(image, settings, platform);
  const smoke = githubSmokeScript(image, platform);
  return {
    name: smoke ? 'Build and smoke-test the image' : 'Build the image',
    needs: settings.cargoTest ? [JOB_IDS.test] : undefined,
    runsOn: settings.runsOn,
    permissions: { contents: READ },
    timeoutMinutes: settings.timeoutMinutes,
    steps: [
      checkout(),
      ...(platform && platform !== NATIVE_PLATFORM ? [qemu([platform])] : []),
      buildx(),
      {
        name: 'Build the image',
        id: 'build',
        uses: pinned('docker/build-push-action'),
        with: {
          'context': image.context,
          'file': image.dockerfile,
          ...(platform ? { platforms: platform } : {}),
          'load': true,
          'push': false,
          'tags': image.localTag,
          'cache-from': `type=gha,scope=${scope}`,
          'cache-to': `type=gha,mode=max,scope=${scope}`,
        },
      },
      ...(smoke ? [{ name: 'Smoke test', run: smoke, timeoutMinutes: 5 }] : []),
    ],
  };
}

/** Single platform: build, push with tags, attest, sign. */
function pushJob(input: GithubJobsInput): Job {
  const { image, settings } = input;
  const scope = cacheScope(image, settings, settings.platforms[0]);
  return {
    name: 'Push the image',
    needs: [JOB_IDS.build],
    if: ON_PUSH,
    runsOn: settings.runsOn,
    permissions: pushPermissions(input, true),
    timeoutMinutes: settings.timeoutMinutes,
    steps: [
      checkout(),
      ...(needsEmulation(settings.platforms) ? [qemu(settings.platforms)] : []),
      buildx(),
      imageNameStep(input),
      login(input.registry),
      metadata(image, true),
      {
        name: 'Build and push',
        id: 'build',
        uses: pinned('docker/build-push-action'),
        with: {
          'context': image.context,
          'file': image.dockerfile,
          ...(settings.platforms.length > 0 ? { platforms: settings.platforms.join(',') } : {}),
          'push': true,
          'tags': '${{ steps.meta.outputs.tags }}',
          'labels': '${{ steps.meta.outputs.labels }}',
          'provenance': true,
          'sbom': true,
          'cache-from': `type=gha,scope=${scope}`,
          'cache-to': `type=gha,mode=max,scope=${scope}`,
        },
      },
      ...(settings.signing ? sign('${{ steps.build.outputs.digest }}') : []),
    ],
  };
}

/** Several platforms: one job per platform pushes an untagged image by digest, with its own cache. */
function pushByDigestJob(input: GithubJobsInput): Job {
  const { image, settings } = input;
  return {
    name: 'Push ${{ matrix.platform }}',
    needs: [JOB_IDS.build],
    if: ON_PUSH,
    runsOn: settings.runsOn,
    permissions: pushPermissions(input, false),
    timeoutMinutes: settings.timeoutMinutes,
    strategy: {
      matrix: { include: settings.platforms.map((platform) => ({ platform, slug: platformSlug(platform) })) },
    },
    steps: [
      checkout(),
      ...(needsEmulation(settings.platforms) ? [qemu(settings.platforms)] : []),
      buildx(),
      imageNameStep(input),
      login(input.registry),
      metadata(image, false),
      {
        name: 'Build and push by digest',
        id: 'build',
        uses: pinned('docker/build-push-action'),
        with: {
          'context': image.context,
          'file': image.dockerfile,
          'platforms': '${{ matrix.platform }}',
          'tags': '${{ steps.image.outputs.name }}',
          'labels': '${{ steps.meta.outputs.labels }}',
          'outputs': 'type=image,push-by-digest=true,name-canonical=true,push=true',
          'provenance': true,
          'sbom': true,
          'cache-from': `type=gha,scope=${image.name}-\${{ matrix.slug }}`,
          'cache-to': `type=gha,mode=max,scope=${image.name}-\${{ matrix.slug }}`,
        },
      },
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
    name: 'Merge the platforms',
    needs: [JOB_IDS.push],
    if: ON_PUSH,
    runsOn: settings.runsOn,
    permissions: pushPermissions(input, true),
    timeoutMinutes: 10,
    steps: [
      {
        name: 'Download the digests',
        uses: pinned('actions/download-artifact'),
        with: { 'path': '${{ runner.temp }}/digests', 'pattern': `digests-${image.name}-*`, 'merge-multiple': true },
      },
      buildx(),
      imageNameStep(input),
      login(input.registry),
      metadata(image, true),
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

function driftJob({ settings }: GithubJobsInput, steps: JobStep[]): Job {
  return {
    name: 'Generated files are up to date',
    runsOn: settings.runsOn,
    permissions: { contents: READ },
    timeoutMinutes: 15,
    steps: [checkout(), ...steps],
  };
}

/**
 * `contents: read` to check out; `packages: write` to push to GHCR; `id-token: write` only in
 * the job that signs.
 */
function pushPermissions(input: GithubJobsInput, signs: boolean): JobPermissions {
  return {
    contents: READ,
    ...(input.registry._packagesWrite ? { packages: WRITE } : {}),
    ...(signs && input.settings.signing ? { idToken: WRITE } : {}),
  };
}

function cacheScope(image: CiImage, settings: CiSettings, platform: string | undefined): string {
  return settings.platforms.length > 1 && platform ? `${image.name}-${platformSlug(platform)}` : image.name;
}

export function checkout(): JobStep {
  return { name: 'Checkout', uses: pinned('actions/checkout'), with: { 'persist-credentials': false } };
}

function qemu(platforms: string[]): JobStep {
  return { name: 'Set up QEMU', uses: pinned('docker/setup-qemu-action'), with: { platforms: platforms.filter((p) => p !== NATIVE_PLATFORM).join(',') } };
}

export function buildx(): JobStep {
  return { name: 'Set up Docker Buildx', uses: pinned('docker/setup-buildx-action') };
}

/** Registry names must be lower case; `github.repository` may not be. */
function imageNameStep(input: GithubJobsInput): JobStep {
  return {
    name: 'Image name',
    id: 'image',
    shell: 'bash',
    env: { IMAGE: input.imageName },
    run: 'echo "name=${IMAGE,,}" >> "$GITHUB_OUTPUT"\n',
  };
}

export function login(registry: Registry): JobStep {
  return {
    name: `Log in to ${registry.host}`,
    uses: pinned('docker/login-action'),
    with: { registry: registry.host, username: registry._username, password: registry._password },
  };
}

/**
 * Tags (branch, semver, sha) and OCI labels. The image's own labels (Cargo metadata and the
 * user's) are passed back in, so the repository's name and description do not replace them.
 */
function metadata(image: CiImage, withTags: boolean): JobStep {
  const labels = image.labels.map(([k, v]) => `${k}=${escapeExpressions(v)}`).join('\n');
  return {
    name: 'Image metadata',
    id: 'meta',
    uses: pinned('docker/metadata-action'),
    with: {
      images: '${{ steps.image.outputs.name }}',
      ...(withTags ? { tags: TAG_RULES } : {}),
      ...(labels ? { labels: `${labels}\n` } : {}),
    },
  };
}

/** Keyless signing: cosign exchanges the job's OIDC token for a short-lived Fulcio certificate. */
export function sign(digest: string): JobStep[] {
  return [
    { name: 'Install cosign', uses: pinned('sigstore/cosign-installer') },
    {
      name: 'Sign the image',
      env: { IMAGE: '${{ steps.image.outputs.name }}', DIGEST: digest },
      run: 'cosign sign --yes "${IMAGE}@${DIGEST}"\n',
    },
  ];
}
