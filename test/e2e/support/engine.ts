/**
 * Is there a Docker engine, and may the suite start one? In CI (`CI=true`) the suite never
 * skips: it starts the engine with scripts/docker-engine.sh, and fails loudly if that fails.
 * Locally, without an engine, the suite is skipped with the reason printed.
 */
import * as path from 'path';
import { docker, dockerClient, setDockerClient } from './docker';
import { exec, tail } from './exec';
import { SCRIPTS_DIR } from './paths';

export interface EngineStatus {
  readonly ok: boolean;
  /** `server 20.10.24, client 20.10.24` when ok; why not otherwise. */
  readonly detail: string;
}

export async function engineAnswers(): Promise<EngineStatus> {
  try {
    const result = await docker(['version', '--format', 'server {{.Server.Version}}, client {{.Client.Version}}'], 15_000);
    if (result.code === 0) {
      return { ok: true, detail: result.stdout.trim() };
    }
    return { ok: false, detail: `'${dockerClient()} version' failed: ${tail(result.stderr || result.stdout, 3)}` };
  } catch (e) {
    return { ok: false, detail: `cannot run '${dockerClient()}': ${(e as Error).message}` };
  }
}

/**
 * Starts the engine with scripts/docker-engine.sh (installing Debian's docker.io if needed)
 * and switches to the client it names on its last line (`DOCKER=/usr/bin/docker`).
 */
export async function startEngine(): Promise<EngineStatus> {
  const result = await exec('bash', [path.join(SCRIPTS_DIR, 'docker-engine.sh')], { timeoutMs: 300_000 });
  if (result.code !== 0) {
    return { ok: false, detail: `scripts/docker-engine.sh failed: ${tail(result.stderr, 10)}` };
  }
  const named = /^DOCKER=(.+)$/m.exec(result.stdout);
  if (named) {
    setDockerClient(named[1].trim());
  }
  return engineAnswers();
}

export function inCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}
