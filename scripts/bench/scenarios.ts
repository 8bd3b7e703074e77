/**
 * One repetition of the scenarios for one Dockerfile: checkout A built cold, rebuilt
 * unchanged (the engine's fixed overhead), edited and rebuilt; checkout B (A's files before
 * the edit, every file time newer than A's build) edited and rebuilt; then a Cargo.lock change
 * in A. Builds run one after another (the machine has 2 cores).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { DockerfileUnderTest } from './dockerfiles';
import { timedBuild } from './engine';
import { addDependency, checkout, editSource, freshCheckout, tempDir } from './fixture';
import type { Sample, ScenarioId } from './results';
import { formatMiB, formatSeconds } from './stats';

export interface RepOptions {
  readonly run: string;
  readonly rep: number;
  readonly scenarios: readonly ScenarioId[];
  readonly log: (line: string) => void;
}

function describe(sample: Sample): string {
  const crates = `${sample.compiled.length} crates compiled`;
  const context = sample.contextBytes === undefined ? '' : `, context ${formatMiB(sample.contextBytes)}`;
  const image = sample.imageBytes === undefined ? '' : `, image ${formatMiB(sample.imageBytes)}`;
  return sample.ok ? `${formatSeconds(sample.seconds)}, ${crates}${context}${image}` : `FAILED after ${formatSeconds(sample.seconds)}:\n${sample.error}`;
}

/** Runs the scenarios that `options.scenarios` lists (cold always runs: the others start from it). */
export async function runRep(dockerfile: DockerfileUnderTest, options: RepOptions): Promise<Map<ScenarioId, Sample>> {
  const results = new Map<ScenarioId, Sample>();
  const stamp = `${options.run}-${dockerfile.id}-r${options.rep}`;
  const tag = `prd-bench-${dockerfile.id}:${options.run}-r${options.rep}`;
  const a = checkout(stamp);
  dockerfile.write(a, stamp);
  // Checkout B's files, kept before A is built or edited.
  const pristine = tempDir('pristine');
  fs.cpSync(a, pristine, { recursive: true });
  options.log(`  [${dockerfile.id} r${options.rep}] checkout ${a} (Cargo.toml stamped "${stamp}", vendor/ from Debian, Dockerfile written)`);

  const step = async (scenario: ScenarioId, dir: string, what: string): Promise<Sample> => {
    const sample = await timedBuild(dir, tag);
    results.set(scenario, sample);
    options.log(`  [${dockerfile.id} r${options.rep}] ${scenario}: docker build ${what} → ${describe(sample)}`);
    return sample;
  };

  const cold = await step('cold', a, `of ${a} (cold)`);
  if (!cold.ok) {
    return results;
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
  fs.rmSync(path.join(pristine), { recursive: true, force: true });
  return results;
}
