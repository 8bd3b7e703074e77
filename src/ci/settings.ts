import type { ImageWorkflowOptions } from './options';
import type { Platform } from './platform';
import { REF_PATTERN, WORKFLOW_NAME } from './validate';
import { RustDockerError } from '../core/errors';

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
}

export function resolveSettings(options: ImageWorkflowOptions, platformOption?: Platform[]): CiSettings {
  if (options.workflowName !== undefined && !WORKFLOW_NAME.test(options.workflowName)) {
    throw new RustDockerError({
      option: 'workflowName',
      problem: `is '${options.workflowName}', which is not usable as a file name.`,
      fix: 'Use letters, digits, \'.\', \'_\' and \'-\' only, e.g. \'docker-api\'.',
    });
  }
  for (const [option, list] of [['branches', options.branches], ['tags', options.tags]] as const) {
    for (const pattern of list ?? []) {
      if (!REF_PATTERN.test(pattern)) {
        throw new RustDockerError({ option, problem: `has '${pattern}', which is not a git ref pattern.`, fix: 'Use git ref names and globs, without spaces, quotes or control characters, e.g. \'main\' or \'release/*\'.' });
      }
    }
  }
  const platforms = (platformOption ?? []).map((p) => p.value);
  const duplicate = platforms.find((p, i) => platforms.indexOf(p) !== i);
  if (duplicate) {
    throw new RustDockerError({ option: 'platforms', problem: `lists ${duplicate} twice.`, fix: 'List each platform once.' });
  }
  const timeout = options.timeoutMinutes ?? 30;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 360) {
    throw new RustDockerError({ option: 'timeoutMinutes', problem: `is ${timeout}, which is not a job time limit.`, fix: 'Give whole minutes from 1 to 360 (GitHub\'s limit for hosted runners).' });
  }
  const runsOn = options.runsOn ?? ['ubuntu-latest'];
  if (runsOn.length === 0) {
    throw new RustDockerError({ option: 'runsOn', problem: 'is empty.', fix: 'Give at least one runner label, e.g. [\'ubuntu-latest\'].' });
  }
  const settings: CiSettings = {
    branches: options.branches ? [...options.branches] : undefined,
    tags: [...(options.tags ?? ['v*'])],
    pullRequests: options.pullRequests ?? true,
    platforms,
    cargoTest: options.cargoTest ?? false,
    signing: options.signing ?? false,
    runsOn: [...runsOn],
    timeoutMinutes: timeout,
  };
  if (!settings.pullRequests && settings.tags.length === 0 && settings.branches?.length === 0) {
    throw new RustDockerError({ problem: 'no trigger is left: pullRequests is false and branches and tags are empty.', fix: 'Set one, or use enabled: false to generate no CI.' });
  }
  return settings;
}
