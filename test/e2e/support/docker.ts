/**
 * The Docker client for the suite: BuildKit builds, containers, image inspection and the
 * image's filesystem. Everything it creates is tracked and removed by `removeCreated()`;
 * images also carry the run's label so the global teardown can sweep them.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Completed } from './exec';
import { exec, pipe, tail } from './exec';
import { SCRIPTS_DIR } from './paths';
import { runId } from './run';

/** Label on every image the suite builds; its value is the run id. */
export const RUN_LABEL = 'org.projen-rust-docker.e2e.run';

/**
 * Another engine's client, for single calls (e.g. engine 26, test/e2e/support/engine-26.ts):
 * its binary and the environment it needs (DOCKER_HOST, DOCKER_CONFIG). Calls without one use
 * `dockerClient()` with the process's environment, as before.
 */
export interface DockerClient {
  readonly path: string;
  readonly env: { readonly [name: string]: string };
}

/** What was created through one client (the default one under the key ''). */
interface Created {
  readonly on?: DockerClient;
  readonly containers: Set<string>;
  readonly images: Set<string>;
}

const created = new Map<string, Created>();
let containerCount = 0;
let client: string | undefined;

function tracked(on?: DockerClient): Created {
  const key = on ? `${on.path} ${JSON.stringify(on.env)}` : '';
  let entry = created.get(key);
  if (!entry) {
    entry = { on, containers: new Set(), images: new Set() };
    created.set(key, entry);
  }
  return entry;
}

/** Tracks an image built outside `build` (e.g. `buildx build`, `buildx bake`) for `removeCreated()`. */
export function trackImage(tag: string, on?: DockerClient): void {
  tracked(on).images.add(tag);
}

/** `$DOCKER`, else what `scripts/docker-client.sh` names (a client with BuildKit). */
export function dockerClient(): string {
  client ??= process.env.DOCKER || execFileSync('bash', [path.join(SCRIPTS_DIR, 'docker-client.sh')], { encoding: 'utf8' }).trim();
  return client;
}

/** Uses `path` as the client from now on, in this process and the test workers started after. */
export function setDockerClient(clientPath: string): void {
  client = clientPath;
  process.env.DOCKER = clientPath;
}

/** Runs the client (`on`, else the default one) with BuildKit on; never throws for a non-zero exit. */
export function docker(args: string[], timeoutMs?: number, on?: DockerClient): Promise<Completed> {
  return exec(on?.path ?? dockerClient(), args, { env: { ...process.env, DOCKER_BUILDKIT: '1', ...on?.env }, timeoutMs });
}

/** Runs the client (`on`, else the default one) and returns stdout; a non-zero exit throws with the error output. */
export async function dockerOk(args: string[], on?: DockerClient): Promise<string> {
  const result = await docker(args, undefined, on);
  if (result.code !== 0) {
    throw new Error(`docker ${args.join(' ')} exited with ${result.code}:\n${tail(result.stderr || result.stdout, 40)}`);
  }
  return result.stdout;
}

/** A tag unique to this run: `prd-e2e-<name>:<run id>`. */
export function imageTag(name: string): string {
  return `prd-e2e-${name}:${runId()}`;
}

export interface BuildResult {
  readonly ok: boolean;
  /** The plain-progress build log (BuildKit writes it to stderr). */
  readonly log: string;
  readonly seconds: number;
}

/**
 * `docker build --progress=plain -f <dockerfile> -t <tag> <context>`; `dockerfile` is relative
 * to the context (or absolute, for a Dockerfile kept outside it).
 */
export async function build(context: string, tag: string, dockerfile = 'Dockerfile'): Promise<BuildResult> {
  tracked().images.add(tag);
  const result = await docker(['build', '--progress=plain', '-f', path.resolve(context, dockerfile), '-t', tag, '--label', `${RUN_LABEL}=${runId()}`, context]);
  return { ok: result.code === 0, log: result.stderr + result.stdout, seconds: result.seconds };
}

/** Like `build`, but a failed build throws with the end of its log. */
export async function buildOk(context: string, tag: string, dockerfile = 'Dockerfile'): Promise<BuildResult> {
  const result = await build(context, tag, dockerfile);
  if (!result.ok) {
    throw new Error(`docker build of ${dockerfile} in ${context} failed:\n${tail(result.log, 60)}`);
  }
  return result;
}

export interface ImageInfo {
  readonly user: string;
  readonly size: number;
  readonly entrypoint: string[];
}

export async function inspectImage(image: string, on?: DockerClient): Promise<ImageInfo> {
  const [info] = JSON.parse(await dockerOk(['image', 'inspect', image], on));
  return { user: info.Config.User ?? '', size: info.Size, entrypoint: info.Config.Entrypoint ?? [] };
}

function containerName(on?: DockerClient): string {
  containerCount += 1;
  const name = `prd-e2e-${runId()}-${process.pid}-${containerCount}`;
  tracked(on).containers.add(name);
  return name;
}

/** Runs the image to completion (`docker run --rm`), optionally with another entrypoint; `on`: another engine's client. */
export function runImage(image: string, args: string[] = [], entrypoint?: string, on?: DockerClient): Promise<Completed> {
  const flags = entrypoint ? ['--entrypoint', entrypoint] : [];
  return docker(['run', '--rm', '--name', containerName(on), ...flags, image, ...args], 120_000, on);
}

export interface Service {
  readonly container: string;
  /** `http://127.0.0.1:<published port>` */
  readonly url: string;
}

/** Starts the image detached with its port published on a free loopback port; `on`: another engine's client. */
export async function startService(image: string, port = 8080, on?: DockerClient): Promise<Service> {
  const name = containerName(on);
  await dockerOk(['run', '-d', '--name', name, '-p', `127.0.0.1:0:${port}`, image], on);
  const published = (await dockerOk(['port', name, `${port}/tcp`], on)).split('\n')[0].trim();
  return { container: name, url: `http://${published}` };
}

export async function containerLogs(container: string): Promise<string> {
  const result = await docker(['logs', container]);
  return result.stdout + result.stderr;
}

/** The uid and gid of the container's processes, as the host sees them (no shell needed). */
export async function processIds(container: string, on?: DockerClient): Promise<{ uid: string; gid: string }[]> {
  const table = await dockerOk(['top', container, '-o', 'pid,uid,gid,comm'], on);
  return table.trim().split('\n').slice(1).map((line) => {
    const [, uid, gid] = line.trim().split(/\s+/);
    return { uid, gid };
  });
}

export interface FileEntry {
  /** Relative to `/`, without a leading `./` or trailing `/`. */
  readonly path: string;
  /** `-` file, `d` directory, `l` symlink, `h` hard link, `c`/`b` devices. */
  readonly type: string;
  readonly size: number;
}

/** Every entry of the image's filesystem (`docker create` + `docker export | tar -tv`). */
export async function listFiles(image: string): Promise<FileEntry[]> {
  const name = containerName();
  await dockerOk(['create', '--name', name, image]);
  try {
    const listing = await pipe([dockerClient(), ['export', name]], ['tar', ['-tv', '--numeric-owner', '-f', '-']]);
    return listing.split('\n').filter((l) => l.trim() !== '').map(parseTarLine);
  } finally {
    await docker(['rm', '-f', name]);
  }
}

function parseTarLine(line: string): FileEntry {
  const match = /^(\S)\S*\s+\S+\s+([\d,]+)\s+\S+\s+\S+\s+(.*)$/.exec(line);
  if (!match) {
    throw new Error(`unexpected tar listing line: ${line}`);
  }
  let name = match[3];
  if (match[1] === 'l') {
    name = name.replace(/ -> .*$/, '');
  } else if (match[1] === 'h') {
    name = name.replace(/ link to .*$/, '');
  }
  name = name.replace(/^\.\//, '').replace(/\/$/, '');
  return { path: name, type: match[1], size: match[1] === '-' ? Number(match[2]) : 0 };
}

/** Copies one file out of the image (`docker create` + `docker cp`); works without a shell. */
export async function readImageFile(image: string, file: string): Promise<Buffer> {
  const name = containerName();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-e2e-cp-'));
  await dockerOk(['create', '--name', name, image]);
  try {
    const target = path.join(dir, path.basename(file));
    await dockerOk(['cp', '-L', `${name}:${file}`, target]);
    return fs.readFileSync(target);
  } finally {
    await docker(['rm', '-f', name]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes every container and image this process created, on the engine it was created on (errors ignored: best effort). */
export async function removeCreated(): Promise<void> {
  for (const entry of created.values()) {
    if (entry.containers.size > 0) {
      await docker(['rm', '-f', ...entry.containers], undefined, entry.on);
      entry.containers.clear();
    }
    if (entry.images.size > 0) {
      await docker(['rmi', ...entry.images], undefined, entry.on);
      entry.images.clear();
    }
  }
}

/** Removes every image labelled with this run's id, dangling ones included (never base images); `on`: another engine's client. */
export async function removeRunImages(on?: DockerClient): Promise<void> {
  const ids = (await dockerOk(['images', '-aq', '--filter', `label=${RUN_LABEL}=${runId()}`], on)).split('\n').filter(Boolean);
  if (ids.length > 0) {
    await docker(['rmi', '-f', ...new Set(ids)], undefined, on);
  }
}
