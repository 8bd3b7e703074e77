/**
 * `npx projen docker:pin`: synthesis with `PROJEN_RUST_DOCKER_PIN=1`. Each image component
 * hands over the images its Dockerfile pulls (before pinning); they are resolved to their
 * current digests with the docker CLI, and the components render with those digests. The lock
 * files are written only once every component has planned (in `synthesize`), so a failure
 * writes nothing, and each is logged with what changed. One refresh per project.
 */
import * as path from 'path';
import type { Project } from 'projen';
import { Component } from 'projen';
import { compareStrings } from '../core/compare';
import { RustDockerError } from '../core/errors';
import type { ImageLock } from '../pin/image-lock';
import { lockChanges, writeImageLock } from '../pin/image-lock';
import type { DigestResolver } from '../pin/resolve-digest';
import { dockerDigestResolver } from '../pin/resolve-digest';

/** The variable the `docker:pin` task sets for its synthesis. */
export const PIN_ENV = 'PROJEN_RUST_DOCKER_PIN';

/** The task that refreshes the lock files. */
export const PIN_TASK = 'docker:pin';

const REFRESH_ID = 'RustDockerImageLockRefresh';

interface LockState {
  readonly root: string;
  readonly name: string;
  readonly before: ReadonlyMap<string, string>;
  readonly after: Map<string, string>;
}

/** Whether this synthesis is `docker:pin`'s. */
export function pinning(): boolean {
  return process.env[PIN_ENV] === '1';
}

export class ImageLockRefresh extends Component {
  /** The resolver of this process (tests replace it). @internal */
  public static _resolver: DigestResolver | undefined;

  /** The refresh of `project`, created on first use. */
  public static of(project: Project): ImageLockRefresh {
    const existing = project.node.tryFindChild(REFRESH_ID);
    return existing instanceof ImageLockRefresh ? existing : new ImageLockRefresh(project);
  }

  /** Adds `docker:pin` to the project once (not to an ejected project, which has no synthesis). */
  public static addTask(project: Project): void {
    if (project.tasks.tryFind(PIN_TASK) || !project.defaultTask) {
      return;
    }
    project.addTask(PIN_TASK, {
      description: 'Resolve the base images of the generated Dockerfiles to their current digests, write them to the lock files (baseImageLock, default docker-images.lock.json) and synthesize with them',
      env: { [PIN_ENV]: '1' },
      steps: [{ spawn: project.defaultTask.name }],
    });
  }

  private readonly locks = new Map<string, LockState>();
  private readonly digests = new Map<string, string>();

  private constructor(project: Project) {
    super(project, REFRESH_ID);
  }

  /**
   * The lock of the build context `root` (absolute) with `images` resolved now, added to what
   * other components of this synthesis resolved into the same file. `current` is the file as
   * it was. Throws, naming the image and the file, when one does not resolve.
   */
  public refresh(root: string, name: string, images: readonly string[], current: ImageLock | undefined): ImageLock {
    const key = path.join(root, name);
    let state = this.locks.get(key);
    if (!state) {
      state = { root, name, before: current?.digests ?? new Map(), after: new Map() };
      this.locks.set(key, state);
    }
    const resolve = ImageLockRefresh._resolver ?? dockerDigestResolver();
    for (const image of images) {
      let digest = this.digests.get(image);
      if (!digest) {
        try {
          digest = resolve(image);
          if (!/^sha256:[a-f0-9]{64}$/.test(digest)) {
            throw new Error(`the docker CLI answered ${JSON.stringify(digest.slice(0, 100))}, which is not sha256: and 64 hex digits`);
          }
        } catch (e) {
          throw new RustDockerError({
            file: name,
            problem: `docker:pin could not resolve ${image}: ${(e as Error).message}. Nothing was written.`,
            fix: 'Check that the docker CLI reaches its registry (docker login for a private one; $DOCKER names another client), or pull the image first, then run `npx projen docker:pin` again.',
          });
        }
        this.digests.set(image, digest);
      }
      state.after.set(image, digest);
    }
    return { file: name, digests: new Map(state.after) };
  }

  /** Writes every lock file this synthesis refreshed and says what changed; then forgets them. */
  public synthesize(): void {
    for (const state of [...this.locks.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, s]) => s)) {
      writeImageLock(state.root, state.name, state.after);
      const file = path.relative(this.project.outdir, path.join(state.root, state.name)) || state.name;
      const lines = lockChanges(state.before, state.after).map((l) => `  ${l}`);
      this.project.logger.info(`docker:pin: wrote ${file} (${state.after.size} image${state.after.size === 1 ? '' : 's'})\n${lines.join('\n')}`);
    }
    this.locks.clear();
    this.digests.clear();
  }
}
