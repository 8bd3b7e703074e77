/**
 * The second engine, `scripts/engine-26.sh`: Docker 26.1 with buildx 0.13 and the containerd
 * image store, beside the main engine (dockerd 20.10, which has no buildx), and a plain-HTTP
 * registry on 127.0.0.1:5000. For what the main engine cannot do: registry cache export and
 * import (`--cache-to`/`--cache-from type=registry`) and `docker buildx bake`.
 *
 * Used per call (`docker(args, timeout, client)` and the helpers below): the client the other
 * suites use (`dockerClient()`) is never changed. Its build cache may be pruned (a fresh
 * runner); the main engine's never is.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { BuildResult, DockerClient } from './docker';
import { docker, RUN_LABEL, trackImage } from './docker';
import { exec, tail } from './exec';
import { SCRIPTS_DIR } from './paths';
import { runId } from './run';

export const ENGINE_26_SCRIPT = path.join(SCRIPTS_DIR, 'engine-26.sh');

/** The registry `scripts/engine-26.sh` runs (plain HTTP, loopback). */
export const REGISTRY = '127.0.0.1:5000';

/** Set by the global setup when engine 26 is not available: the reason (its suites are skipped). */
export const ENGINE_26_SKIP_ENV = 'PRD_E2E_ENGINE26_SKIP';

export type Engine26Status =
  | { readonly ok: true; readonly client: DockerClient; readonly detail: string }
  | { readonly ok: false; readonly reason: string };

/**
 * The client of engine 26 as `scripts/engine-26.sh --env` names it (DOCKER, DOCKER_HOST,
 * DOCKER_CONFIG). Throws when the script is missing or fails.
 */
export function engine26Client(): DockerClient {
  if (!fs.existsSync(ENGINE_26_SCRIPT)) {
    throw new Error(`${path.relative(path.dirname(SCRIPTS_DIR), ENGINE_26_SCRIPT)} is missing`);
  }
  const text = execFileSync('bash', [ENGINE_26_SCRIPT, '--env'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  const env: { [name: string]: string } = {};
  for (const match of text.matchAll(/^export ([A-Z_]+)=(.*)$/gm)) {
    env[match[1]] = match[2].trim();
  }
  const { DOCKER: client, ...rest } = env;
  if (!client || !rest.DOCKER_HOST) {
    throw new Error(`scripts/engine-26.sh --env named no DOCKER and DOCKER_HOST:\n${text}`);
  }
  return { path: client, env: rest };
}

async function registryAnswers(): Promise<string | undefined> {
  try {
    const response = await fetch(`http://${REGISTRY}/v2/`, { signal: AbortSignal.timeout(5_000) });
    return response.status === 200 ? undefined : `http://${REGISTRY}/v2/ answered ${response.status}`;
  } catch (e) {
    return `no registry answers on http://${REGISTRY}/v2/ (${(e as Error).message})`;
  }
}

/** Does engine 26 answer, with buildx and the registry? Never throws. */
export async function engine26Status(): Promise<Engine26Status> {
  let client: DockerClient;
  try {
    client = engine26Client();
  } catch (e) {
    return { ok: false, reason: `engine 26: ${firstLine((e as Error).message)}` };
  }
  try {
    const version = await docker(['version', '--format', 'server {{.Server.Version}}, client {{.Client.Version}}'], 15_000, client);
    if (version.code !== 0) {
      return { ok: false, reason: `engine 26 does not answer on ${client.env.DOCKER_HOST}: ${tail(version.stderr || version.stdout, 3)}` };
    }
    const plugin = await docker(['buildx', 'version'], 15_000, client);
    if (plugin.code !== 0) {
      return { ok: false, reason: `engine 26's client has no buildx: ${tail(plugin.stderr || plugin.stdout, 3)}` };
    }
    const registry = await registryAnswers();
    if (registry) {
      return { ok: false, reason: `engine 26: ${registry}` };
    }
    return { ok: true, client, detail: `${version.stdout.trim()}, ${plugin.stdout.trim().split(' ').slice(0, 2).join(' ')}, registry ${REGISTRY}` };
  } catch (e) {
    return { ok: false, reason: `engine 26: cannot run '${client.path}': ${(e as Error).message}` };
  }
}

/**
 * Runs `scripts/engine-26.sh` (idempotent: about a second when it already runs; root needed;
 * the first time it downloads Debian trixie's docker packages and loads the base images),
 * then `engine26Status()`.
 */
export async function startEngine26(): Promise<Engine26Status> {
  if (!fs.existsSync(ENGINE_26_SCRIPT)) {
    return { ok: false, reason: 'engine 26: scripts/engine-26.sh is missing' };
  }
  const result = await exec('bash', [ENGINE_26_SCRIPT], { timeoutMs: 1_200_000 });
  if (result.code !== 0) {
    return { ok: false, reason: `scripts/engine-26.sh failed (exit ${result.code}): ${tail(result.stderr || result.stdout, 6)}` };
  }
  return engine26Status();
}

/** A registry cache reference: `127.0.0.1:5000/<repository>:<tag>`. */
export function cacheRef(repository: string, tag: string): string {
  return `${REGISTRY}/${repository}:${tag}`;
}

export interface BuildxOptions {
  /** Export the build cache to this registry reference (`type=registry,ref=...,mode=max`). */
  readonly cacheTo?: string;
  /** Import the build cache from this registry reference (`type=registry,ref=...`). */
  readonly cacheFrom?: string;
  readonly dockerfile?: string;
}

/**
 * `buildx build --progress=plain --load -t <tag>` of `<context>/Dockerfile` on engine 26,
 * labelled with the run id; the image is tracked for `removeCreated()`.
 */
export async function buildx(client: DockerClient, context: string, tag: string, options: BuildxOptions = {}): Promise<BuildResult> {
  trackImage(tag, client);
  const args = ['buildx', 'build', '--progress=plain'];
  if (options.cacheTo) {
    args.push('--cache-to', `type=registry,ref=${options.cacheTo},mode=max`);
  }
  if (options.cacheFrom) {
    args.push('--cache-from', `type=registry,ref=${options.cacheFrom}`);
  }
  args.push('--load', '-f', path.resolve(context, options.dockerfile ?? 'Dockerfile'), '-t', tag, '--label', `${RUN_LABEL}=${runId()}`, context);
  const result = await docker(args, undefined, client);
  return { ok: result.code === 0, log: result.stderr + result.stdout, seconds: result.seconds };
}

/** Like `buildx`, but a failed build throws with the end of its log. */
export async function buildxOk(client: DockerClient, context: string, tag: string, options: BuildxOptions = {}): Promise<BuildResult> {
  const result = await buildx(client, context, tag, options);
  if (!result.ok) {
    throw new Error(`buildx build in ${context} (engine 26) failed:\n${tail(result.log, 60)}`);
  }
  return result;
}

/**
 * A fresh runner: `buildx prune -af` (engine 26's whole build cache, cache mounts included)
 * and the images removed; base images stay.
 */
export async function freshRunner(client: DockerClient, images: string[]): Promise<void> {
  if (images.length > 0) {
    const removed = await docker(['image', 'rm', '-f', ...images], undefined, client);
    if (removed.code !== 0) {
      throw new Error(`engine 26: docker image rm ${images.join(' ')} failed:\n${tail(removed.stderr, 10)}`);
    }
  }
  const pruned = await docker(['buildx', 'prune', '-af'], 600_000, client);
  if (pruned.code !== 0) {
    throw new Error(`engine 26: docker buildx prune -af failed:\n${tail(pruned.stderr || pruned.stdout, 10)}`);
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0];
}
