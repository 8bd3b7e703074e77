/**
 * Renovate keeps the lock current (issue 13 item 2), run for real: Renovate 44 (`bash
 * scripts/renovate.sh` installs it with Node 24 from the npm registry; not part of .ci/run, and
 * this file is skipped, saying so, without it) on a repository whose renovate.json5 is projen's
 * with the rules synthesis adds, against the local registry. After `docker:pin` and a new image
 * pushed under the same tag, Renovate finds the digest update in the lock (the custom manager)
 * and in the generated Dockerfile (its dockerfile manager), in one group; with Renovate's edit
 * applied to both files, the next synthesis writes exactly the Dockerfile Renovate wrote (the
 * drift check passes).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { RustDockerImageOptions } from '../../src';
import { Runtime } from '../../src';
import { engine26Client } from './support/engine-26';
import { exec, tail } from './support/exec';
import { copyFixture, scratchDir } from './support/fixture';
import { DEBIAN, LOCK, lockOf, push, pushDerived, RUST, synthesize } from './support/pinning';
import { variant } from './support/report';
import { runId } from './support/run';
import { describeE2E } from './support/suite';
import { RENOVATE_GROUP } from '../../src/pin/renovate';

const RENOVATE = path.join(process.env.RENOVATE_LAB ?? '/opt/renovate-lab', 'node_modules/.bin/renovate');
const NODE_24 = path.join(process.env.RENOVATE_LAB ?? '/opt/renovate-lab', 'node24/bin');

interface Update { updateType: string; newDigest?: string; groupName?: string; branchName?: string }
interface Dep { depName: string; currentDigest?: string; updates: Update[] }

/** The dependencies with updates, per manager and file, from Renovate's JSON log. */
function updatesOf(log: string): { manager: string; file: string; deps: Dep[] }[] {
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) {
      continue;
    }
    const entry = JSON.parse(line) as { msg?: string; config?: { [manager: string]: { packageFile: string; deps: Dep[] }[] } };
    if (entry.msg === 'packageFiles with updates' && entry.config) {
      return Object.entries(entry.config).flatMap(([manager, files]) => files.map((f) => ({ manager, file: f.packageFile, deps: f.deps })));
    }
  }
  throw new Error(`no 'packageFiles with updates' in Renovate's log:\n${tail(log, 30)}`);
}

const describeRenovate = fs.existsSync(RENOVATE) ? describeE2E : (name: string, body: () => void) => describe.skip(`${name} (skipped: Renovate not installed: bash scripts/renovate.sh)`, body);

describeRenovate('Renovate: the lock and the generated Dockerfile move to a new digest together', () => {
  variant('projen\'s renovate.json5 with the lock rules: one digest update in both files, and synthesis agrees with Renovate\'s edit', async (recorder) => {
    const client = engine26Client();
    const options: RustDockerImageOptions = { ports: [8080], builderImage: RUST, runtime: Runtime.custom(DEBIAN) };
    await push(client, 'rust:1.95-bookworm', RUST);
    // Both images are indexes (platform manifest + attestation), as on Docker Hub: Renovate keeps
    // the kind of digest it finds (an index's, or one platform's manifest's).
    const oldDigest = await pushDerived(client, 'debian:bookworm-slim', DEBIAN, `org.projen-rust-docker.e2e.renovate=old-${runId()}`);
    const dir = copyFixture('http-service', 'renovate');
    synthesize(dir, options, true, client, { renovatebot: true });
    expect(lockOf(dir).get(DEBIAN)).toBe(oldDigest);
    for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', 'commit', '-qm', 'pinned']]) {
      execFileSync('git', args, { cwd: dir });
    }

    const newDigest = await pushDerived(client, 'debian:bookworm-slim', DEBIAN, `org.projen-rust-docker.e2e.renovate=new-${runId()}`);
    expect(newDigest).not.toBe(oldDigest);

    const run = await exec(RENOVATE, ['--platform=local', '--dry-run=lookup'], {
      cwd: dir,
      timeoutMs: 600_000,
      env: {
        ...process.env,
        PATH: `${NODE_24}:${process.env.PATH}`,
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'json',
        RENOVATE_BASE_DIR: scratchDir(),
        // The registry is plain HTTP: Renovate asks https:// unless a docker host rule says so.
        RENOVATE_HOST_RULES: JSON.stringify([{ hostType: 'docker', matchHost: '127.0.0.1', insecureRegistry: true }]),
      },
    });
    recorder.note('renovate seconds', run.seconds);
    expect(run.code).toBe(0);
    const found = updatesOf(run.stdout + run.stderr);
    const debian = found.map((f) => ({ ...f, dep: f.deps.find((d) => d.depName === DEBIAN.replace(/:[^:]+$/, '')) })).filter((f) => f.dep);
    recorder.note('updates', debian.map((f) => `${f.manager} ${f.file}: ${f.dep!.updates.map((u) => `${u.updateType} ${u.newDigest}`).join(', ')}`));
    expect(debian.map((f) => [f.manager, f.file]).sort()).toEqual([['dockerfile', 'Dockerfile'], ['regex', LOCK]]);
    for (const f of debian) {
      expect(f.dep!.currentDigest).toBe(oldDigest);
      // The group's branch: Renovate names it after the group (one pull request for both files).
      expect(f.dep!.updates).toEqual([expect.objectContaining({ updateType: 'digest', newDigest, branchName: `renovate/${RENOVATE_GROUP.replace(/ /g, '-')}` })]);
    }
    expect(new Set(debian.map((f) => f.dep!.updates[0].branchName)).size).toBe(1);
    // No update of any kind for the builder (its tag is Cargo.toml's to choose).
    expect(found.flatMap((f) => f.deps).filter((d) => d.depName === RUST.replace(/:[^:]+$/, '')).flatMap((d) => d.updates)).toEqual([]);

    // Renovate's edit (the digest replaced in both files), then an ordinary synthesis: the same Dockerfile.
    for (const file of [LOCK, 'Dockerfile']) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      fs.writeFileSync(path.join(dir, file), text.split(oldDigest).join(newDigest));
    }
    const renovated = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    synthesize(dir, options, false, client, { renovatebot: true });
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(renovated);
    expect(execFileSync('git', ['status', '--porcelain', '--', 'Dockerfile', LOCK], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean).sort()).toEqual([` M ${LOCK}`, ' M Dockerfile'].sort());
  });
}, { engine26: true });
