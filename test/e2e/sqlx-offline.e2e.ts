/**
 * sqlx services (issue 11 item 6): the sqlx-offline fixture's `query!` is checked at compile
 * time from `.sqlx/` (a stand-in for sqlx-macros does what sqlx's does without a database:
 * reads `.sqlx/query-<hash>.json` under SQLX_OFFLINE=true, fails with sqlx's message
 * otherwise; crates.io is unreachable and Debian does not package sqlx). Proven in the engine:
 *   - with `.sqlx/`: the Dockerfile sets SQLX_OFFLINE=true, the build passes, the binary
 *     carries the data it was checked against;
 *   - an edit of the data alone reaches the image, the dependency layer stays cached and
 *     only the service compiles again;
 *   - without `.sqlx/`: no SQLX_OFFLINE, and the build fails in the builder with sqlx's own
 *     message, which `plan` explains beforehand.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compiledCrates } from './support/build-log';
import { build, buildOk, imageTag, runImage } from './support/docker';
import { copyFixture, readText, synthesize } from './support/fixture';
import { variant } from './support/report';
import { describeE2E } from './support/suite';

const FIXTURE = 'sqlx-offline';
const BINARY = 'e2e-sqlx-offline';

/** The one query data file of the fixture copy. */
function queryFile(dir: string): string {
  const files = fs.readdirSync(path.join(dir, '.sqlx')).filter((f) => /^query-[0-9a-f]{16}\.json$/.test(f));
  expect(files).toHaveLength(1);
  return path.join(dir, '.sqlx', files[0]);
}

describeE2E('sqlx: query macros checked from .sqlx/ with SQLX_OFFLINE=true', () => {
  variant('with .sqlx/: built offline, and an edit of the data alone rebuilds only the service', async (recorder) => {
    const dir = copyFixture(FIXTURE, 'offline');
    synthesize(dir, [{}]);
    expect(readText(dir, 'Dockerfile')).toContain('\nENV SQLX_OFFLINE=true\n');
    expect(readText(dir, '.dockerignore')).toContain('\n!/.sqlx\n');

    const tag = imageTag(`${FIXTURE}-offline`);
    const cold = await buildOk(dir, tag);
    recorder.note('cold build s', cold.seconds);
    const first = await runImage(tag);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^query checked offline: \{"db_name":"PostgreSQL".*"columns":\["id","email"\]/);

    // `cargo sqlx prepare` after a schema change: only the data changes.
    const file = queryFile(dir);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('["id","email"]', '["id","email","name"]'));
    const edited = await buildOk(dir, tag);
    recorder.note('data edit build s', edited.seconds);
    expect(compiledCrates(edited.log)).toEqual([BINARY]);
    const second = await runImage(tag);
    expect(second.stdout).toContain('"columns":["id","email","name"]');
    recorder.note('output', second.stdout.trim());
  });

  variant('without .sqlx/: no SQLX_OFFLINE, and the build fails in the builder with sqlx\'s message', async (recorder) => {
    const dir = copyFixture(FIXTURE, 'online');
    fs.rmSync(path.join(dir, '.sqlx'), { recursive: true });
    synthesize(dir, [{}]);
    expect(readText(dir, 'Dockerfile')).not.toContain('SQLX_OFFLINE');
    const result = await build(dir, imageTag(`${FIXTURE}-online`));
    recorder.note('build s (fails)', result.seconds);
    expect(result.ok).toBe(false);
    expect(result.log).toContain('error: set `DATABASE_URL` to use query macros online, or run `cargo sqlx prepare` to update the query cache');
  });
});
