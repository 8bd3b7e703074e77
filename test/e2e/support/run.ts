/**
 * The identity of one suite run, chosen by the global setup and passed to the test files
 * through the environment: it names images (`prd-e2e-<name>:<run>`) and labels them, and
 * it makes each fixture copy's manifests unique so that the first build of a run really
 * compiles (BuildKit's cache from earlier runs cannot answer it).
 */
export const RUN_ENV = 'PRD_E2E_RUN';

/** Set by the global setup when the suite must be skipped (no engine, not in CI). */
export const SKIP_ENV = 'PRD_E2E_SKIP';

export function runId(): string {
  return process.env[RUN_ENV] ?? 'adhoc';
}

export function newRunId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}
