/**
 * `auditable` (issue 13 item 4): the pinned cargo-auditable install and `cargo auditable build`
 * in every cargo step, for one image and for workspace images, in each caching mode. The build
 * itself cannot run here (cargo-auditable comes from crates.io, which this machine cannot
 * reach): the generated text is checked, linted, and its shell run against a stand-in cargo.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CARGO_AUDITABLE_VERSION } from '../../src/dockerfile/auditable';
import { dockerfileModel, renderImageDockerfile } from '../../src/dockerfile/dockerfile';
import { DependencyCaching } from '../../src/plan/caching';
import { Linking } from '../../src/plan/linking';
import { planImage } from '../../src/plan/plan';
import { Runtime } from '../../src/plan/runtime';
import { renderWorkspaceDockerfile } from '../../src/workspace/dockerfile';
import { planWorkspaceImages } from '../../src/workspace/plan';
import { lintDockerfile } from '../support/dockerfile-lint';
import { caught } from '../support/errors';
import { fakePackage, fakeWorkspace } from '../support/fake-workspace';

const ws = fakeWorkspace([fakePackage({ name: 'svc' })]);
/** RUN lines with continuations joined. */
const runs = (text: string) => text.replace(/\s*\\\n\s*/g, ' ').split('\n').filter((l) => l.startsWith('RUN '));

describe('auditable', () => {
  test.each([DependencyCaching.LAYER, DependencyCaching.CACHE_MOUNT, DependencyCaching.NONE])('%s: the pinned install once, before any cargo build; every cargo build is `cargo auditable build`', (caching) => {
    const text = renderImageDockerfile(planImage(ws, { auditable: true, caching, syntaxDirective: false }));
    const lines = runs(text);
    const install = lines.findIndex((l) => l.includes(`cargo install cargo-auditable --version ${CARGO_AUDITABLE_VERSION} --locked`));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(lines.filter((l) => l.includes('cargo install'))).toHaveLength(1);
    const builds = lines.filter((l) => / build --locked/.test(l));
    expect(builds.length).toBe(caching === DependencyCaching.LAYER ? 2 : 1);
    expect(builds.every((l) => l.includes('cargo auditable build --locked'))).toBe(true);
    expect(lines.findIndex((l) => l.includes('build --locked'))).toBeGreaterThan(install);
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('pinned to a published release, written as x.y.z', () => {
    expect(CARGO_AUDITABLE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('off by default: no install, plain cargo build', () => {
    const text = renderImageDockerfile(planImage(ws, { syntaxDirective: false }));
    expect(text).not.toContain('auditable');
    expect(text).toContain('cargo build --locked');
  });

  test('static glibc, musl and workspace images get it too', () => {
    const forStatic = renderImageDockerfile(planImage(ws, { auditable: true, runtime: Runtime.SCRATCH, syntaxDirective: false }));
    expect(forStatic).toMatch(/cargo auditable build --locked .* --target "\$HOST"/);
    const musl = { auditable: true, runtime: Runtime.ALPINE, linking: Linking.STATIC_MUSL, syntaxDirective: false };
    const forMusl = renderImageDockerfile(planImage(ws, musl));
    expect(forMusl).toContain('cargo install cargo-auditable');
    const two = fakeWorkspace([fakePackage({ name: 'api' }), fakePackage({ name: 'worker' })]);
    const workspace = renderWorkspaceDockerfile(planWorkspaceImages(two, { auditable: true, syntaxDirective: false }));
    expect(runs(workspace).filter((l) => l.includes('cargo auditable build --locked --release --workspace'))).toHaveLength(2);
  });

  test('the build step runs `cargo auditable build` with the same arguments (a stand-in cargo records them)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-auditable-'));
    const log = path.join(dir, 'calls');
    fs.writeFileSync(path.join(dir, 'cargo'), `#!/bin/sh\necho "$*" >> ${log}\n`, { mode: 0o755 });
    const model = dockerfileModel(planImage(ws, { auditable: true, caching: DependencyCaching.CACHE_MOUNT, syntaxDirective: false }));
    const build = model.stages.flatMap((s) => s.instructions).find((i) => i.keyword === 'RUN' && i.args.some((a) => a.includes('auditable build')))!;
    const cargoLine = build.args.find((a) => a.startsWith('cargo '))!;
    cp.execFileSync('dash', ['-c', cargoLine], { env: { PATH: `${dir}:/usr/bin:/bin` } });
    expect(fs.readFileSync(log, 'utf8')).toBe('auditable build --locked --release --package svc --bin svc\n');
  });

  test('a non-boolean is refused, naming the option', () => {
    expect(caught(() => planImage(ws, { auditable: 'yes' as unknown as boolean })).message).toContain('auditable');
  });
});
