/** The bake file's registry build cache (`CACHE_REPOSITORY`). */
import { parse as parseHcl } from '@cdktf/hcl2json';
import { read, workspaceProject } from './support';
import { BuildCache, RustWorkspaceImages } from '../../src';
import { renderBakeFile } from '../../src/workspace/bake';
import type { WorkspacePlan } from '../../src/workspace/plan';

const REPO = 'ghcr.io/acme/api-cache';

describe('bake file', () => {
  const plan = { images: [{ target: 'api' }, { target: 'worker' }] } as unknown as WorkspacePlan;

  test('CACHE_REPOSITORY: empty by default, one tag per target, read and written (mode=max, errors ignored)', () => {
    const text = renderBakeFile(plan, { context: '.', dockerfile: 'Dockerfile' });
    expect(text).toContain('variable "CACHE_REPOSITORY" {\n  default = ""\n}\n');
    expect(text).toContain('#   CACHE_REPOSITORY=ghcr.io/my-org/my-repo-cache docker buildx bake\n');
    // (The whole target block is asserted in test/workspace/dockerfile.test.ts.)
    for (const target of ['api', 'worker']) {
      expect(text).toContain(`  cache-from = CACHE_REPOSITORY == "" ? [] : ["type=registry,ref=\${CACHE_REPOSITORY}:${target}"]\n`);
      expect(text).toContain(`  cache-to   = CACHE_REPOSITORY == "" ? [] : ["type=registry,ref=\${CACHE_REPOSITORY}:${target},mode=max,ignore-error=true"]\n`);
    }
    const withRepo = renderBakeFile(plan, { context: '.', dockerfile: 'Dockerfile', cacheRepository: REPO });
    expect(withRepo).toContain(`variable "CACHE_REPOSITORY" {\n  default = "${REPO}"\n}\n`);
  });

  test('parses as HCL: the variable and the conditional cache expressions (@cdktf/hcl2json)', async () => {
    const json = await parseHcl('docker-bake.hcl', renderBakeFile(plan, { context: '.', dockerfile: 'Dockerfile', cacheRepository: REPO }));
    expect(json.variable.CACHE_REPOSITORY[0].default).toBe(REPO);
    expect(json.target.worker[0]['cache-from']).toBe('${CACHE_REPOSITORY == "" ? [] : ["type=registry,ref=${CACHE_REPOSITORY}:worker"]}');
    expect(json.target.worker[0]['cache-to']).toBe('${CACHE_REPOSITORY == "" ? [] : ["type=registry,ref=${CACHE_REPOSITORY}:worker,mode=max,ignore-error=true"]}');
  });

  test('with credentials, parses as HCL: each target\'s secret (from the shell\'s variable) and ssh lists', async () => {
    const credentials = { registries: [{ secretId: 'cargo-registry-corp', tokenEnv: 'CARGO_REGISTRIES_CORP_TOKEN' }], ssh: { knownHosts: [], ciSecret: 'K' } };
    const text = renderBakeFile({ ...plan, builder: { credentials } } as unknown as WorkspacePlan, { context: '.', dockerfile: 'Dockerfile' });
    const json = await parseHcl('docker-bake.hcl', text);
    for (const target of ['api', 'worker']) {
      expect(json.target[target][0].secret).toEqual(['id=cargo-registry-corp,env=CARGO_REGISTRIES_CORP_TOKEN']);
      expect(json.target[target][0].ssh).toEqual(['default']);
    }
  });

  test('the component writes the workflow\'s cache repository as the default', () => {
    const project = workspaceProject(['api', 'worker']);
    new RustWorkspaceImages(project, { ports: [8080], workflow: { cache: BuildCache.registry(REPO) } });
    project.synth();
    expect(read(project.outdir, 'docker-bake.hcl')).toContain(`variable "CACHE_REPOSITORY" {\n  default = "${REPO}"\n}\n`);
    const plain = workspaceProject(['api']);
    new RustWorkspaceImages(plain, { ports: [8080] });
    plain.synth();
    expect(read(plain.outdir, 'docker-bake.hcl')).toContain('variable "CACHE_REPOSITORY" {\n  default = ""\n}\n');
  });
});
