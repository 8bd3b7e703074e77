/**
 * The `fresh-runner` scenario, on engine 26 (scripts/engine-26.sh: Docker 26.1, buildx 0.13,
 * a plain-HTTP registry on 127.0.0.1:5000): the main engine (dockerd 20.10) has no buildx, so
 * no registry cache, and its build cache is shared with other work (never pruned).
 *
 * One repetition: the checkout is built with `--cache-to type=registry,mode=max` (not timed
 * for the scenario), engine 26's build cache is pruned and the image removed (a new runner:
 * only the base images are local), then a fresh checkout of the same files (every file time
 * newer) edits src/main.rs and is built with `--cache-from` only: that build is the figure.
 */
import { contextBytes } from './build-log';
import type { DockerfileUnderTest } from './dockerfiles';
import { editSource, freshCheckout } from './fixture';
import type { Sample } from './results';
import { compiledCrates } from '../../test/e2e/support/build-log';
import type { DockerClient } from '../../test/e2e/support/docker';
import { inspectImage } from '../../test/e2e/support/docker';
import type { Engine26Status } from '../../test/e2e/support/engine-26';
import { buildx, cacheRef, engine26Status, freshRunner, startEngine26 } from '../../test/e2e/support/engine-26';
import { tail } from '../../test/e2e/support/exec';

/**
 * Engine 26 for the scenario: answers as it is, else `scripts/engine-26.sh` is run (root; about
 * a second when it already runs). `ok: false` carries the reason the scenario is not measured.
 */
export async function freshRunnerEngine(log: (line: string) => void): Promise<Engine26Status> {
  const status = await engine26Status();
  if (status.ok) {
    return status;
  }
  log(`  [fresh-runner] ${status.reason}: running scripts/engine-26.sh`);
  return startEngine26();
}

export interface FreshRunnerOptions {
  readonly client: DockerClient;
  /** The checkout as written, before any build or edit (the fresh checkout copies it). */
  readonly pristine: string;
  /** Unique per run, Dockerfile and repetition: the registry cache tag and the image tag. */
  readonly stamp: string;
  readonly log: (line: string) => void;
}

/** One repetition of the scenario for one Dockerfile (already written into `pristine`). */
export async function freshRunnerSample(dockerfile: DockerfileUnderTest, options: FreshRunnerOptions): Promise<Sample> {
  const { client, pristine, stamp, log } = options;
  const ref = cacheRef(`bench-${dockerfile.id}`, stamp);
  const tag = `prd-bench-${dockerfile.id}:${stamp}-runner`;
  const failed = (seconds: number, what: string, text: string): Sample => ({ seconds, ok: false, compiled: [], error: `${what}:\n${tail(text, 30)}` });

  const exported = await buildx(client, pristine, tag, { cacheTo: ref });
  if (!exported.ok) {
    return failed(exported.seconds, `engine 26: buildx build --cache-to type=registry,ref=${ref},mode=max failed`, exported.log);
  }
  log(`  [${dockerfile.id}] fresh-runner: engine 26 build of ${pristine} with --cache-to ${ref} (not the figure): ${exported.seconds.toFixed(1)} s, ${compiledCrates(exported.log).length} crates compiled`);

  // A fresh runner: no build cache (cache mounts included), no image; the base images stay.
  try {
    await freshRunner(client, [tag]);
  } catch (e) {
    return failed(0, 'engine 26: removing the image and pruning the build cache failed', (e as Error).message);
  }

  const b = freshCheckout(pristine, new Date(Date.now() + 60_000));
  editSource(b, `fresh runner ${stamp}`);
  const result = await buildx(client, b, tag, { cacheFrom: ref });
  if (!result.ok) {
    return failed(result.seconds, `engine 26: buildx build --cache-from type=registry,ref=${ref} failed`, result.log);
  }
  if (!result.log.includes(`importing cache manifest from ${ref}`)) {
    log(`  [${dockerfile.id}] fresh-runner: WARNING the log shows no "importing cache manifest from ${ref}"`);
  }
  return {
    seconds: result.seconds,
    ok: true,
    compiled: compiledCrates(result.log),
    contextBytes: contextBytes(result.log),
    imageBytes: (await inspectImage(tag, client)).size,
  };
}
