/**
 * After every end-to-end file: sweep this run's images (labelled with the run id; base
 * images are never touched) and write test-output/e2e-report.{json,md}.
 */
import { removeRunImages } from './support/docker';
import { ENGINE_26_SKIP_ENV, engine26Client } from './support/engine-26';
import { readResults, readSuiteInfo, writeReport } from './support/report-file';
import { runId, SKIP_ENV } from './support/run';

export default async function globalTeardown(): Promise<void> {
  if (!process.env[SKIP_ENV]) {
    await removeRunImages();
    if (!process.env[ENGINE_26_SKIP_ENV]) {
      try {
        await removeRunImages(engine26Client());
      } catch (e) {
        process.stdout.write(`[e2e] engine 26: sweeping the run's images failed: ${(e as Error).message}\n`);
      }
    }
  }
  const started = Number(process.env.PRD_E2E_STARTED ?? Date.now());
  const totalSeconds = Math.round((Date.now() - started) / 100) / 10;
  const suite = { runId: runId(), startedAt: new Date(started).toISOString(), ...readSuiteInfo(), totalSeconds };
  const results = readResults();
  writeReport(suite, results);
  const failed = results.filter((r) => r.status === 'fail').length;
  process.stdout.write(`\n[e2e] report: test-output/e2e-report.md (${results.length} variants, ${failed} failed, ${suite.totalSeconds} s)\n`);
}
