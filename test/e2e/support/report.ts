/**
 * Measurements per variant. Each `variant(...)` is one Jest test; its result (pass/fail,
 * image size, build times, notes) is written to test-output/e2e-results/<file>-<variant>.json and
 * collected by the global teardown into test-output/e2e-report.{json,md}. The numbers are
 * measurements, never assertions.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RESULTS_DIR } from './paths';

export type NoteValue = string | number | boolean | string[];

export interface VariantResult {
  readonly variant: string;
  readonly file: string;
  readonly status: 'pass' | 'fail';
  readonly image?: string;
  readonly imageBytes?: number;
  readonly budgetBytes?: number;
  /** First build of the run (manifests unique to the run: dependencies and crate compile). */
  readonly coldBuildSeconds?: number;
  /** The same build again with nothing changed. */
  readonly warmRebuildSeconds?: number;
  readonly notes: { [key: string]: NoteValue };
  readonly error?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Collects one variant's measurements. */
export class Recorder {
  public readonly result: Mutable<Omit<VariantResult, 'status'>>;

  constructor(name: string, file: string) {
    this.result = { variant: name, file, notes: {} };
  }

  public builds(image: string, coldSeconds: number, warmSeconds: number): void {
    this.result.image = image;
    this.result.coldBuildSeconds = round(coldSeconds);
    this.result.warmRebuildSeconds = round(warmSeconds);
  }

  public size(imageBytes: number, budgetBytes: number): void {
    this.result.imageBytes = imageBytes;
    this.result.budgetBytes = budgetBytes;
  }

  public note(key: string, value: NoteValue): void {
    this.result.notes[key] = typeof value === 'number' ? round(value) : value;
  }
}

/** Declares a Jest test whose outcome and measurements go into the report. */
export function variant(name: string, body: (recorder: Recorder) => Promise<void>): void {
  test(name, async () => {
    const recorder = new Recorder(name, path.basename(expect.getState().testPath ?? ''));
    try {
      await body(recorder);
      writeResult({ ...recorder.result, status: 'pass' });
    } catch (e) {
      writeResult({ ...recorder.result, status: 'fail', error: firstLines((e as Error).message, 12) });
      throw e;
    }
  });
}

function writeResult(result: VariantResult): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const slug = `${result.file} ${result.variant}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  fs.writeFileSync(path.join(RESULTS_DIR, `${slug}.json`), JSON.stringify(result, null, 2) + '\n');
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

function firstLines(text: string, lines: number): string {
  return text.split('\n').slice(0, lines).join('\n');
}
