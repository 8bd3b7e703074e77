import type { PlannedHealthcheck } from '../plan/healthcheck-rules';

/**
 * The smoke test's wait for an image's HEALTHCHECK: once the container runs, CI polls
 * `docker inspect` until its health status is `healthy`, and fails as soon as it is
 * `unhealthy`, the container stopped, or the deadline passed.
 */
export interface HealthWait {
  /**
   * The deadline in seconds: the start period plus one check more than `retries` (interval and
   * timeout each), plus 10 s. By then Docker has called the container healthy or unhealthy.
   */
  readonly seconds: number;
}

/** What `docker inspect` prints while the container runs and its first checks are pending. */
const STARTING = 'running/starting';
const HEALTHY = 'running/healthy';
const STATE = 'docker inspect --format \'{{.State.Status}}/{{.State.Health.Status}}\' smoke';
const HEALTH_LOG = 'docker inspect --format \'{{json .State.Health}}\' smoke';
/** Seconds between two polls. */
const POLL = 2;

/** The wait for an image's health check, or undefined when it has none (or `HEALTHCHECK NONE`). */
export function healthWait(check: PlannedHealthcheck | undefined): HealthWait | undefined {
  if (check === undefined || check.kind === 'none') {
    return undefined;
  }
  const t = check.timing;
  return { seconds: Math.ceil((t.startPeriodMs + (t.retries + 1) * (t.intervalMs + t.timeoutMs)) / 1000) + 10 };
}

/** Minutes for a smoke step that waits for health: the step's usual 5, or the wait and 3 minutes more. */
export function healthStepMinutes(wait: HealthWait | undefined): number {
  return wait === undefined ? 5 : Math.max(5, Math.ceil(wait.seconds / 60) + 3);
}

/**
 * bash lines for a GitHub runner (container `smoke` running): poll until healthy with a
 * deadline; on failure print the health log (the probe's last outputs) and exit 1.
 */
export function githubHealthLines(wait: HealthWait): string[] {
  return [
    `deadline=$((SECONDS + ${wait.seconds}))`,
    `state=${STARTING}`,
    `while [ "$state" != ${HEALTHY} ]; do`,
    `  if [ "$state" != ${STARTING} ] || [ "$SECONDS" -ge "$deadline" ]; then`,
    `    echo "smoke test failed: the container did not become healthy within ${wait.seconds} s (state: $state)" >&2`,
    `    ${HEALTH_LOG}`,
    '    exit 1',
    '  fi',
    `  sleep ${POLL}`,
    `  state=$(${STATE})`,
    'done',
    'echo "the container is healthy"',
  ];
}

/**
 * sh lines for a GitLab job (container `smoke` running, `$ok` set when the earlier check
 * passed or there was none): the poll, then the health log when it did not become healthy.
 * `gitlabHealthVerdict` fails the job afterwards, once the logs are printed.
 */
export function gitlabHealthLine(wait: HealthWait): string {
  const polls = Math.ceil(wait.seconds / POLL);
  return `state=""; if [ -n "$ok" ]; then for _ in $(seq 1 ${polls}); do state=$(${STATE}); if [ "$state" != ${STARTING} ]; then break; fi; sleep ${POLL}; done; ` +
    `if [ "$state" != ${HEALTHY} ]; then ${HEALTH_LOG}; fi; fi`;
}

/** The sh line that fails a GitLab job whose container did not become healthy. */
export function gitlabHealthVerdict(wait: HealthWait): string {
  return `test -z "$ok" || [ "$state" = ${HEALTHY} ] || { echo "smoke test failed: the container did not become healthy within ${wait.seconds} s (state: $state)"; exit 1; }`;
}
