/**
 * `describe` for end-to-end files: skipped (with the global setup's printed reason) when no
 * engine is available locally; otherwise removes, after the file, every container and image
 * it made and every fixture copy.
 */
import { removeCreated } from './docker';
import { removeCopies } from './fixture';
import { RUN_ENV, SKIP_ENV } from './run';

export function describeE2E(name: string, body: () => void): void {
  const skipped = process.env[SKIP_ENV];
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
