/** Synthesis with a base-image lock file (branch digest-pinning): the Dockerfile's FROMs follow it; requirePinnedImages refuses what it misses. */
import * as fs from 'fs';
import * as path from 'path';
import { Project } from 'projen';
import { RustDockerImage } from '../../src';
import { renderImageLock } from '../../src/plan/image-lock';
import { caught } from '../support/errors';
import { crateFiles, tempDir, writeTree } from '../support/temp-project';

const RUST = `sha256:${'1'.repeat(64)}`;
const DEBIAN = `sha256:${'2'.repeat(64)}`;

function synth(files: { [path: string]: string }, options = {}): string {
  const dir = tempDir();
  writeTree(dir, { ...crateFiles('svc'), ...files });
  const project = new Project({ name: 'x', outdir: dir });
  new RustDockerImage(project, { syntaxDirective: false, ...options });
  project.synth();
  return fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
}

describe('base-image lock at synthesis', () => {
  test('the lock file pins every FROM it names; the file itself is left as it was', () => {
    const lock = renderImageLock(new Map([['rust:1.95-bookworm', RUST], ['debian:bookworm-slim', DEBIAN]]));
    const text = synth({ 'docker-images.lock.json': lock });
    expect(text.split('\n').filter((l) => l.startsWith('FROM '))).toEqual([
      `FROM rust:1.95-bookworm@${RUST} AS runtime-libraries`,
      `FROM rust:1.95-bookworm@${RUST} AS builder`,
      `FROM debian:bookworm-slim@${DEBIAN} AS runtime`,
    ]);
  });

  test('without a lock: tags only; requirePinnedImages refuses, naming the images and docker:pin', () => {
    expect(synth({})).toContain('FROM debian:bookworm-slim AS runtime');
    const error = caught(() => synth({}, { requirePinnedImages: true }));
    expect(error.message).toContain('rust:1.95-bookworm, debian:bookworm-slim');
    expect(error.message).toContain('npx projen docker:pin');
  });

  test('baseImageLock names another file', () => {
    const lock = renderImageLock(new Map([['debian:bookworm-slim', DEBIAN]]));
    expect(synth({ 'images.lock': lock }, { baseImageLock: 'images.lock' })).toContain(`FROM debian:bookworm-slim@${DEBIAN} AS runtime`);
  });
});
