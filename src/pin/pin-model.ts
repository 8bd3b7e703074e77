/**
 * Base images pinned by digest (`baseImageLock`): every image a Dockerfile model pulls (each
 * `FROM` and the `# syntax=` frontend) that the lock file names becomes `name:tag@sha256:...`.
 * Pure.
 */
import type { ImageLock } from './image-lock';
import { pinnedReference } from './image-lock';
import { RustDockerError } from '../core/errors';
import type { DockerfileModel } from '../dockerfile/model';

/**
 * Images the model pulls that a lock can pin, in the order the Dockerfile names them: the
 * `# syntax=` frontend, then each `FROM` that is not `scratch`, not an earlier stage and has
 * no digest yet.
 */
export function pinnableImages(model: DockerfileModel): string[] {
  const stages = new Set<string>();
  const images: string[] = model.syntax && !model.syntax.includes('@') ? [model.syntax] : [];
  for (const stage of model.stages) {
    if (stage.from !== 'scratch' && !stages.has(stage.from) && !stage.from.includes('@') && !images.includes(stage.from)) {
      images.push(stage.from);
    }
    if (stage.name) {
      stages.add(stage.name);
    }
  }
  return images;
}

/**
 * Fails when `required` and the lock misses an image the model pulls, listing them all with
 * the command that resolves them.
 */
export function checkPinned(model: DockerfileModel, lock: ImageLock | undefined, required: boolean, lockFile: string): void {
  const missing = pinnableImages(model).filter((image) => !lock?.digests.has(image));
  if (required && missing.length > 0) {
    throw new RustDockerError({
      option: 'requirePinnedImages',
      file: lockFile,
      problem: `${lock ? 'does not pin' : 'does not exist, so nothing pins'} ${missing.join(', ')}, which the Dockerfile pulls.`,
      fix: 'Run `npx projen docker:pin`: it resolves their digests into the lock file and synthesizes again.',
    });
  }
}

/**
 * The model with every image the lock names pinned (checked first with `checkPinned`).
 */
export function pinModel(model: DockerfileModel, lock: ImageLock | undefined, required: boolean, lockFile: string): DockerfileModel {
  checkPinned(model, lock, required, lockFile);
  if (!lock) {
    return model;
  }
  return {
    ...model,
    syntax: model.syntax ? pinnedReference(model.syntax, lock) : undefined,
    stages: model.stages.map((stage) => ({ ...stage, from: pinnedReference(stage.from, lock) })),
  };
}
