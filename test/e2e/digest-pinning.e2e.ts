/**
 * Base images pinned by digest (issue 13 item 2), against a real registry: Debian's
 * docker-registry on 127.0.0.1:5000 and engine 26's docker CLI (buildx imagetools). The
 * builder and runtime images are the suite's base images pushed there; `docker:pin`'s synthesis
 * (PROJEN_RUST_DOCKER_PIN=1, what `npx projen docker:pin` runs) resolves them into
 * docker-images.lock.json and every FROM carries the digest; the image builds from those
 * digests. Then a new image is pushed under the same tag: an ordinary synthesis keeps the old
 * digest (the lock decides), docker:pin moves the lock and the Dockerfile to the new one, and
 * the next build is made on the new base (its label is in the image). An image the registry
 * does not have fails docker:pin, naming it, and writes nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { RustDockerImageOptions } from '../../src';
import { Runtime } from '../../src';
import { dockerOk, trackImage } from './support/docker';
import { buildxOk, engine26Client, REGISTRY } from './support/engine-26';
import { copyFixture, scratchDir } from './support/fixture';
import { DEBIAN, froms, LOCK, lockOf, NEW_BASE_LABEL, push, RUST, synthesize } from './support/pinning';
import { variant } from './support/report';
import { runId } from './support/run';
import { describeE2E } from './support/suite';

describeE2E('digest pinning: docker:pin against a local registry, Dockerfile following the lock', () => {
  variant('pin, build, a new image under the same tag, pin again: the Dockerfile and the build follow', async (recorder) => {
    const client = engine26Client();
    const options: RustDockerImageOptions = { ports: [8080], builderImage: RUST, runtime: Runtime.custom(DEBIAN) };
    const rustDigest = await push(client, 'rust:1.95-bookworm', RUST);
    const oldDigest = await push(client, 'debian:bookworm-slim', DEBIAN);
    recorder.note('registry digests', [`rust ${rustDigest}`, `debian ${oldDigest}`]);

    const dir = copyFixture('http-service', 'digest-pinning');
    synthesize(dir, options, false, client);
    expect(froms(dir).every((l) => !l.includes('@'))).toBe(true);
    expect(fs.existsSync(path.join(dir, LOCK))).toBe(false);

    const log = synthesize(dir, options, true, client);
    expect([...lockOf(dir)]).toEqual([[DEBIAN, oldDigest], [RUST, rustDigest]]);
    expect(froms(dir)).toEqual([
      `FROM ${RUST}@${rustDigest} AS runtime-libraries`,
      `FROM ${RUST}@${rustDigest} AS builder`,
      `FROM ${DEBIAN}@${oldDigest} AS runtime`,
    ]);
    expect(log.join('\n')).toContain(`${DEBIAN} ${oldDigest} (new)`);
    const first = `prd-e2e-pin-1:${runId()}`;
    const built = await buildxOk(client, dir, first);
    expect(built.log).toContain(`${DEBIAN}@${oldDigest}`);

    // A new image under the same tag (the base image's maintainers published a fix).
    const next = scratchDir();
    fs.writeFileSync(path.join(next, 'Dockerfile'), `FROM ${DEBIAN}\nLABEL ${NEW_BASE_LABEL}=${runId()}\n`);
    const rebuilt = `${DEBIAN.replace(/:[^:]+$/, '')}:next-${runId()}`;
    await buildxOk(client, next, rebuilt);
    const newDigest = await push(client, rebuilt, DEBIAN);
    expect(newDigest).not.toBe(oldDigest);
    recorder.note('new digest under the same tag', newDigest);

    // An ordinary synthesis: the lock decides, the Dockerfile keeps the old digest.
    synthesize(dir, options, false, client);
    expect(froms(dir)[2]).toBe(`FROM ${DEBIAN}@${oldDigest} AS runtime`);

    // docker:pin: the lock and the Dockerfile move; the next build is on the new base.
    const repin = synthesize(dir, options, true, client);
    expect(lockOf(dir).get(DEBIAN)).toBe(newDigest);
    expect(lockOf(dir).get(RUST)).toBe(rustDigest);
    expect(froms(dir)[2]).toBe(`FROM ${DEBIAN}@${newDigest} AS runtime`);
    expect(repin.join('\n')).toContain(`${DEBIAN} ${oldDigest} -> ${newDigest}`);
    expect(repin.join('\n')).toContain(`${RUST} ${rustDigest} (unchanged)`);
    const second = `prd-e2e-pin-2:${runId()}`;
    trackImage(second, client);
    await buildxOk(client, dir, second);
    const labels = JSON.parse(await dockerOk(['image', 'inspect', second, '--format', '{{json .Config.Labels}}'], client));
    expect(labels[NEW_BASE_LABEL]).toBe(runId());
    const oldLabels = JSON.parse(await dockerOk(['image', 'inspect', first, '--format', '{{json .Config.Labels}}'], client));
    expect(oldLabels[NEW_BASE_LABEL]).toBeUndefined();
  });

  variant('an image the registry does not have: docker:pin fails naming it, nothing written', async () => {
    const client = engine26Client();
    const dir = copyFixture('http-service', 'digest-pinning-missing');
    const missing = `${REGISTRY}/pin-e2e/missing:${runId()}`;
    expect(() => synthesize(dir, { builderImage: missing, requirePinnedImages: true }, true, client)).toThrow(`could not resolve ${missing}`);
    expect(fs.existsSync(path.join(dir, LOCK))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'Dockerfile'))).toBe(false);
  });
}, { engine26: true });
