/**
 * Workspace CI built once (issue 12 item 3), measured as the cost of N images against one, on
 * engine 26 (bake, and a build cache that can be emptied). The bench service gets two more
 * binaries (`worker`, `admin`: copies of its main.rs), so RustWorkspaceImages gives three
 * images of one package. Every figure starts from an empty build cache (a fresh runner; base
 * images stay local):
 *   - one image: `buildx build --target <first binary>`;
 *   - N images, one bake: `buildx bake` of the generated bake file, every target in one run
 *     (the shared builder stage compiles once);
 *   - N images, one build each on a fresh runner: what a matrix without a shared builder
 *     costs (each job compiles the workspace); the sum of N builds.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Project } from 'projen';
import { checkout, VENDORED } from './fixture';
import type { Sample } from './results';
import { RustWorkspaceImages } from '../../src';
import { compilingLines } from '../../test/e2e/support/build-log';
import type { DockerClient } from '../../test/e2e/support/docker';
import { RUN_LABEL, trackImage } from '../../test/e2e/support/docker';
import { freshRunner } from '../../test/e2e/support/engine-26';
import { exec, tail } from '../../test/e2e/support/exec';
import { runId } from '../../test/e2e/support/run';

/** The binaries the service gets besides its own (each its own image). */
export const EXTRA_BINARIES = ['worker', 'admin'];

export interface WorkspaceBench {
  /** The image targets, in the bake file's order. */
  readonly images: string[];
  /** Each `compiled` lists one entry per `Compiling` line (test/e2e/support/build-log.ts `compilingLines`). */
  readonly one: Sample;
  readonly bake: Sample;
  /** One per image, each on a fresh runner. */
  readonly separate: Sample[];
}

/** The service with its extra binaries, its workspace Dockerfile and bake file; returns the targets. */
export function workspaceCheckout(stamp: string): { dir: string; targets: string[] } {
  const dir = checkout(`workspace ${stamp}`, VENDORED);
  const main = fs.readFileSync(path.join(dir, 'src', 'main.rs'), 'utf8');
  fs.mkdirSync(path.join(dir, 'src', 'bin'), { recursive: true });
  for (const bin of EXTRA_BINARIES) {
    fs.writeFileSync(path.join(dir, 'src', 'bin', `${bin}.rs`), main);
    fs.appendFileSync(path.join(dir, 'Cargo.toml'), `\n[[bin]]\nname = "${bin}"\npath = "src/bin/${bin}.rs"\n`);
  }
  const project = new Project({ name: 'bench-workspace', outdir: dir });
  const targets = new RustWorkspaceImages(project, { ports: [8080], syntaxDirective: false }).targets();
  project.synth();
  return { dir, targets };
}

async function timed(client: DockerClient, dir: string, args: string[], env: Record<string, string>): Promise<Sample> {
  const result = await exec(client.path, args, { cwd: dir, env: { ...process.env, ...client.env, ...env }, timeoutMs: 1_800_000 });
  const log = result.stderr + result.stdout;
  return result.code === 0
    ? { seconds: result.seconds, ok: true, compiled: compilingLines(log) }
    : { seconds: result.seconds, ok: false, compiled: [], error: `${args.join(' ')} failed:\n${tail(log, 30)}` };
}

/** One repetition of the three figures. */
export async function workspaceImagesSample(client: DockerClient, stamp: string, log: (line: string) => void): Promise<WorkspaceBench> {
  const { dir, targets } = workspaceCheckout(stamp);
  const prefix = 'prd-bench-ws-';
  const tags = targets.map((t) => `${prefix}${t}:${runId()}`);
  tags.forEach((t) => trackImage(t, client));
  const label = ['--label', `${RUN_LABEL}=${runId()}`];
  const build = (target: string, tag: string) => timed(client, dir, ['buildx', 'build', '--progress=plain', '--load', '--target', target, '-t', tag, ...label, '.'], {});

  await freshRunner(client, []);
  const one = await build(targets[0], tags[0]);
  log(`  [workspace] one image (${targets[0]}): ${one.seconds.toFixed(1)} s, ${one.compiled.length} Compiling lines${one.ok ? '' : ' FAILED'}`);

  await freshRunner(client, tags.slice(0, 1));
  const bake = await timed(client, dir, ['buildx', 'bake', '--progress=plain', '--load', '--set', `*.labels.${RUN_LABEL}=${runId()}`],
    { REGISTRY: prefix, TAG: runId(), CACHE_REPOSITORY: '' });
  log(`  [workspace] ${targets.length} images, one bake: ${bake.seconds.toFixed(1)} s, ${bake.compiled.length} Compiling lines${bake.ok ? '' : ' FAILED'}`);

  const separate: Sample[] = [];
  for (const [i, target] of targets.entries()) {
    await freshRunner(client, tags);
    const s = await build(target, tags[i]);
    log(`  [workspace] ${target} alone on a fresh runner: ${s.seconds.toFixed(1)} s, ${s.compiled.length} Compiling lines${s.ok ? '' : ' FAILED'}`);
    separate.push(s);
  }
  await freshRunner(client, tags);
  return { images: targets, one, bake, separate };
}
