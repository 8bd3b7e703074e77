/**
 * Before any end-to-end file: pick the run id, make sure an engine answers (CI starts one,
 * or fails; locally the suite is skipped without one), then the base images
 * (scripts/base-images.sh) and the Debian-packaged crates the vendoring fixture needs.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { EngineStatus } from './support/engine';
import { engineAnswers, inCi, startEngine } from './support/engine';
import { ENGINE_26_SKIP_ENV, engine26Status, startEngine26 } from './support/engine-26';
import { exec, tail } from './support/exec';
import { RESULTS_DIR, SCRIPTS_DIR } from './support/paths';
import { writeSuiteInfo } from './support/report-file';
import { newRunId, RUN_ENV, SKIP_ENV } from './support/run';

/**
 * Crates from Debian's librust-*-dev packages: itoa and fnv for test/fixtures/e2e/vendored-service,
 * the C-library crates for test/fixtures/e2e/native-* (native-libraries.e2e.ts).
 */
const DEBIAN_CRATES = ['itoa', 'fnv', 'pq-sys', 'libsqlite3-sys', 'openssl', 'openssl-sys', 'prost', 'prost-build', 'libc', 'memchr', 'serde', 'serde_derive'];

export default async function globalSetup(config: { maxWorkers?: number }): Promise<void> {
  const started = Date.now();
  const runId = newRunId();
  process.env[RUN_ENV] = runId;
  process.env.PRD_E2E_STARTED = String(started);
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });

  let engine: EngineStatus = await engineAnswers();
  if (!engine.ok && inCi()) {
    log(`no engine answers (${engine.detail}); CI=true: starting one with scripts/docker-engine.sh`);
    engine = await startEngine();
    if (!engine.ok) {
      throw new Error(`e2e: no Docker engine in CI, and starting one failed: ${engine.detail}. The end-to-end suite never skips in CI.`);
    }
  }
  if (!engine.ok) {
    const reason = `no Docker engine answers (${engine.detail}); start one with 'bash scripts/docker-engine.sh' (root) or set DOCKER`;
    process.env[SKIP_ENV] = reason;
    log(`SKIPPING the end-to-end suite: ${reason}`);
    writeSuiteInfo({ runId, startedAt: new Date(started).toISOString(), skipped: reason });
    return;
  }
  log(`engine: ${engine.detail}; run ${runId}`);

  await script('base-images.sh', []);
  await script('debian-crates.sh', DEBIAN_CRATES);
  const engine26 = await engine26Setup();
  const setupSeconds = (Date.now() - started) / 1000;
  log(`setup done in ${setupSeconds.toFixed(1)} s`);
  writeSuiteInfo({
    runId,
    startedAt: new Date(started).toISOString(),
    engine: engine26 ? `${engine.detail}; engine 26: ${engine26}` : engine.detail,
    setupSeconds: Math.round(setupSeconds * 10) / 10,
    maxWorkers: String(config.maxWorkers ?? '?'),
  });
}

/**
 * Engine 26 (scripts/engine-26.sh: buildx, registry cache, bake) for the files that need it
 * (registry-cache.e2e.ts). In CI it is started when it does not answer (.ci/run starts it
 * before the suite), and the run fails if that fails: the suite never skips in CI. Locally,
 * without it, those files are skipped with the reason printed. Returns its description.
 */
async function engine26Setup(): Promise<string | undefined> {
  let status = await engine26Status();
  if (!status.ok && inCi()) {
    log(`${status.reason}; CI=true: starting it with scripts/engine-26.sh`);
    status = await startEngine26();
    if (!status.ok) {
      throw new Error(`e2e: engine 26 is not available in CI, and starting it failed: ${status.reason}. The end-to-end suite never skips in CI.`);
    }
  }
  if (!status.ok) {
    process.env[ENGINE_26_SKIP_ENV] = `${status.reason}; start it with 'bash scripts/engine-26.sh' (root)`;
    log(`SKIPPING the suites that need engine 26: ${process.env[ENGINE_26_SKIP_ENV]}`);
    return undefined;
  }
  log(`engine 26: ${status.detail}`);
  return status.detail;
}

async function script(name: string, args: string[]): Promise<void> {
  const result = await exec('bash', [path.join(SCRIPTS_DIR, name), ...args], { timeoutMs: 900_000 });
  if (result.code !== 0) {
    throw new Error(`e2e setup: scripts/${name} ${args.join(' ')} failed (exit ${result.code}):\n${tail(result.stderr + result.stdout, 30)}`);
  }
  log(`scripts/${name}: ${tail(result.stdout + result.stderr, 8).replace(/\n/g, '\n  ')}`);
}

function log(message: string): void {
  process.stdout.write(`[e2e] ${message}\n`);
}
