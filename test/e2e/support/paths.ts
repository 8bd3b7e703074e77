import * as path from 'path';

/** The repository root (the checkout: never synthesize into it). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Where the committed Rust fixtures live. */
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'e2e');

/** Report files: `e2e-report.json` and `e2e-report.md`. */
export const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output');

/** One JSON file per variant, collected into the report by the global teardown. */
export const RESULTS_DIR = path.join(OUTPUT_DIR, 'e2e-results');

/** The repository's engine and base-image scripts. */
export const SCRIPTS_DIR = path.join(REPO_ROOT, 'scripts');
