/** dockerDigestResolver against a stand-in docker client (a shell script that answers as docker 26 does); the real client and registry: test/e2e/digest-pinning.e2e.ts. */
import * as fs from 'fs';
import * as path from 'path';
import { dockerDigestResolver } from '../../src/pin/resolve-digest';
import { tempDir } from '../support/temp-project';

const D = (c: string) => `sha256:${c.repeat(64)}`;

/** A docker stand-in: `imagetools inspect` prints $MANIFEST or fails like a registry that refuses; `image inspect` prints $REPO_DIGESTS or fails like a missing image. */
function standIn(manifest: string | undefined, repoDigests: string | undefined): string {
  const dir = tempDir();
  const file = path.join(dir, 'docker');
  fs.writeFileSync(file, [
    '#!/bin/sh',
    `echo "$*" >> ${dir}/calls`,
    'case "$1 $2" in',
    `  "buildx imagetools") ${manifest === undefined ? 'echo "ERROR: failed to do request: Head \\"https://registry-1.docker.io/v2/library/debian/manifests/bookworm-slim\\": dial tcp: lookup registry-1.docker.io: no such host" >&2; exit 1' : `echo '${manifest}'`} ;;`,
    `  "image inspect") ${repoDigests === undefined ? 'echo "Error: No such image: $3" >&2; exit 1' : `echo '${repoDigests}'`} ;;`,
    'esac',
    '',
  ].join('\n'), { mode: 0o755 });
  return file;
}

describe('dockerDigestResolver', () => {
  test('the registry\'s digest (the index of a multi-platform image), with buildx imagetools inspect', () => {
    const client = standIn(JSON.stringify({ mediaType: 'application/vnd.oci.image.index.v1+json', digest: D('a'), size: 1609 }), undefined);
    expect(dockerDigestResolver(client)('debian:bookworm-slim')).toBe(D('a'));
    expect(fs.readFileSync(path.join(path.dirname(client), 'calls'), 'utf8')).toBe('buildx imagetools inspect debian:bookworm-slim --format {{json .Manifest}}\n');
  });

  test('no registry: the local image\'s repository digest (short or docker.io/library/ form)', () => {
    expect(dockerDigestResolver(standIn(undefined, JSON.stringify([`other@${D('c')}`, `debian@${D('b')}`])))('debian:bookworm-slim')).toBe(D('b'));
    expect(dockerDigestResolver(standIn(undefined, JSON.stringify([`docker.io/library/debian@${D('d')}`])))('debian:bookworm-slim')).toBe(D('d'));
    expect(dockerDigestResolver(standIn(undefined, JSON.stringify([`127.0.0.1:5000/rust@${D('e')}`])))('127.0.0.1:5000/rust:1.95-bookworm')).toBe(D('e'));
  });

  test('neither: the registry\'s error and what the local image lacks', () => {
    expect(() => dockerDigestResolver(standIn(undefined, 'null'))('debian:bookworm-slim'))
      .toThrow(/the registry did not answer \(ERROR: failed to do request: .*no such host\) and the local image debian:bookworm-slim has no digest of debian \(it was built or loaded, never pulled\)/);
    expect(() => dockerDigestResolver(standIn(undefined, undefined))('debian:bookworm-slim')).toThrow('and there is no local image debian:bookworm-slim');
  });
});
