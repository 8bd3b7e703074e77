/**
 * `projen-rust-docker pin [--lock FILE] [DOCKERFILE...]` (the `docker:pin` task, WIP on branch
 * digest-pinning): reads the base images of the generated Dockerfiles (their `FROM`s, without
 * the digests a lock already gave them), resolves each tag to its current digest with the
 * docker CLI, writes the lock file, and says what changed. `npx projen` then writes the
 * digests into the Dockerfiles.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { CliIo } from './io';
import { DEFAULT_IMAGE_LOCK, parseImageLock, renderImageLock } from '../plan/image-lock';

/** Resolves an image reference (`name:tag`) to a digest, or throws saying why not. */
export type Resolver = (ref: string) => string;

/** The images a Dockerfile's `FROM`s name: without digests, not `scratch`, not its own stages, no build arguments. */
export function baseImages(dockerfile: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const match of dockerfile.matchAll(/^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/gim)) {
    const ref = match[1].replace(/@sha256:[a-f0-9]{64}$/, '');
    if (ref !== 'scratch' && !stages.has(ref) && !ref.includes('$') && !images.includes(ref)) {
      images.push(ref);
    }
    if (match[2]) {
      stages.add(match[2]);
    }
  }
  return images;
}

/**
 * The docker CLI's answer: the registry's digest of the tag (`buildx imagetools inspect`: the
 * index of a multi-platform image), else the local image's repository digest (`image inspect`).
 */
export function dockerResolver(client: string = process.env.DOCKER ?? 'docker'): Resolver {
  return (ref) => {
    try {
      const manifest = JSON.parse(execFileSync(client, ['buildx', 'imagetools', 'inspect', ref, '--format', '{{json .Manifest}}'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { digest?: string };
      if (manifest.digest) {
        return manifest.digest;
      }
    } catch {
      // Not in a registry this client reaches: try the local image.
    }
    const repoDigests = JSON.parse(execFileSync(client, ['image', 'inspect', ref, '--format', '{{json .RepoDigests}}'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as string[] | null;
    const repository = ref.replace(/:[^/:]+$/, '');
    const digest = (repoDigests ?? []).find((d) => d.startsWith(`${repository}@`))?.split('@')[1];
    if (!digest) {
      throw new Error(`no registry answered for ${ref}, and the local image has no digest of ${repository} (it was built or loaded, not pulled)`);
    }
    return digest;
  };
}

/** Runs the command; returns the exit code (0 written, 1 an image not resolved, 2 bad usage). */
export function pin(argv: string[], io: CliIo, resolve: Resolver = dockerResolver()): number {
  let lockName = DEFAULT_IMAGE_LOCK;
  const dockerfiles: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--lock') {
      lockName = argv[++i] ?? '';
      if (!lockName) {
        io.err('projen-rust-docker pin: --lock needs a file name.\n');
        return 2;
      }
    } else {
      dockerfiles.push(argv[i]);
    }
  }
  const files = dockerfiles.length > 0 ? dockerfiles : ['Dockerfile'];
  const images: string[] = [];
  for (const file of files) {
    const full = path.resolve(io.cwd, file);
    if (!fs.existsSync(full)) {
      io.err(`projen-rust-docker pin: ${file} not found (run \`npx projen\` first, or name the generated Dockerfiles).\n`);
      return 2;
    }
    images.push(...baseImages(fs.readFileSync(full, 'utf8')).filter((i) => !images.includes(i)));
  }
  const lockFile = path.resolve(io.cwd, lockName);
  const before = fs.existsSync(lockFile) ? parseImageLock(fs.readFileSync(lockFile, 'utf8'), lockName).digests : new Map<string, string>();
  const after = new Map<string, string>();
  for (const image of images) {
    try {
      after.set(image, resolve(image));
    } catch (e) {
      io.err(`projen-rust-docker pin: cannot resolve ${image}: ${(e as Error).message.split('\n')[0]}\n`);
      return 1;
    }
  }
  fs.writeFileSync(lockFile, renderImageLock(after));
  const lines = images.map((image) => {
    const old = before.get(image);
    const now = after.get(image)!;
    return old === undefined ? `  ${image}: ${now} (new)` : old === now ? `  ${image}: ${now} (unchanged)` : `  ${image}: ${old} -> ${now}`;
  });
  const dropped = [...before.keys()].filter((k) => !after.has(k)).map((k) => `  ${k}: no longer named by ${files.join(', ')} (removed)`);
  io.out(`projen-rust-docker pin: wrote ${lockName} (${images.length} image${images.length === 1 ? '' : 's'} of ${files.join(', ')}):\n${[...lines, ...dropped].join('\n')}\nRun \`npx projen\` to write the digests into the Dockerfiles.\n`);
  return 0;
}
