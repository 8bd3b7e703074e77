/**
 * The common steps of a variant: build twice (cold, then unchanged), check the final image,
 * and record the numbers.
 */
import { compiledCrates } from './build-log';
import type { BuildResult } from './docker';
import { buildOk, imageTag } from './docker';
import type { ImageExpectations } from './image-checks';
import { checkImage } from './image-checks';
import type { Recorder } from './report';

/**
 * Builds `dockerfile` in `dir` as `prd-e2e-<name>:<run>`, then again with nothing changed:
 * the second build must compile nothing (every step cached). Records both durations.
 */
export async function buildTwice(recorder: Recorder, dir: string, name: string, dockerfile = 'Dockerfile'): Promise<{ tag: string; cold: BuildResult }> {
  const tag = imageTag(name);
  const cold = await buildOk(dir, tag, dockerfile);
  const warm = await buildOk(dir, tag, dockerfile);
  expect(compiledCrates(warm.log)).toEqual([]);
  recorder.builds(tag, cold.seconds, warm.seconds);
  recorder.note('compiled (cold)', compiledCrates(cold.log));
  return { tag, cold };
}

/** `checkImage`, recording the image size, its budget and the binary size. */
export async function checkAndRecord(recorder: Recorder, tag: string, expected: ImageExpectations): Promise<void> {
  const facts = await checkImage(tag, expected);
  recorder.size(facts.imageBytes, facts.budgetBytes);
  recorder.note('binary KiB', Math.round(facts.binaryBytes / 1024));
}
