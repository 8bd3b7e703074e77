import type { github } from 'projen';
import { pinned } from './action-pins';
import { actionsLiteral } from '../../core/quote';
import type { BuildCredentials } from '../../plan/credentials-plan';
import { cacheTag } from '../cache-tag';
import { githubBuildCredentials } from '../credentials';
import { NATIVE_PLATFORM } from '../platform-util';
import type { Registry } from '../registry';

type JobStep = github.workflows.JobStep;

/** docker/metadata-action tag rules: branch name, semver (x.y.z and x.y) on tags, short SHA. */
export const TAG_RULES = [
  'type=ref,event=branch',
  'type=semver,pattern={{version}}',
  'type=semver,pattern={{major}}.{{minor}}',
  'type=sha',
].join('\n') + '\n';

/**
 * The image output of a push: pushed, every file time in its layers set to SOURCE_DATE_EPOCH
 * (`rewrite-timestamp`, BuildKit 0.13), so two builds of one commit give one digest.
 */
export const REPRODUCIBLE_PUSH = 'type=image,push=true,rewrite-timestamp=true';

/** docker/build-push-action inputs that push the image with its tags, labels, provenance and SBOM. */
export const PUSH_WITH_ATTESTATIONS = {
  outputs: REPRODUCIBLE_PUSH,
  tags: '${{ steps.meta.outputs.tags }}',
  labels: '${{ steps.meta.outputs.labels }}',
  provenance: true,
  sbom: true,
} as const;

export function checkout(): JobStep {
  return { name: 'Checkout', uses: pinned('actions/checkout'), with: { 'persist-credentials': false } };
}

export function qemu(platforms: string[]): JobStep {
  return { name: 'Set up QEMU', uses: pinned('docker/setup-qemu-action'), with: { platforms: platforms.filter((p) => p !== NATIVE_PLATFORM).join(',') } };
}

export function buildx(): JobStep {
  return { name: 'Set up Docker Buildx', uses: pinned('docker/setup-buildx-action') };
}

/** What docker/build-push-action builds: paths relative to the repository root. */
export interface BuildSource {
  readonly context: string;
  readonly dockerfile: string;
  /** Tokens and SSH the build needs (secret-envs, ssh); the job loads the agent first (`githubSshAgent`). */
  readonly credentials?: BuildCredentials;
}

/**
 * The build cache of one docker/build-push-action step: the scope it reads and writes, and
 * the scopes it reads first.
 */
export interface StepCache {
  /** This build's own scope, e.g. the workflow name. GitHub expressions (`${{ matrix.slug }}`) stay as they are. */
  readonly scope: string;
  /** Scopes read before it (e.g. the one a workspace's builder job wrote). */
  readonly imports?: string[];
  /** The registry cache's repository (`BuildCache.registry`); undefined for GitHub's cache service. */
  readonly repository?: string;
  /**
   * Whether the step writes a registry cache: true in jobs logged in to its registry, false
   * in jobs that are not (they only read it), or the condition (a GitHub expression's body)
   * under which it does. GitHub's cache service is always written.
   */
  readonly write: boolean | string;
}

/** docker/build-push-action's `cache-from` and `cache-to` inputs for a step's cache. */
function cacheInputs(cache: StepCache): { [key: string]: string } {
  const scopes = [...(cache.imports ?? []), cache.scope];
  if (cache.repository === undefined) {
    return {
      'cache-from': scopes.length === 1 ? `type=gha,scope=${cache.scope}` : scopes.map((s) => `type=gha,scope=${s}\n`).join(''),
      'cache-to': `type=gha,mode=max,scope=${cache.scope}`,
    };
  }
  const ref = (scope: string) => `type=registry,ref=${actionsLiteral(cache.repository!)}:${cacheTag(scope)}`;
  const to = `${ref(cache.scope)},mode=max`;
  return {
    'cache-from': scopes.length === 1 ? ref(cache.scope) : scopes.map((s) => `${ref(s)}\n`).join(''),
    // The repository is validated: no quotes or expressions, so it fits a single-quoted expression string.
    ...(cache.write === true ? { 'cache-to': to } : typeof cache.write === 'string' ? { 'cache-to': `\${{ ${cache.write} && '${to}' || '' }}` } : {}),
  };
}

/**
 * docker/build-push-action (step id `build`) with the build context and Dockerfile, the given
 * inputs, and the build cache (see `StepCache`).
 */
export function buildPush(name: string, source: BuildSource, inputs: { [key: string]: unknown }, cache: StepCache): JobStep {
  const credentials = githubBuildCredentials(source.credentials);
  return {
    name,
    id: 'build',
    uses: pinned('docker/build-push-action'),
    ...(Object.keys(credentials.env).length ? { env: credentials.env } : {}),
    with: {
      context: actionsLiteral(source.context),
      file: actionsLiteral(source.dockerfile),
      ...inputs,
      ...credentials.with,
      ...cacheInputs(cache),
    },
  };
}

/** Output `name` of step `image`: the image name in lower case (registry names must be; `github.repository` may not be). */
export function imageNameStep(imageName: string): JobStep {
  return {
    name: 'Image name',
    id: 'image',
    shell: 'bash',
    env: { IMAGE: imageName },
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

/** Image labels as docker/metadata-action takes them: `key=value` lines, expressions escaped. */
export function labelLines(labels: [string, string][]): string {
  return labels.map(([k, v]) => `${k}=${actionsLiteral(v)}`).join('\n');
}

/**
 * Tags (branch, semver, sha) and OCI labels (step id `meta`). The image's own labels (Cargo
 * metadata and the user's) are passed back in, so the repository's name and description do
 * not replace them.
 */
export function metadata(withTags: boolean, labels: string): JobStep {
  return {
    name: 'Image metadata',
    id: 'meta',
    uses: pinned('docker/metadata-action'),
    with: {
      images: '${{ steps.image.outputs.name }}',
      ...(withTags ? { tags: TAG_RULES } : {}),
      // The commit's time, not the run's: one commit, one image digest (sourceDate()).
      labels: `${labels}${labels && !labels.endsWith('\n') ? '\n' : ''}${CREATED_LABEL}\n`,
    },
  };
}

/**
 * The commit's time for reproducible images: `SOURCE_DATE_EPOCH` (buildx passes it to the build:
 * the image's creation and history times, and with `rewrite-timestamp` every file time) and
 * `SOURCE_DATE` (ISO 8601, the `org.opencontainers.image.created` label), for the later steps.
 */
export function sourceDate(): JobStep {
  return {
    name: 'Commit time (reproducible images)',
    run: 'echo "SOURCE_DATE_EPOCH=$(git log -1 --pretty=%ct)" >> "$GITHUB_ENV"\necho "SOURCE_DATE=$(git log -1 --pretty=%cI)" >> "$GITHUB_ENV"\n',
  };
}

/** The label docker/metadata-action would otherwise set to the time of the run. */
export const CREATED_LABEL = 'org.opencontainers.image.created=${{ env.SOURCE_DATE }}';

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
