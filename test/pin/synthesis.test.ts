/**
 * Base images pinned at synthesis: the lock file pins every image the Dockerfile pulls,
 * requirePinnedImages refuses what it misses, and `docker:pin`'s synthesis
 * (PROJEN_RUST_DOCKER_PIN=1) resolves the images and writes the lock (a stand-in resolver here;
 * the docker CLI and a registry in test/e2e/digest-pinning.e2e.ts).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Project } from 'projen';
import { Runtime, RustDockerImage, RustWorkspaceImages } from '../../src';
import { parseImageLock, renderImageLock } from '../../src/pin/image-lock';
import { ImageLockRefresh, PIN_ENV } from '../../src/projen/image-lock-refresh';
import { caught } from '../support/errors';
import { crateFiles, tempDir, workspaceFiles, writeTree } from '../support/temp-project';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const LOCK = 'docker-images.lock.json';

function project(dir: string, options = {}): Project {
  const p = new Project({ name: 'x', outdir: dir });
  new RustDockerImage(p, { syntaxDirective: false, ...options });
  return p;
}

function synth(files: { [path: string]: string }, options = {}): string {
  const dir = tempDir();
  writeTree(dir, { ...crateFiles('svc'), ...files });
  project(dir, options).synth();
  return fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
}

const froms = (text: string) => text.split('\n').filter((l) => l.startsWith('FROM ') || l.startsWith('# syntax='));

describe('base-image lock at synthesis', () => {
  test('the lock file pins every FROM it names; the file itself is left as it was', () => {
    const lock = renderImageLock(new Map([['rust:1.95-bookworm', D('1')], ['debian:bookworm-slim', D('2')]]));
    expect(froms(synth({ [LOCK]: lock }))).toEqual([
      `FROM rust:1.95-bookworm@${D('1')} AS runtime-libraries`,
      `FROM rust:1.95-bookworm@${D('1')} AS builder`,
      `FROM debian:bookworm-slim@${D('2')} AS runtime`,
    ]);
  });

  test('without a lock: tags only; requirePinnedImages refuses, naming the images and docker:pin', () => {
    expect(synth({})).toContain('FROM debian:bookworm-slim AS runtime');
    const error = caught(() => synth({}, { requirePinnedImages: true }));
    expect(error.message).toContain('rust:1.95-bookworm, debian:bookworm-slim');
    expect(error.message).toContain('npx projen docker:pin');
    expect(error.message).toContain('RustDockerImage');
  });

  test('baseImageLock names another file', () => {
    const lock = renderImageLock(new Map([['debian:bookworm-slim', D('2')]]));
    expect(synth({ 'images.lock': lock }, { baseImageLock: 'images.lock' })).toContain(`FROM debian:bookworm-slim@${D('2')} AS runtime`);
  });

  test('a directory where the lock goes is an error naming it', () => {
    const dir = tempDir();
    writeTree(dir, crateFiles('svc'));
    fs.mkdirSync(path.join(dir, LOCK));
    expect(caught(() => project(dir).synth()).message).toContain(`${LOCK}: is not a file`);
  });
});

describe('docker:pin', () => {
  let digests: { [ref: string]: string };
  const asked: string[] = [];
  beforeEach(() => {
    digests = { 'docker/dockerfile:1': D('0'), 'rust:1.95-bookworm': D('1'), 'debian:bookworm-slim': D('2'), 'gcr.io/distroless/cc-debian12:nonroot': D('4') };
    asked.length = 0;
    ImageLockRefresh._resolver = (ref) => {
      asked.push(ref);
      if (!digests[ref]) {
        throw new Error('manifest unknown');
      }
      return digests[ref];
    };
    process.env[PIN_ENV] = '1';
  });
  afterEach(() => {
    ImageLockRefresh._resolver = undefined;
    delete process.env[PIN_ENV];
  });

  test('the task: PROJEN_RUST_DOCKER_PIN=1 and the default task (synthesis), once per project', () => {
    const dir = tempDir();
    writeTree(dir, crateFiles('svc'));
    const p = project(dir);
    new RustDockerImage(p, { dockerfileName: 'Dockerfile.other' });
    delete process.env[PIN_ENV];
    p.synth();
    const tasks = JSON.parse(fs.readFileSync(path.join(dir, '.projen/tasks.json'), 'utf8')).tasks;
    expect(tasks['docker:pin']).toEqual(expect.objectContaining({ env: { [PIN_ENV]: '1' }, steps: [{ spawn: 'default' }] }));
  });

  test('projen\'s task runner gives the spawned synthesis the variable', () => {
    const dir = tempDir();
    writeTree(dir, crateFiles('svc'));
    const p = project(dir);
    p.defaultTask!.exec(`node -e "console.log('pin=' + process.env.${PIN_ENV})"`);
    delete process.env[PIN_ENV];
    p.synth();
    const projen = require.resolve('projen/bin/projen');
    const out = execFileSync(process.execPath, [projen, 'docker:pin'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(out).toContain('pin=1');
  });

  test('resolves every image the Dockerfile pulls (the frontend too), writes the lock, the Dockerfile follows; again after a new image under the same tag', () => {
    const dir = tempDir();
    writeTree(dir, crateFiles('svc'));
    project(dir, { syntaxDirective: true }).synth();
    const lock = parseImageLock(fs.readFileSync(path.join(dir, LOCK), 'utf8'), LOCK);
    expect([...lock.digests]).toEqual([['debian:bookworm-slim', D('2')], ['docker/dockerfile:1', D('0')], ['rust:1.95-bookworm', D('1')]]);
    expect(asked).toEqual(['docker/dockerfile:1', 'rust:1.95-bookworm', 'debian:bookworm-slim']);
    const first = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect(first.split('\n')[0]).toBe(`# syntax=docker/dockerfile:1@${D('0')}`);
    expect(first).toContain(`FROM debian:bookworm-slim@${D('2')} AS runtime`);

    digests['debian:bookworm-slim'] = D('3');
    project(dir, { syntaxDirective: true }).synth();
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain(`FROM debian:bookworm-slim@${D('3')} AS runtime`);
    expect(parseImageLock(fs.readFileSync(path.join(dir, LOCK), 'utf8'), LOCK).digests.get('debian:bookworm-slim')).toBe(D('3'));

    // An ordinary synthesis reads the lock and writes the same Dockerfile; the lock is not touched.
    delete process.env[PIN_ENV];
    const lockBefore = fs.statSync(path.join(dir, LOCK));
    const pinned = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    project(dir, { syntaxDirective: true }).synth();
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(pinned);
    expect(fs.statSync(path.join(dir, LOCK)).mtimeMs).toBe(lockBefore.mtimeMs);
  });

  test('requirePinnedImages on a repository without a lock: docker:pin is the way in', () => {
    const dir = tempDir();
    writeTree(dir, crateFiles('svc'));
    project(dir, { requirePinnedImages: true }).synth();
    delete process.env[PIN_ENV];
    project(dir, { requirePinnedImages: true }).synth();
    expect(froms(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).every((l) => l.includes('@sha256:'))).toBe(true);
  });

  test('an image no longer pulled leaves the lock (the runtime changed)', () => {
    const dir = tempDir();
    writeTree(dir, crateFiles('svc'));
    project(dir).synth();
    project(dir, { runtime: Runtime.DISTROLESS_CC }).synth();
    expect([...parseImageLock(fs.readFileSync(path.join(dir, LOCK), 'utf8'), LOCK).digests.keys()]).toEqual(['gcr.io/distroless/cc-debian12:nonroot', 'rust:1.95-bookworm']);
  });

  test('an image that does not resolve: an error naming it and the lock file, nothing written', () => {
    const dir = tempDir();
    writeTree(dir, crateFiles('svc'));
    const error = caught(() => project(dir, { builderImage: 'registry.example/rust:1.95' }).synth());
    expect(error.message).toContain('could not resolve registry.example/rust:1.95: manifest unknown');
    expect(error.message).toContain(LOCK);
    expect(fs.existsSync(path.join(dir, LOCK))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'Dockerfile'))).toBe(false);
  });

  test('an answer that is not a digest is refused, not written', () => {
    const dir = tempDir();
    writeTree(dir, crateFiles('svc'));
    digests['debian:bookworm-slim'] = 'sha256:abc\nRUN id';
    expect(caught(() => project(dir).synth()).message).toContain('could not resolve debian:bookworm-slim: the docker CLI answered "sha256:abc\\nRUN id", which is not sha256: and 64 hex digits');
    expect(fs.existsSync(path.join(dir, LOCK))).toBe(false);
  });

  test('a symbolic link where the lock goes is not written through', () => {
    const dir = tempDir();
    writeTree(dir, { ...crateFiles('svc'), 'elsewhere.json': renderImageLock(new Map([['rust:1.95-bookworm', D('9')]])) });
    fs.symlinkSync('elsewhere.json', path.join(dir, LOCK));
    expect(caught(() => project(dir).synth()).message).toContain('is a symbolic link, so docker:pin does not write it');
    expect(fs.readFileSync(path.join(dir, 'elsewhere.json'), 'utf8')).toContain(D('9'));
  });

  test('RustWorkspaceImages: one lock for the workspace Dockerfile, every stage pinned', () => {
    const dir = tempDir();
    writeTree(dir, workspaceFiles({ api: 'api', worker: 'worker' }));
    const p = new Project({ name: 'x', outdir: dir });
    new RustWorkspaceImages(p, { syntaxDirective: false, binaries: { api: { runtime: Runtime.DISTROLESS_CC } } });
    p.synth();
    const lock = parseImageLock(fs.readFileSync(path.join(dir, LOCK), 'utf8'), LOCK);
    expect([...lock.digests.keys()]).toEqual(['debian:bookworm-slim', 'gcr.io/distroless/cc-debian12:nonroot', 'rust:1.95-bookworm']);
    const lines = froms(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) {
      const image = line.split(' ')[1];
      expect(image === 'builder' || image.endsWith(`@${lock.digests.get(image.split('@')[0])}`)).toBe(true);
    }
  });
});
