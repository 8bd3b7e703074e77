/** The Docker engine calls of the benchmark: a timed build, image size, the engine version. */
import { contextBytes } from './build-log';
import type { Sample } from './results';
import { compiledCrates } from '../../test/e2e/support/build-log';
import { build, docker, inspectImage } from '../../test/e2e/support/docker';
import { tail } from '../../test/e2e/support/exec';

/** `docker build --progress=plain` of `<dir>/Dockerfile` as `tag`; the wall seconds and what the log says. */
export async function timedBuild(dir: string, tag: string): Promise<Sample> {
  const result = await build(dir, tag);
  const sample: Sample = {
    seconds: result.seconds,
    ok: result.ok,
    compiled: compiledCrates(result.log),
    contextBytes: contextBytes(result.log),
    error: result.ok ? undefined : tail(result.log, 30),
  };
  if (!result.ok) {
    return sample;
  }
  return { ...sample, imageBytes: (await inspectImage(tag)).size };
}

export async function engineVersion(): Promise<string> {
  const result = await docker(['version', '--format', 'server {{.Server.Version}} (API {{.Server.APIVersion}}), client {{.Client.Version}}']);
  return result.code === 0 ? result.stdout.trim() : `unknown (${result.stderr.trim()})`;
}
