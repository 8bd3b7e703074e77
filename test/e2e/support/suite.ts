/**
 * `describe` for end-to-end files: skipped (with the global setup's printed reason) when no
 * engine is available locally, or, for files that need engine 26 (`{ engine26: true }`), when
 * the global setup found it unavailable; otherwise removes, after the file, every container
 * and image it made (on the engine it made them on) and every fixture copy.
 */
import { removeCreated } from './docker';
import { ENGINE_26_SKIP_ENV } from './engine-26';
import { removeCopies } from './fixture';
import { RUN_ENV, SKIP_ENV } from './run';

export interface E2EOptions {
  /** The file builds on engine 26 (scripts/engine-26.sh: buildx, registry cache, bake). */
  readonly engine26?: boolean;
}

export function describeE2E(name: string, body: () => void, options: E2EOptions = {}): void {
  const skipped = process.env[SKIP_ENV] || (options.engine26 ? process.env[ENGINE_26_SKIP_ENV] : undefined);
  if (skipped) {
    describe.skip(`${name} (skipped: ${skipped})`, body);
    return;
  }
  describe(name, () => {
    beforeAll(() => {
      if (!process.env[RUN_ENV]) {
        throw new Error(`${RUN_ENV} is not set: run the suite with 'npx projen e2e' (jest --config test/e2e/jest.config.json), whose global setup prepares the engine and base images`);
      }
    });
    afterAll(async () => {
      await removeCreated();
      removeCopies();
    });
    body();
  });
}
