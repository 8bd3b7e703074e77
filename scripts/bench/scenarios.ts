/**
 * One repetition of the scenarios for one Dockerfile: checkout A built cold, rebuilt
 * unchanged (the engine's fixed overhead), edited and rebuilt; checkout B (A's files before
 * the edit, every file time newer than A's build) edited and rebuilt; then a Cargo.lock change
 * in A. Those run on the main engine. Last, the fresh runner on engine 26 (fresh-runner.ts),
 * from A's files before any edit. Builds run one after another (the machine has 2 cores).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { DockerfileUnderTest } from './dockerfiles';
import { timedBuild } from './engine';
import { addDependency, checkout, currentCrateSource, editSource, freshCheckout, tempDir } from './fixture';
import { freshRunnerSample } from './fresh-runner';
import type { Sample, ScenarioId } from './results';
import { formatMiB, formatSeconds } from './stats';
import type { DockerClient } from '../../test/e2e/support/docker';

export interface RepOptions {
  readonly run: string;
  readonly rep: number;
  readonly scenarios: readonly ScenarioId[];
  readonly log: (line: string) => void;
  /** Engine 26's client, when `fresh-runner` is selected and engine 26 is available. */
  readonly engine26?: DockerClient;
}

/** The scenarios measured on the main engine; each starts from the cold build. */
const MAIN_ENGINE: readonly ScenarioId[] = ['cold', 'noop', 'edit-same', 'edit-fresh', 'lock-change'];

function describe(sample: Sample): string {
  const crates = `${sample.compiled.length} crates compiled`;
  const context = sample.contextBytes === undefined ? '' : `, context ${formatMiB(sample.contextBytes)}`;
  const image = sample.imageBytes === undefined ? '' : `, image ${formatMiB(sample.imageBytes)}`;
  return sample.ok ? `${formatSeconds(sample.seconds)}, ${crates}${context}${image}` : `FAILED after ${formatSeconds(sample.seconds)}:\n${sample.error}`;
}

/**
 * Runs the scenarios that `options.scenarios` lists. On the main engine, cold always runs when
 * any main-engine scenario is selected (they start from it); `fresh-runner` alone builds only
 * on engine 26.
 */
export async function runRep(dockerfile: DockerfileUnderTest, options: RepOptions): Promise<Map<ScenarioId, Sample>> {
  const results = new Map<ScenarioId, Sample>();
  const stamp = `${options.run}-${dockerfile.id}-r${options.rep}`;
  const tag = `prd-bench-${dockerfile.id}:${options.run}-r${options.rep}`;
  const a = checkout(stamp);
  dockerfile.write(a, stamp);
  // Checkout B's files, kept before A is built or edited.
  const pristine = tempDir('pristine');
  fs.cpSync(a, pristine, { recursive: true });
  options.log(`  [${dockerfile.id} r${options.rep}] checkout ${a} (Cargo.toml stamped "${stamp}", ${currentCrateSource().name === 'registry' ? 'crates from the sparse registry, Cargo.lock generated against it' : 'vendor/ from Debian'}, Dockerfile written)`);

  const step = async (scenario: ScenarioId, dir: string, what: string): Promise<Sample> => {
    const sample = await timedBuild(dir, tag);
    results.set(scenario, sample);
    options.log(`  [${dockerfile.id} r${options.rep}] ${scenario}: docker build ${what} → ${describe(sample)}`);
    return sample;
  };

  if (options.scenarios.some((s) => MAIN_ENGINE.includes(s))) {
    await mainEngine(a, pristine, stamp, options, step);
  }
  if (options.scenarios.includes('fresh-runner') && options.engine26) {
    const sample = await freshRunnerSample(dockerfile, { client: options.engine26, pristine, stamp: `${options.run}-r${options.rep}`, log: options.log });
    results.set('fresh-runner', sample);
    options.log(`  [${dockerfile.id} r${options.rep}] fresh-runner: engine 26, cache imported from the registry, fresh checkout after editing src/main.rs → ${describe(sample)}`);
  }
  fs.rmSync(path.join(pristine), { recursive: true, force: true });
  return results;
}

async function mainEngine(
  a: string,
  pristine: string,
  stamp: string,
  options: RepOptions,
  step: (scenario: ScenarioId, dir: string, what: string) => Promise<Sample>,
): Promise<void> {
  const cold = await step('cold', a, `of ${a} (cold)`);
  if (!cold.ok) {
    return;
  }
  if (options.scenarios.includes('noop')) {
    await step('noop', a, 'again, nothing changed');
  }
  if (options.scenarios.includes('edit-same')) {
    editSource(a, `edit ${stamp}`);
    await step('edit-same', a, 'after editing src/main.rs in the same checkout');
  }
  if (options.scenarios.includes('edit-fresh')) {
    const b = freshCheckout(pristine, new Date(Date.now() + 60_000));
    editSource(b, `fresh ${stamp}`);
    await step('edit-fresh', b, `of fresh checkout ${b} (same files, times set 60 s in the future) after editing src/main.rs`);
  }
  if (options.scenarios.includes('lock-change')) {
    addDependency(a);
    await step('lock-change', a, 'after adding itoa to Cargo.toml, regenerating Cargo.lock and vendor/');
  }
}
