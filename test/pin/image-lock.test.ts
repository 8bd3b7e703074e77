/** The base-image lock file (src/pin/image-lock.ts): parsing with errors that name the file, deterministic rendering, pinned references. */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_IMAGE_LOCK, lockChanges, parseImageLock, pinnedReference, readImageLock, renderImageLock, writeImageLock } from '../../src/pin/image-lock';
import { caught } from '../support/errors';
import { tempDir } from '../support/temp-project';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

describe('image lock', () => {
  test('render then parse gives the same digests; sorted, so the same digests give the same bytes', () => {
    const one = renderImageLock(new Map([['rust:1.95-bookworm', A], ['debian:bookworm-slim', B]]));
    const two = renderImageLock(new Map([['debian:bookworm-slim', B], ['rust:1.95-bookworm', A]]));
    expect(one).toBe(two);
    expect(one.indexOf('debian:bookworm-slim')).toBeLessThan(one.indexOf('rust:1.95-bookworm'));
    expect([...parseImageLock(one, DEFAULT_IMAGE_LOCK).digests]).toEqual([['debian:bookworm-slim', B], ['rust:1.95-bookworm', A]]);
    expect(one.endsWith('}\n')).toBe(true);
  });

  test.each([
    ['not JSON', '{', 'is not JSON'],
    ['no images', '{}', 'has no "images" object'],
    ['a reference with a digest', JSON.stringify({ images: { [`debian@${A}`]: { digest: A } } }), 'not an image reference without a digest'],
    ['a hostile reference', JSON.stringify({ images: { 'debian:x\nRUN evil': { digest: A } } }), 'not an image reference'],
    ['a short digest', JSON.stringify({ images: { 'debian:bookworm-slim': { digest: 'sha256:abc' } } }), 'not sha256: and 64 hex digits'],
    ['a digest with a line break', JSON.stringify({ images: { 'debian:bookworm-slim': { digest: `${A}\nRUN x` } } }), 'not sha256: and 64 hex digits'],
  ])('%s: an error naming the file and the fix', (_, text, problem) => {
    const error = caught(() => parseImageLock(text, 'docker-images.lock.json'));
    expect(error.message).toContain('docker-images.lock.json');
    expect(error.message).toContain(problem);
    expect(error.message).toContain('docker:pin');
  });

  test('pinnedReference: the lock\'s digest; a reference with a digest or not in the lock stays', () => {
    const lock = parseImageLock(renderImageLock(new Map([['debian:bookworm-slim', A]])), DEFAULT_IMAGE_LOCK);
    expect(pinnedReference('debian:bookworm-slim', lock)).toBe(`debian:bookworm-slim@${A}`);
    expect(pinnedReference(`debian:bookworm-slim@${B}`, lock)).toBe(`debian:bookworm-slim@${B}`);
    expect(pinnedReference('scratch', lock)).toBe('scratch');
    expect(pinnedReference('debian:bookworm-slim', undefined)).toBe('debian:bookworm-slim');
  });

  test('readImageLock: the build context\'s file, or undefined without one', () => {
    const dir = tempDir();
    expect(readImageLock(dir)).toBeUndefined();
    fs.writeFileSync(path.join(dir, DEFAULT_IMAGE_LOCK), renderImageLock(new Map([['rust:1.95-bookworm', A]])));
    expect(readImageLock(dir)?.digests.get('rust:1.95-bookworm')).toBe(A);
  });

  test('lockChanges: new, changed, unchanged and removed, one line each, sorted', () => {
    const before = new Map([['rust:1.95-bookworm', A], ['debian:bookworm-slim', A], ['alpine:3.22', A]]);
    const after = new Map([['rust:1.95-bookworm', A], ['debian:bookworm-slim', B], ['docker/dockerfile:1', B]]);
    expect(lockChanges(before, after)).toEqual([
      `debian:bookworm-slim ${A} -> ${B}`,
      `docker/dockerfile:1 ${B} (new)`,
      `rust:1.95-bookworm ${A} (unchanged)`,
      'alpine:3.22 (removed: no generated Dockerfile pulls it)',
    ]);
  });

  test('writeImageLock: the rendered text; a symbolic link or a directory there is refused', () => {
    const dir = tempDir();
    writeImageLock(dir, DEFAULT_IMAGE_LOCK, new Map([['rust:1.95-bookworm', A]]));
    expect(fs.readFileSync(path.join(dir, DEFAULT_IMAGE_LOCK), 'utf8')).toBe(renderImageLock(new Map([['rust:1.95-bookworm', A]])));
    fs.symlinkSync(DEFAULT_IMAGE_LOCK, path.join(dir, 'link.json'));
    expect(caught(() => writeImageLock(dir, 'link.json', new Map())).message).toContain('link.json: is a symbolic link');
    fs.mkdirSync(path.join(dir, 'dir.json'));
    expect(caught(() => writeImageLock(dir, 'dir.json', new Map())).message).toContain('dir.json: is not a regular file');
  });
});
