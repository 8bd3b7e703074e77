/**
 * The registry build cache (`cache: BuildCache.registry(...)`): the enum-like and its
 * validation, the GitHub jobs (single image, several platforms, workspace builder and
 * matrix) and the GitLab jobs. The bake file: test/workspace/bake-cache.test.ts.
 */
import * as YAML from 'yaml';
import { actionlint, githubProject, readText, readWorkflow, step, synthGitlab, synthWorkflow } from './support';
import type { WorkspaceImagesWorkflowOptions } from '../../src';
import { BuildCache, BuildCacheKind, Platform, Registry, RustDockerImage, RustWorkspaceImages, Smoke } from '../../src';
import { cacheTag, checkCacheTags } from '../../src/ci/cache-tag';
import { resolveSettings } from '../../src/ci/settings';
import { RustDockerError } from '../../src/core/errors';
import { caught } from '../support/errors';
import { read, workspaceProject } from '../workspace/support';

const REPO = 'ghcr.io/acme/api-cache';

describe('BuildCache', () => {
  test('GITHUB_ACTIONS and registry()', () => {
    expect(BuildCache.GITHUB_ACTIONS.kind).toBe(BuildCacheKind.GITHUB_ACTIONS);
    expect(BuildCache.GITHUB_ACTIONS.repository).toBeUndefined();
    expect(BuildCache.registry(REPO)).toMatchObject({ kind: BuildCacheKind.REGISTRY, repository: REPO });
    expect(BuildCache.registry('registry.example.com:5000/team/build-cache').repository).toBe('registry.example.com:5000/team/build-cache');
    expect(BuildCache.registry('localhost/cache').repository).toBe('localhost/cache');
  });

  test.each([
    ['ghcr.io/acme/api-cache:latest', /has a tag; each cache scope becomes a tag of the repository/],
    ['ghcr.io/acme/api-cache@sha256:' + 'a'.repeat(64), /has a digest/],
    ['ghcr.io/Acme/api-cache', /whose path is not a registry path: 'Acme' is not a path component/],
    ['acme/api-cache', /does not start with a registry host/],
    ['ghcr.io', /does not start with a registry host|has no repository path/],
    ['ghcr.io/', /has no repository path after the host/],
    ['https://ghcr.io/acme/cache', /starts with a URL scheme/],
    ['ghcr.io/${{ github.repository }}-cache', /holds a GitHub expression/],
    ['$CI_REGISTRY_IMAGE/cache', /holds a '\$' \(a variable\)/],
    ['ghcr.io/acme/api cache', /holds a space, line break or control character/],
    ['ghcr.io/acme/cache\nx', /holds a space, line break or control character/],
    ['ghcr.io/acme//cache', /empty component/],
    [`ghcr.io/${'a'.repeat(260)}`, /more than the 255 an image repository name may have/],
  ])('registry(%j) is refused', (repository, message) => {
    const error = caught(() => BuildCache.registry(repository));
    expect(error.message).toMatch(/^BuildCache\.registry\('/);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('e.g. \'ghcr.io/my-org/my-repo-cache\'');
  });

  test('registry() of a non-string names what was given', () => {
    expect(caught(() => BuildCache.registry(42 as unknown as string)).message)
      .toBe('BuildCache.registry(): the repository is the number 42, not a string. Give an image repository such as \'ghcr.io/my-org/my-repo-cache\'.');
  });
});

describe('the cache option', () => {
  test('resolved into the settings: undefined by default and for GITHUB_ACTIONS, the repository for registry()', () => {
    expect(resolveSettings({}).cacheRepository).toBeUndefined();
    expect(resolveSettings({ cache: BuildCache.GITHUB_ACTIONS }).cacheRepository).toBeUndefined();
    expect(resolveSettings({ cache: BuildCache.registry(REPO) }).cacheRepository).toBe(REPO);
  });

  test('a BuildCache of another copy of the library is accepted, and its repository checked again', () => {
    expect(resolveSettings({ cache: { kind: 'registry', repository: REPO } as unknown as BuildCache }).cacheRepository).toBe(REPO);
    expect(resolveSettings({ cache: { kind: 'github-actions' } as unknown as BuildCache }).cacheRepository).toBeUndefined();
    const bad = caught(() => resolveSettings({ cache: { kind: 'registry', repository: 'ghcr.io/acme/cache:v1' } as unknown as BuildCache }));
    expect(bad.message).toMatch(/^option 'cache\.repository' is "ghcr\.io\/acme\/cache:v1", which has a tag/);
    const missing = caught(() => resolveSettings({ cache: { kind: 'registry' } as unknown as BuildCache }));
    expect(missing.message).toMatch(/^option 'cache\.repository' is undefined, not a string\./);
  });

  test('a string or another value is not a BuildCache; the fix names the factory', () => {
    expect(caught(() => resolveSettings({ cache: REPO as unknown as BuildCache })).message)
      .toBe(`option 'cache' is the string "${REPO}", not a BuildCache. Use BuildCache.registry('${REPO}').`);
    expect(caught(() => resolveSettings({ cache: 'gha' as unknown as BuildCache })).message)
      .toBe('option \'cache\' is the string "gha", not a BuildCache. Use BuildCache.GITHUB_ACTIONS or BuildCache.registry(\'ghcr.io/my-org/my-repo-cache\').');
    expect(caught(() => resolveSettings({ cache: {} as unknown as BuildCache })).message).toMatch(/^option 'cache' is .*, not a BuildCache\./);
  });

  test('the workflow names the component: a cache on another host than the registry is refused for GitHub', () => {
    const project = githubProject();
    const error = caught(() => new RustDockerImage(project, { workflow: { cache: BuildCache.registry('registry.example.com/team/cache') } }));
    expect(error.message).toBe(
      'DockerWorkflow (Dockerfile): option \'cache\' is BuildCache.registry(\'registry.example.com/team/cache\') on registry.example.com, '
      + 'but the GitHub jobs log in to ghcr.io only (the \'registry\' option), so they could not write it. '
      + 'Put the cache on ghcr.io, e.g. BuildCache.registry(\'ghcr.io/my-org/my-repo-cache\'), '
      + 'or push the images to registry.example.com with registry: Registry.custom(\'registry.example.com\', { ... }).',
    );
  });

  test('the host check follows the registry option, ignores case, and does not apply without a GitHub workflow', () => {
    const custom = Registry.custom('registry.example.com', { pathPrefix: 'team' });
    expect(() => new RustDockerImage(githubProject(), { workflow: { registry: custom, cache: BuildCache.registry('registry.example.com/team/cache') } })).not.toThrow();
    expect(() => new RustDockerImage(githubProject(), { workflow: { registry: Registry.DOCKER_HUB, cache: BuildCache.registry('docker.io/acme/cache') } })).not.toThrow();
    expect(() => new RustDockerImage(githubProject(), { workflow: { github: false, cache: BuildCache.registry('registry.example.com/team/cache') } })).not.toThrow();
    expect(() => new RustDockerImage(githubProject(), { workflow: { enabled: false, cache: BuildCache.registry('registry.example.com/team/cache') } })).not.toThrow();
  });
});

describe('cache tags', () => {
  test('scopes become tags; expressions are kept', () => {
    expect(cacheTag('docker')).toBe('docker');
    expect(cacheTag('docker-linux-arm-v7')).toBe('docker-linux-arm-v7');
    expect(cacheTag('docker-${{ matrix.slug }}')).toBe('docker-${{ matrix.slug }}');
    expect(cacheTag('${{ matrix.image }}')).toBe('${{ matrix.image }}');
    expect(cacheTag('a/b c+d')).toBe('a-b-c-d');
    expect(cacheTag('.hidden')).toBe('_.hidden');
    expect(cacheTag('-x')).toBe('_-x');
  });

  test('a tag longer than 128 characters is refused, naming the option', () => {
    expect(() => checkCacheTags(undefined, ['x'.repeat(200)])).not.toThrow();
    expect(() => checkCacheTags(REPO, ['x'.repeat(128)])).not.toThrow();
    const error = caught(() => checkCacheTags(REPO, ['x'.repeat(129)]));
    expect(error).toBeInstanceOf(RustDockerError);
    expect(error.message).toMatch(/^option 'cache' would tag the cache ghcr\.io\/acme\/api-cache:x{129}, a tag of 129 characters; registries accept at most 128\. Give the workflow a shorter workflowName/);
    const project = githubProject();
    new RustDockerImage(project, { workflow: { workflowName: 'w'.repeat(130), cache: BuildCache.registry(REPO) } });
    expect(() => project.synth()).toThrow(/^DockerWorkflow \(Dockerfile\): option 'cache' would tag the cache/);
  });
});

describe('GitHub jobs of one image', () => {
  test('default: GitHub\'s cache service, unchanged', () => {
    const wf = readWorkflow(synthWorkflow().dir);
    expect(step(wf.jobs.build, 'Build the image').with).toMatchObject({ 'cache-from': 'type=gha,scope=docker', 'cache-to': 'type=gha,mode=max,scope=docker' });
    expect(step(wf.jobs.push, 'Build and push').with).toMatchObject({ 'cache-from': 'type=gha,scope=docker', 'cache-to': 'type=gha,mode=max,scope=docker' });
    const explicit = readWorkflow(synthWorkflow({ cache: BuildCache.GITHUB_ACTIONS }).dir);
    expect(explicit).toEqual(wf);
  });

  test('registry: the build job (no login) only reads, the push job (logged in) reads and writes with mode=max', async () => {
    const { dir } = synthWorkflow({ cache: BuildCache.registry(REPO) });
    const wf = readWorkflow(dir);
    const build = step(wf.jobs.build, 'Build the image').with;
    expect(build['cache-from']).toBe(`type=registry,ref=${REPO}:docker`);
    expect(build).not.toHaveProperty('cache-to');
    expect(wf.jobs.build.steps.some((s: any) => String(s.uses).startsWith('docker/login-action'))).toBe(false);
    const push = step(wf.jobs.push, 'Build and push').with;
    expect(push['cache-from']).toBe(`type=registry,ref=${REPO}:docker`);
    expect(push['cache-to']).toBe(`type=registry,ref=${REPO}:docker,mode=max`);
    expect(step(wf.jobs.push, 'Log in to ghcr.io')).toBeDefined();
    expect(wf.jobs.push.permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(await actionlint(readText(dir, '.github/workflows/docker.yml'), 'docker.yml')).toEqual([]);
  });

  test('registry, several platforms: one tag per platform; the by-digest jobs write theirs', async () => {
    const { dir } = synthWorkflow({ cache: BuildCache.registry(REPO) }, { ports: [8080], platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] });
    const wf = readWorkflow(dir);
    const build = step(wf.jobs.build, 'Build the image').with;
    expect(build['cache-from']).toBe(`type=registry,ref=${REPO}:docker-linux-amd64`);
    expect(build).not.toHaveProperty('cache-to');
    const push = step(wf.jobs.push, 'Build and push by digest').with;
    expect(push['cache-from']).toBe(`type=registry,ref=${REPO}:docker-\${{ matrix.slug }}`);
    expect(push['cache-to']).toBe(`type=registry,ref=${REPO}:docker-\${{ matrix.slug }},mode=max`);
    expect(wf.jobs.push.strategy.matrix.include.map((i: any) => i.slug)).toEqual(['linux-amd64', 'linux-arm64']);
    expect(wf.jobs.merge.steps.some((s: any) => s.with?.['cache-to'] !== undefined)).toBe(false);
    expect(await actionlint(readText(dir, '.github/workflows/docker.yml'), 'docker.yml')).toEqual([]);
  });

  test('registry with a custom registry on the same host, and a named workflow', () => {
    const registry = Registry.custom('registry.example.com:5000', { pathPrefix: 'team' });
    const { dir } = synthWorkflow({ registry, workflowName: 'svc', cache: BuildCache.registry('registry.example.com:5000/team/cache') });
    const wf = readWorkflow(dir, '.github/workflows/svc.yml');
    expect(step(wf.jobs.push, 'Build and push').with['cache-to']).toBe('type=registry,ref=registry.example.com:5000/team/cache:svc,mode=max');
    expect(step(wf.jobs.push, 'Log in to registry.example.com:5000').with.registry).toBe('registry.example.com:5000');
  });
});

describe('GitHub jobs of workspace images', () => {
  function synth(options: WorkspaceImagesWorkflowOptions): { dir: string; wf: any; text: string } {
    const project = workspaceProject(['api', 'worker']);
    new RustWorkspaceImages(project, { ports: [8080], binaries: { worker: { ports: [], smoke: Smoke.command(['--version']) } }, workflow: options });
    project.synth();
    const text = read(project.outdir, '.github/workflows/docker.yml');
    return { dir: project.outdir, wf: YAML.parse(text), text };
  }

  test('default: the builder job keeps contents: read and no login (unchanged)', () => {
    const { wf } = synth({});
    expect(wf.jobs.builder.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs.builder.steps.map((s: any) => s.name)).toEqual(['Checkout', 'Set up Docker Buildx', 'Build the builder stage (cache only)']);
  });

  test('registry: the builder logs in and writes on pushes only; the matrix jobs import its tag first', async () => {
    const { wf, text } = synth({ cache: BuildCache.registry(REPO) });
    const builder = wf.jobs.builder;
    expect(builder.permissions).toEqual({ contents: 'read', packages: 'write' });
    const login = step(builder, 'Log in to ghcr.io');
    expect(login.if).toBe('github.event_name == \'push\'');
    expect(builder.steps.indexOf(login)).toBeLessThan(builder.steps.indexOf(step(builder, 'Build the builder stage (cache only)')));
    expect(step(builder, 'Build the builder stage (cache only)').with).toMatchObject({
      'target': 'builder',
      'outputs': 'type=cacheonly',
      'cache-from': `type=registry,ref=${REPO}:docker-builder`,
      'cache-to': `\${{ github.event_name == 'push' && 'type=registry,ref=${REPO}:docker-builder,mode=max' || '' }}`,
    });
    const build = step(wf.jobs.build, 'Build the image').with;
    expect(build['cache-from']).toBe(`type=registry,ref=${REPO}:docker-builder\ntype=registry,ref=${REPO}:\${{ matrix.image }}\n`);
    expect(build).not.toHaveProperty('cache-to');
    expect(wf.jobs.build.permissions).toEqual({ contents: 'read' });
    const push = step(wf.jobs.push, 'Build and push').with;
    expect(push['cache-from']).toBe(`type=registry,ref=${REPO}:docker-builder\ntype=registry,ref=${REPO}:\${{ matrix.image }}\n`);
    expect(push['cache-to']).toBe(`type=registry,ref=${REPO}:\${{ matrix.image }},mode=max`);
    expect(await actionlint(text, 'docker.yml')).toEqual([]);
  });

  test('registry on Docker Hub: the builder job gets no packages permission', () => {
    const { wf } = synth({ registry: Registry.DOCKER_HUB, cache: BuildCache.registry('docker.io/acme/cache') });
    expect(wf.jobs.builder.permissions).toEqual({ contents: 'read' });
    expect(step(wf.jobs.builder, 'Log in to docker.io').with.username).toBe('${{ secrets.DOCKERHUB_USERNAME }}');
  });
});

describe('GitLab jobs', () => {
  test('default: the project registry\'s cache', () => {
    const ci = synthGitlab({});
    expect(ci['docker-build'].variables.CACHE_REF).toBe('$CI_REGISTRY_IMAGE/cache:docker');
    expect(ci['docker-push'].variables.CACHE_REF).toBe('$CI_REGISTRY_IMAGE/cache:docker');
    expect(synthGitlab({ cache: BuildCache.GITHUB_ACTIONS })['docker-push'].variables.CACHE_REF).toBe('$CI_REGISTRY_IMAGE/cache:docker');
  });

  test('registry: CACHE_REF is <repository>:<workflow name>, read and written as before', () => {
    const ci = synthGitlab({ cache: BuildCache.registry('registry.gitlab.com/acme/api/cache'), workflowName: 'api' });
    for (const job of ['api-build', 'api-push']) {
      expect(ci[job].variables.CACHE_REF).toBe('registry.gitlab.com/acme/api/cache:api');
    }
    expect(ci['api-push'].script.join('\n')).toContain('--cache-to "type=registry,ref=$CACHE_REF,mode=max"');
    expect(ci['api-build'].script.join('\n')).toContain('--cache-from "type=registry,ref=$CACHE_REF"');
  });
});
