/**
 * A crate whose targets are auto-discovered (src/lib.rs + src/main.rs, no [lib] or [[bin]]):
 * the generated Dockerfile builds and runs it, while the article's recipe — copy only the
 * manifests, then `cargo fetch` — fails on it. The failing baseline stays visible on purpose.
 */
import * as fs from 'fs';
import * as path from 'path';
import { build, imageTag, startService } from './support/docker';
import { copyFixture, synthesize } from './support/fixture';
import { waitForHttp } from './support/http';
import { expectServiceRunsAs } from './support/identity';
import { buildTwice, checkAndRecord } from './support/measure';
import { variant } from './support/report';
import { describeE2E } from './support/suite';

/** The dependency-caching recipe of the article the project grew from. */
const ARTICLE_DOCKERFILE = `FROM rust:1.95-bookworm AS builder
WORKDIR /app
COPY Cargo.toml Cargo.lock ./
RUN cargo fetch
COPY . .
RUN cargo build --release

FROM debian:bookworm-slim
COPY --from=builder /app/target/release/e2e-autodiscover /usr/local/bin/e2e-autodiscover
ENTRYPOINT ["/usr/local/bin/e2e-autodiscover"]
`;

describeE2E('auto-discovered targets', () => {
  variant('auto-discovered lib + main: generated Dockerfile', async (recorder) => {
    const dir = copyFixture('autodiscover');
    synthesize(dir, [{ ports: [8080] }]);
    const { tag } = await buildTwice(recorder, dir, 'autodiscover');
    await checkAndRecord(recorder, tag, { runtime: 'debian-slim', binary: 'e2e-autodiscover', user: '10001:10001', caCertificates: true });
    const service = await startService(tag);
    expect(await waitForHttp(`${service.url}/`)).toBe('hello from e2e-autodiscover 0.4.0 (lib + main)\n');
    await expectServiceRunsAs(service.container, '10001:10001');
  });

  variant('baseline: the article\'s COPY manifests + cargo fetch fails', async (recorder) => {
    const dir = copyFixture('autodiscover', 'article');
    fs.writeFileSync(path.join(dir, 'Dockerfile.article'), ARTICLE_DOCKERFILE);
    const result = await build(dir, imageTag('article-baseline'), 'Dockerfile.article');
    recorder.note('article build failed', !result.ok);
    recorder.note('failed after s', result.seconds);
    expect(result.ok).toBe(false);
    expect(result.log).toContain('no targets specified in the manifest');
  });
});
