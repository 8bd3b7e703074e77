/**
 * Base images pinned by digest (`baseImageLock`): every `FROM` of a Dockerfile model the lock
 * file names becomes `name:tag@sha256:...`. Pure.
 */
import type { DockerfileModel } from './model';
import { RustDockerError } from '../core/errors';
import type { ImageLock } from '../plan/image-lock';
import { pinnedReference } from '../plan/image-lock';

/** Images a `FROM` names that a lock can pin: not `scratch`, not an earlier stage, no digest yet. */
export function pinnableImages(model: DockerfileModel): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
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
 * The model with every image the lock names pinned. With `required`, an image the lock does not
 * name is an error listing them all, with the command that resolves them.
 */
export function pinModel(model: DockerfileModel, lock: ImageLock | undefined, required: boolean, lockFile: string): DockerfileModel {
  const missing = pinnableImages(model).filter((image) => !lock?.digests.has(image));
  if (required && missing.length > 0) {
    throw new RustDockerError({
      option: 'requirePinnedImages',
      file: lockFile,
      problem: `${lock ? 'does not pin' : 'does not exist, so nothing pins'} ${missing.join(', ')}, which the Dockerfile names.`,
      fix: 'Run `npx projen docker:pin` to resolve their digests into the lock file, then `npx projen`.',
    });
  }
  if (!lock) {
    return model;
  }
  return { ...model, stages: model.stages.map((stage) => ({ ...stage, from: pinnedReference(stage.from, lock) })) };
}
