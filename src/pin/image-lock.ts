/**
 * The base-image lock file: a user-owned JSON file in the build context that maps each image
 * reference a generated Dockerfile pulls (`rust:1.95-bookworm`) to the digest it was resolved
 * to. Synthesis reads it and writes `FROM name:tag@sha256:...`; only `npx projen docker:pin`
 * (the user's command, like `cargo update`) writes it. Parsing, rendering and the change list
 * are pure; `readImageLock` and `writeImageLock` touch one file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareStrings } from '../core/compare';
import { RustDockerError } from '../core/errors';
import { IMAGE_REFERENCE } from '../core/rules';

/** The lock file's name in the build context when the option is not given. */
export const DEFAULT_IMAGE_LOCK = 'docker-images.lock.json';

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** What the lock file says: reference (without digest) → digest. */
export interface ImageLock {
  /** The file, relative to the build context. */
  readonly file: string;
  readonly digests: ReadonlyMap<string, string>;
}

const HEADER = 'Base image digests of the generated Dockerfiles. Refresh with `npx projen docker:pin`; synthesis reads this file and never writes it.';

/** Parses the lock file's text; errors name the file, the entry and the fix. */
export function parseImageLock(text: string, file: string): ImageLock {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RustDockerError({ file, problem: `is not JSON: ${(e as Error).message}.`, fix: 'Delete it and run `npx projen docker:pin` to write it again.' });
  }
  const images = (json as { images?: unknown } | null)?.images;
  if (typeof images !== 'object' || images === null || Array.isArray(images)) {
    throw new RustDockerError({ file, problem: 'has no "images" object.', fix: 'Write { "images": { "<name:tag>": { "digest": "sha256:..." } } }, or run `npx projen docker:pin`.' });
  }
  const digests = new Map<string, string>();
  for (const [ref, entry] of Object.entries(images as Record<string, unknown>)) {
    if (!IMAGE_REFERENCE.test(ref) || ref.includes('@')) {
      throw new RustDockerError({ file, problem: `names ${JSON.stringify(ref)}, which is not an image reference without a digest.`, fix: 'Use the reference as the Dockerfile names it, e.g. "debian:bookworm-slim", or delete the entry and run `npx projen docker:pin`.' });
    }
    const digest = (entry as { digest?: unknown } | null)?.digest;
    if (typeof digest !== 'string' || !DIGEST.test(digest)) {
      throw new RustDockerError({ file, problem: `gives ${ref} the digest ${JSON.stringify(digest)}, which is not sha256: and 64 hex digits.`, fix: 'Run `npx projen docker:pin` to resolve it again.' });
    }
    digests.set(ref, digest);
  }
  return { file, digests };
}

/** The lock file of the build context `root`, or undefined when there is none. */
export function readImageLock(root: string, name: string = DEFAULT_IMAGE_LOCK): ImageLock | undefined {
  const full = path.join(root, name);
  if (!fs.existsSync(full)) {
    return undefined;
  }
  if (!fs.statSync(full).isFile()) {
    throw new RustDockerError({ file: name, problem: 'is not a file.', fix: 'Move it away, or name another file with baseImageLock.' });
  }
  return parseImageLock(fs.readFileSync(full, 'utf8'), name);
}

/**
 * Writes the lock file of the build context `root` (only `docker:pin` does). A symbolic link
 * or a directory there is refused: the file written is the one the option names, nothing else.
 */
export function writeImageLock(root: string, name: string, digests: ReadonlyMap<string, string>): void {
  const full = path.join(root, name);
  const stat = fs.lstatSync(full, { throwIfNoEntry: false });
  if (stat && !stat.isFile()) {
    throw new RustDockerError({
      file: name,
      problem: `is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}, so docker:pin does not write it.`,
      fix: 'Replace it with a regular file (or delete it), or name another file with baseImageLock.',
    });
  }
  fs.writeFileSync(full, renderImageLock(digests));
}

/** One line per image: new, changed (old -> new), unchanged, or no longer pulled (removed). */
export function lockChanges(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const lines = [...after].sort(([a], [b]) => compareStrings(a, b)).map(([image, now]) => {
    const old = before.get(image);
    return old === undefined ? `${image} ${now} (new)` : old === now ? `${image} ${now} (unchanged)` : `${image} ${old} -> ${now}`;
  });
  const removed = [...before.keys()].filter((k) => !after.has(k)).sort(compareStrings).map((k) => `${k} (removed: no generated Dockerfile pulls it)`);
  return [...lines, ...removed];
}

/** The lock file's text: sorted by reference, two-space JSON, a final newline (the same digests give the same bytes). */
export function renderImageLock(digests: ReadonlyMap<string, string>): string {
  const images = Object.fromEntries([...digests].sort(([a], [b]) => compareStrings(a, b)).map(([ref, digest]) => [ref, { digest }]));
  return `${JSON.stringify({ '//': HEADER, 'images': images }, null, 2)}\n`;
}

/** `ref@digest` when the lock pins `ref`; a reference that has a digest already, or that the lock does not name, stays. */
export function pinnedReference(ref: string, lock: ImageLock | undefined): string {
  const digest = ref.includes('@') ? undefined : lock?.digests.get(ref);
  return digest ? `${ref}@${digest}` : ref;
}
