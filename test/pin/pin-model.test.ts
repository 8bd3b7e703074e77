/** Base images pinned by digest in the Dockerfile model (src/dockerfile/pin.ts). */
import { dockerfileModel } from '../../src/dockerfile/dockerfile';
import { renderDockerfile } from '../../src/dockerfile/render';
import { parseImageLock, renderImageLock } from '../../src/pin/image-lock';
import { pinModel, pinnableImages } from '../../src/pin/pin-model';
import { planImage } from '../../src/plan/plan';
import { Runtime } from '../../src/plan/runtime';
import { builderSummary } from '../../src/plan/summary';
import { lintDockerfile } from '../support/dockerfile-lint';
import { caught } from '../support/errors';
import { fakePackage, fakeWorkspace } from '../support/fake-workspace';

const ws = fakeWorkspace([fakePackage({ name: 'svc' })]);
const RUST = `sha256:${'1'.repeat(64)}`;
const DEBIAN = `sha256:${'2'.repeat(64)}`;
const lock = parseImageLock(renderImageLock(new Map([['rust:1.95-bookworm', RUST], ['debian:bookworm-slim', DEBIAN]])), 'docker-images.lock.json');

describe('pinModel', () => {
  test('every FROM of an image the lock names gets its digest; the text lints', () => {
    const model = dockerfileModel(planImage(ws, { syntaxDirective: false }));
    expect(pinnableImages(model)).toEqual(['rust:1.95-bookworm', 'debian:bookworm-slim']);
    const text = renderDockerfile(pinModel(model, lock, true, 'docker-images.lock.json'));
    const froms = text.split('\n').filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual([
      `FROM rust:1.95-bookworm@${RUST} AS runtime-libraries`,
      `FROM rust:1.95-bookworm@${RUST} AS builder`,
      `FROM debian:bookworm-slim@${DEBIAN} AS runtime`,
    ]);
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('scratch is never pinned; without a lock nothing changes', () => {
    const model = dockerfileModel(planImage(ws, { runtime: Runtime.SCRATCH, syntaxDirective: false }));
    expect(pinnableImages(model)).toEqual(['rust:1.95-bookworm']);
    expect(pinModel(model, undefined, false, 'x')).toBe(model);
  });

  test('required: an image the lock misses is an error naming it, the file and docker:pin', () => {
    const model = dockerfileModel(planImage(ws, { runtime: Runtime.DISTROLESS_CC, syntaxDirective: false }));
    const error = caught(() => pinModel(model, lock, true, 'docker-images.lock.json'));
    expect(error.message).toContain('does not pin gcr.io/distroless/cc-debian12:nonroot');
    expect(error.message).toContain('docker-images.lock.json');
    expect(error.message).toContain('npx projen docker:pin');
    expect(caught(() => pinModel(model, undefined, true, 'docker-images.lock.json')).message).toContain('does not exist');
  });

  test('the # syntax= frontend is an image too: listed first and pinned like a FROM', () => {
    const FRONTEND = `sha256:${'3'.repeat(64)}`;
    const model = dockerfileModel(planImage(ws, {}));
    expect(pinnableImages(model)).toEqual(['docker/dockerfile:1', 'rust:1.95-bookworm', 'debian:bookworm-slim']);
    const withFrontend = parseImageLock(renderImageLock(new Map([...lock.digests, ['docker/dockerfile:1', FRONTEND]])), 'docker-images.lock.json');
    const text = renderDockerfile(pinModel(model, withFrontend, true, 'docker-images.lock.json'));
    expect(text.split('\n')[0]).toBe(`# syntax=docker/dockerfile:1@${FRONTEND}`);
    expect(lintDockerfile(text)).toEqual([]);
    expect(caught(() => pinModel(model, lock, true, 'docker-images.lock.json')).message).toContain('does not pin docker/dockerfile:1,');
  });

  test('the synthesis log names the lock file and how many images it pins; nothing without one', () => {
    const plan = planImage(ws, {});
    expect(builderSummary({ ...plan, imageLock: lock })).toContain('base images pinned by digest from docker-images.lock.json (2 images; npx projen docker:pin refreshes it)');
    expect(builderSummary(plan).some((l) => l.includes('pinned'))).toBe(false);
  });
});
