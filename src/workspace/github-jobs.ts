import { github } from 'projen';
import { CiImage } from '../ci/ci-image';
import { pinned } from '../ci/github/action-pins';
import { buildx, checkout, login, sign, TAG_RULES } from '../ci/github/jobs';
import { Registry } from '../ci/registry';
import { CiSettings } from '../ci/settings';
import { escapeExpressions, shellQuote, shellWords } from '../ci/shell';
import { githubSmokeScript } from '../ci/smoke-script';

type Job = github.workflows.Job;
type JobStep = github.workflows.JobStep;
const READ = github.workflows.JobPermission.READ;
const WRITE = github.workflows.JobPermission.WRITE;

const ON_PUSH = 'github.event_name == \'push\'';
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
}

/**
 * The jobs of a workspace's image workflow: optional `cargo test` of the workspace, `build`
 * (a matrix over the images: build with the image's own cache scope, load, smoke-test),
 * `push` on pushes (the same matrix: tags, labels, provenance, SBOM, optional signature),
 * and the drift check.
 */
export function workspaceJobs(input: WorkspaceJobsInput): { [id: string]: Job } {
  const jobs: { [id: string]: Job } = {};
  if (input.settings.cargoTest) {
    jobs.test = testJob(input);
  }
  jobs.build = buildJob(input);
  jobs.push = pushJob(input);
  if (input.driftSteps) {
    jobs.drift = {
      name: 'Generated files are up to date',
      runsOn: input.settings.runsOn,
      permissions: { contents: READ },
      timeoutMinutes: 15,
      steps: [checkout(), ...input.driftSteps],
    };
  }
  return jobs;
}

function testJob(input: WorkspaceJobsInput): Job {
  const channel = shellQuote(input.rustChannel);
  return {
    name: 'cargo test',
    runsOn: input.settings.runsOn,
    permissions: { contents: READ },
    timeoutMinutes: input.settings.timeoutMinutes,
    defaults: input.context === '.' ? undefined : { run: { workingDirectory: input.context } },
    steps: [
      checkout(),
      { name: `Install Rust ${input.rustChannel}`, run: `rustup toolchain install ${channel} --profile minimal --no-self-update\nrustup default ${channel}\n` },
      { name: 'Cache the Cargo build', uses: pinned('Swatinem/rust-cache'), with: { workspaces: `${input.context} -> target`, key: input.name } },
      { name: 'cargo test', run: shellWords(['cargo', ...input.cargoTestArgs]) },
    ],
  };
}

function buildJob(input: WorkspaceJobsInput): Job {
  const smokes = input.images
    .map(({ ci }) => ({ target: ci.name, script: githubSmokeScript(ci, undefined) }))
    .filter((s): s is { target: string; script: string } => s.script !== undefined);
  return {
    name: `Build ${MATRIX_IMAGE}`,
    needs: input.settings.cargoTest ? ['test'] : undefined,
    runsOn: input.settings.runsOn,
    permissions: { contents: READ },
    timeoutMinutes: input.settings.timeoutMinutes,
    strategy: { failFast: false, matrix: { domain: { image: input.images.map(({ ci }) => ci.name) } } },
    steps: [
      checkout(),
      buildx(),
      {
        name: 'Build the image',
        id: 'build',
        uses: pinned('docker/build-push-action'),
        with: {
          'context': input.context,
          'file': input.dockerfile,
          'target': MATRIX_IMAGE,
          'load': true,
          'push': false,
          'tags': `local/${MATRIX_IMAGE}:ci`,
          'cache-from': `type=gha,scope=${MATRIX_IMAGE}`,
          'cache-to': `type=gha,mode=max,scope=${MATRIX_IMAGE}`,
        },
      },
      // One smoke step per image that has a check; each runs in its own matrix job only.
      ...smokes.map(({ target, script }) => ({
        name: `Smoke test ${target}`,
        if: `matrix.image == '${target}'`,
        run: script,
        timeoutMinutes: 5,
      })),
    ],
  };
}

function pushJob(input: WorkspaceJobsInput): Job {
  const { settings } = input;
  return {
    name: `Push ${MATRIX_IMAGE}`,
    needs: ['build'],
    if: ON_PUSH,
    runsOn: settings.runsOn,
    permissions: {
      contents: READ,
      ...(input.registry._packagesWrite ? { packages: WRITE } : {}),
      ...(settings.signing ? { idToken: WRITE } : {}),
    },
    timeoutMinutes: settings.timeoutMinutes,
    strategy: {
      failFast: false,
      matrix: {
        include: input.images.map(({ ci, pushName }) => ({
          image: ci.name,
          name: pushName,
          labels: ci.labels.map(([k, v]) => `${k}=${escapeExpressions(v)}`).join('\n'),
        })),
      },
    },
    steps: [
      checkout(),
      buildx(),
      {
        name: 'Image name',
        id: 'image',
        shell: 'bash',
        env: { IMAGE: '${{ matrix.name }}' },
        run: 'echo "name=${IMAGE,,}" >> "$GITHUB_OUTPUT"\n',
      },
      login(input.registry),
      {
        name: 'Image metadata',
        id: 'meta',
        uses: pinned('docker/metadata-action'),
        with: { images: '${{ steps.image.outputs.name }}', tags: TAG_RULES, labels: '${{ matrix.labels }}' },
      },
      {
        name: 'Build and push',
        id: 'build',
        uses: pinned('docker/build-push-action'),
        with: {
          'context': input.context,
          'file': input.dockerfile,
          'target': MATRIX_IMAGE,
          'push': true,
          'tags': '${{ steps.meta.outputs.tags }}',
          'labels': '${{ steps.meta.outputs.labels }}',
          'provenance': true,
          'sbom': true,
          'cache-from': `type=gha,scope=${MATRIX_IMAGE}`,
          'cache-to': `type=gha,mode=max,scope=${MATRIX_IMAGE}`,
        },
      },
      ...(settings.signing ? sign('${{ steps.build.outputs.digest }}') : []),
    ],
  };
}
