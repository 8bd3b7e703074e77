/** `projen-rust-docker pin` (src/cli/pin.ts) with a stand-in resolver; the engine proof against a local registry is next (branch digest-pinning). */
import * as fs from 'fs';
import * as path from 'path';
import { baseImages, pin } from '../../src/cli/pin';
import { parseImageLock } from '../../src/plan/image-lock';
import { tempDir } from '../support/temp-project';

const D = (c: string) => `sha256:${c.repeat(64)}`;

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), cwd }, out, err };
}

describe('pin', () => {
  test('baseImages: FROMs without digests; scratch, stage names and build arguments left out; once each', () => {
    const text = [
      `FROM --platform=$BUILDPLATFORM rust:1.95-bookworm@${D('1')} AS builder`,
      'FROM builder AS tests',
      'FROM rust:1.95-bookworm AS probe',
      'FROM scratch AS runtime',
      'FROM ${BASE} AS other',
      'FROM debian:bookworm-slim',
    ].join('\n');
    expect(baseImages(text)).toEqual(['rust:1.95-bookworm', 'debian:bookworm-slim']);
  });

  test('writes the lock, says what is new, changed or removed; a second run with the same digests changes nothing', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM rust:1.95-bookworm AS builder\nFROM debian:bookworm-slim AS runtime\n');
    const digests: Record<string, string> = { 'rust:1.95-bookworm': D('1'), 'debian:bookworm-slim': D('2') };
    const first = io(dir);
    expect(pin([], first.io, (ref) => digests[ref])).toBe(0);
    expect(first.out.join('')).toContain(`debian:bookworm-slim: ${D('2')} (new)`);
    const text = fs.readFileSync(path.join(dir, 'docker-images.lock.json'), 'utf8');
    expect([...parseImageLock(text, 'x').digests]).toEqual([['debian:bookworm-slim', D('2')], ['rust:1.95-bookworm', D('1')]]);
    // A new image under the same tag.
    digests['debian:bookworm-slim'] = D('3');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM rust:1.95-bookworm@${D('1')} AS builder\nFROM debian:bookworm-slim@${D('2')} AS runtime\n`);
    const second = io(dir);
    expect(pin([], second.io, (ref) => digests[ref])).toBe(0);
    expect(second.out.join('')).toContain(`debian:bookworm-slim: ${D('2')} -> ${D('3')}`);
    expect(second.out.join('')).toContain(`rust:1.95-bookworm: ${D('1')} (unchanged)`);
    const again = fs.readFileSync(path.join(dir, 'docker-images.lock.json'), 'utf8');
    pin([], io(dir).io, (ref) => digests[ref]);
    expect(fs.readFileSync(path.join(dir, 'docker-images.lock.json'), 'utf8')).toBe(again);
  });

  test('an image that does not resolve: exit 1 naming it, the lock untouched', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM private.example/base:1\n');
    const run = io(dir);
    expect(pin([], run.io, () => {
      throw new Error('unauthorized');
    })).toBe(1);
    expect(run.err.join('')).toContain('cannot resolve private.example/base:1: unauthorized');
    expect(fs.existsSync(path.join(dir, 'docker-images.lock.json'))).toBe(false);
  });
});
