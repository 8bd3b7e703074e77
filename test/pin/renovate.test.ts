/**
 * Renovate rules for the lock files (src/pin/renovate.ts, src/projen/renovate-rules.ts): the
 * custom manager's pattern against what renderImageLock writes, and the rules in projen's
 * renovate.json5. Renovate itself runs in test/e2e/digest-pinning.e2e.ts when it is installed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Project } from 'projen';
import { RustDockerImage, RustWorkspaceImages } from '../../src';
import { renderImageLock } from '../../src/pin/image-lock';
import { LOCK_MATCH_STRING, RENOVATE_GROUP, renovateCustomManager, renovatePackageRules } from '../../src/pin/renovate';
import { crateFiles, tempDir, workspaceFiles, writeTree } from '../support/temp-project';

const D = (c: string) => `sha256:${c.repeat(64)}`;

/** What Renovate's regex manager extracts (its RE2 flavour takes this pattern as JavaScript does: named groups, no look-around). */
function extract(text: string): { depName: string; currentValue: string; currentDigest: string }[] {
  return [...text.matchAll(new RegExp(LOCK_MATCH_STRING, 'g'))].map((m) => ({ ...m.groups } as never));
}

describe('Renovate rules', () => {
  test('the pattern finds every entry renderImageLock writes: name (with a registry port), tag, digest', () => {
    const lock = renderImageLock(new Map([
      ['rust:1.95-bookworm', D('1')],
      ['127.0.0.1:5000/team/debian:bookworm-slim', D('2')],
      ['docker/dockerfile:1', D('3')],
      ['gcr.io/distroless/cc-debian12:nonroot', D('4')],
    ]));
    expect(extract(lock)).toEqual([
      { depName: '127.0.0.1:5000/team/debian', currentValue: 'bookworm-slim', currentDigest: D('2') },
      { depName: 'docker/dockerfile', currentValue: '1', currentDigest: D('3') },
      { depName: 'gcr.io/distroless/cc-debian12', currentValue: 'nonroot', currentDigest: D('4') },
      { depName: 'rust', currentValue: '1.95-bookworm', currentDigest: D('1') },
    ]);
    expect(extract(lock.replace('"//"', '"note"'))).toHaveLength(4);
    expect(LOCK_MATCH_STRING).not.toMatch(/\(\?[=!]|\(\?<[=!]|\\[1-9]/); // RE2: no look-around, no back-references
  });

  test('projen\'s renovate.json5 gets the manager and the rules for every lock file and Dockerfile of the tree', () => {
    const dir = tempDir();
    writeTree(dir, { ...crateFiles('svc'), ...workspaceFiles({ a: 'a' }, 'services/ws/') });
    const project = new Project({ name: 'x', outdir: dir, renovatebot: true });
    new RustDockerImage(project, { baseImageLock: 'images.lock.json' });
    new RustWorkspaceImages(project, { cargoDir: 'services/ws' });
    project.synth();
    // projen writes JSON with a comment line on top.
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'renovate.json5'), 'utf8').replace(/^\/\/.*\n/, ''));
    expect(config.customManagers).toEqual([expect.objectContaining({
      customType: 'regex',
      managerFilePatterns: ['/^images\\.lock\\.json$/', '/^services\\/ws\\/docker-images\\.lock\\.json$/'],
      matchStrings: [LOCK_MATCH_STRING],
      datasourceTemplate: 'docker',
    })]);
    const ours = config.packageRules.filter((r: { description?: string }) => r.description?.startsWith('projen-rust-docker'));
    const files = ['images.lock.json', 'services/ws/docker-images.lock.json', 'Dockerfile', 'services/ws/Dockerfile'];
    expect(ours).toEqual([
      expect.objectContaining({ matchFileNames: files, matchUpdateTypes: ['major', 'minor', 'patch', 'pin', 'pinDigest'], enabled: false }),
      expect.objectContaining({ matchFileNames: files, matchUpdateTypes: ['digest'], groupName: RENOVATE_GROUP }),
    ]);
    // After projen's own rules: a later Renovate rule wins.
    expect(config.packageRules.indexOf(ours[0])).toBeGreaterThan(0);
  });

  test('without projen\'s Renovate configuration nothing is written (a renovate.json the user owns stays theirs)', () => {
    const dir = tempDir();
    writeTree(dir, { ...crateFiles('svc'), 'renovate.json': '{ "extends": ["config:recommended"] }\n' });
    const project = new Project({ name: 'x', outdir: dir });
    new RustDockerImage(project);
    project.synth();
    expect(fs.existsSync(path.join(dir, 'renovate.json5'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'renovate.json'), 'utf8')).toBe('{ "extends": ["config:recommended"] }\n');
  });

  test('the rules docs/supply-chain.md gives to copy are the ones synthesis writes', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/supply-chain.md'), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(doc)![1];
    const copied = JSON.parse(block);
    const files = { locks: ['docker-images.lock.json'], dockerfiles: ['Dockerfile'] };
    const { description: _d, ...manager } = renovateCustomManager(files);
    expect(copied.customManagers).toEqual([manager]);
    expect(copied.packageRules).toEqual(renovatePackageRules(files).map(({ description: _x, ...rule }) => rule));
  });
});
