import * as path from 'path';
import { gitlab, Project } from 'projen';
import * as YAML from 'yaml';
import { gitlabProject, githubProject, readText, synthGitlab } from './support';
import type { RustDockerImageOptions, DockerWorkflowOptions } from '../../src';
import { RustDockerImage, Platform, Smoke } from '../../src';
import { crateFiles, writeTree } from '../support/temp-project';

/** Job keywords from https://docs.gitlab.com/ci/yaml/ ("Job keywords"). */
const JOB_KEYWORDS = new Set([
  'after_script', 'allow_failure', 'artifacts', 'before_script', 'cache', 'coverage', 'dast_configuration', 'dependencies',
  'environment', 'extends', 'hooks', 'identity', 'id_tokens', 'image', 'inherit', 'interruptible', 'manual_confirmation',
  'needs', 'pages', 'parallel', 'release', 'resource_group', 'retry', 'rules', 'run', 'script', 'secrets', 'services',
  'stage', 'tags', 'timeout', 'trigger', 'variables', 'when',
]);
/** Global keywords from the same page. */
const GLOBAL_KEYWORDS = new Set(['default', 'include', 'stages', 'variables', 'workflow']);
const IMAGE_KEYS = new Set(['name', 'entrypoint', 'docker', 'kubernetes', 'pull_policy']);
const SERVICE_KEYS = new Set(['name', 'alias', 'entrypoint', 'command', 'docker', 'kubernetes', 'pull_policy', 'variables']);
const CACHE_KEYS = new Set(['key', 'paths', 'untracked', 'unprotect', 'when', 'policy', 'fallback_keys']);
const RULE_KEYS = new Set(['if', 'changes', 'exists', 'when', 'allow_failure', 'needs', 'variables', 'interruptible']);

/** Every key of the CI file that is not a documented GitLab keyword, as paths. */
function unknownKeys(ci: any): string[] {
  const problems: string[] = [];
  const check = (where: string, obj: any, allowed: Set<string>) => {
    for (const key of Object.keys(obj ?? {})) {
      if (!allowed.has(key)) {
        problems.push(`${where}.${key}`);
      }
    }
  };
  for (const [name, value] of Object.entries<any>(ci)) {
    if (GLOBAL_KEYWORDS.has(name)) {
      continue;
    }
    check(name, value, JOB_KEYWORDS);
    if (value.image !== undefined && typeof value.image !== 'string') {
      check(`${name}.image`, value.image, IMAGE_KEYS);
    }
    (value.services ?? []).forEach((s: any, i: number) => typeof s === 'string' || check(`${name}.services[${i}]`, s, SERVICE_KEYS));
    (value.cache ?? []).forEach((c: any, i: number) => check(`${name}.cache[${i}]`, c, CACHE_KEYS));
    (value.rules ?? []).forEach((r: any, i: number) => check(`${name}.rules[${i}]`, r, RULE_KEYS));
    for (const list of ['script', 'before_script']) {
      if (value[list] !== undefined) {
        expect(Array.isArray(value[list]) && value[list].every((l: unknown) => typeof l === 'string')).toBe(true);
      }
    }
    expect(typeof value.stage).toBe('string');
    expect(ci.stages).toContain(value.stage);
  }
  return problems;
}

const MATRIX: [string, DockerWorkflowOptions, RustDockerImageOptions][] = [];
for (const [smokeName, smoke] of [['default', undefined], ['none', Smoke.NONE], ['http', Smoke.http('/healthz')], ['command', Smoke.command(['--version'])]] as const) {
  for (const [platformName, platforms] of [['native', undefined], ['arm64', [Platform.LINUX_ARM64]], ['two', [Platform.LINUX_AMD64, Platform.LINUX_ARM64]]] as const) {
    for (const cargoTest of [false, true]) {
      MATRIX.push([`smoke ${smokeName}, ${platformName}, cargoTest ${cargoTest}`, { smoke, platforms: platforms ? [...platforms] : undefined, cargoTest }, { ports: [8080] }]);
    }
  }
}
MATRIX.push(['branches and tags', { branches: ['main', 'release/*'], tags: ['v*.*.*'], pullRequests: false }, {}]);
MATRIX.push(['custom images', { gitlabOptions: { imageName: 'registry.example.com/team/svc', dockerImage: 'docker:27.5.1', dindImage: 'docker:27.5.1-dind' } }, {}]);

describe('GitLab CI', () => {
  test.each(MATRIX)('parses and uses only documented keywords: %s', (_title, options, image) => {
    const ci = synthGitlab(options, image);
    expect(unknownKeys(ci)).toEqual([]);
    expect(Object.keys(ci).filter((k) => !GLOBAL_KEYWORDS.has(k)).sort()).toEqual(
      options.cargoTest ? ['docker-build', 'docker-push', 'docker-test'] : ['docker-build', 'docker-push']);
  });

  test('stages build (with smoke test) and push; registry cache per image; CI registry variables', () => {
    const ci = synthGitlab();
    expect(ci.stages).toEqual(['build', 'push']);
    const build = ci['docker-build'];
    expect(build.image).toEqual({ name: 'docker:28' });
    expect(build.services).toEqual([{ name: 'docker:28-dind', alias: 'docker' }]);
    expect(build.variables).toMatchObject({ DOCKER_TLS_CERTDIR: '/certs', CACHE_REF: '$CI_REGISTRY_IMAGE/cache:docker', LOCAL_IMAGE: 'local/docker:ci' });
    expect(build.before_script[0]).toBe('echo "$CI_REGISTRY_PASSWORD" | docker login --username "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"');
    expect(build.script[0]).toBe('docker buildx build --file Dockerfile --tag "$LOCAL_IMAGE" --load '
      + '--cache-from "type=registry,ref=$CACHE_REF" --cache-to "type=registry,ref=$CACHE_REF,mode=max" .');
    expect(build.script.join('\n')).toContain('wget -q -T 5 -O /dev/null http://docker:8080/');
    expect(build.rules).toEqual([
      { if: '$CI_PIPELINE_SOURCE == "merge_request_event" && $CI_MERGE_REQUEST_TARGET_BRANCH_NAME == $CI_DEFAULT_BRANCH' },
      { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' },
      { if: '$CI_COMMIT_TAG =~ /^v[^\\/]*$/' },
    ]);
    const push = ci['docker-push'];
    expect(push.needs).toEqual(['docker-build']);
    expect(push.variables.IMAGE).toBe('$CI_REGISTRY_IMAGE');
    expect(push.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }, { if: '$CI_COMMIT_TAG =~ /^v[^\\/]*$/' }]);
    const command = push.script.find((l: string) => l.startsWith('docker buildx build'));
    expect(command).toContain('"$@" --output type=image,push=true,rewrite-timestamp=true');
    // The commit's time for a reproducible image, before the build.
    expect(push.script.slice(2, 5)).toEqual(['command -v git > /dev/null || apk add --no-cache git', 'SOURCE_DATE_EPOCH="$(git log -1 --pretty=%ct)"', 'export SOURCE_DATE_EPOCH']);
    expect(push.script[0]).toBe('set -- --tag "$IMAGE:sha-$CI_COMMIT_SHORT_SHA"');
    expect(command).toContain('--provenance=true --sbom=true');
    expect(command).toContain('--cache-to "type=registry,ref=$CACHE_REF,mode=max"');
    expect(push.timeout).toBe('30 minutes');
  });

  test('cargo test job in the builder image with a Cargo cache', () => {
    const ci = synthGitlab({ cargoTest: true });
    expect(ci.stages).toEqual(['test', 'build', 'push']);
    expect(ci['docker-test']).toMatchObject({
      stage: 'test',
      image: { name: 'rust:1.95-bookworm' },
      cache: [{ key: 'docker-cargo', paths: ['.cargo-home/registry/', 'target/'] }],
      script: ['cargo test --locked --package svc'],
    });
    expect(ci['docker-build'].needs).toEqual(['docker-test']);
  });

  test('several platforms: QEMU in the push job, which alone writes the cache', () => {
    const ci = synthGitlab({ platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] });
    expect(ci['docker-push'].before_script).toContain('docker run --privileged --rm docker.io/tonistiigi/binfmt:latest --install all');
    expect(ci['docker-push'].script.find((l: string) => l.startsWith('docker buildx build'))).toContain('--platform linux/amd64,linux/arm64');
    expect(ci['docker-build'].script[0]).not.toContain('--cache-to');
    expect(ci['docker-build'].script[0]).toContain('--platform linux/amd64');
  });

  test('command smoke test', () => {
    const ci = synthGitlab({ smoke: Smoke.command(['--version']) });
    expect(ci['docker-build'].script[1]).toBe('docker run --rm "$LOCAL_IMAGE" --version');
  });

  test('a subproject image: paths from the repository root, jobs in the root .gitlab-ci.yml', () => {
    const project = gitlabProject();
    writeTree(path.join(project.outdir, 'services/api'), crateFiles('api'));
    const sub = new Project({ name: 'api', parent: project, outdir: 'services/api' });
    new RustDockerImage(sub, { workflow: { cargoTest: true } });
    project.synth();
    const ci = YAML.parse(readText(project.outdir, '.gitlab-ci.yml'));
    expect(ci['docker-services-api-build'].script[0]).toContain('--file services/api/Dockerfile');
    expect(ci['docker-services-api-build'].script[0]).toMatch(/ services\/api$/);
    expect(ci['docker-services-api-push'].variables.IMAGE).toBe('$CI_REGISTRY_IMAGE/services-api');
    expect(ci['docker-services-api-build'].variables.CACHE_REF).toBe('$CI_REGISTRY_IMAGE/cache:docker-services-api');
    expect(ci['docker-services-api-test'].script[0]).toBe('cd services/api');
    expect(ci['docker-services-api-test'].cache[0].paths).toEqual(['.cargo-home/registry/', 'services/api/target/']);
  });

  test('gitlab: true creates .gitlab-ci.yml; GitHub and GitLab together', () => {
    const project = githubProject();
    new RustDockerImage(project, { workflow: { gitlab: true } });
    project.synth();
    expect(YAML.parse(readText(project.outdir, '.gitlab-ci.yml'))['docker-build']).toBeDefined();
    expect(readText(project.outdir, '.github/workflows/docker.yml')).toContain('docker/build-push-action@');
  });

  test('no GitLab configuration: no GitLab jobs', () => {
    const project = githubProject();
    const workflow = new RustDockerImage(project).workflow;
    expect(workflow.gitlabConfiguration).toBeUndefined();
  });

  test('synthesizing twice replaces the jobs', () => {
    const project = gitlabProject();
    new RustDockerImage(project);
    project.synth();
    const first = readText(project.outdir, '.gitlab-ci.yml');
    project.synth();
    expect(readText(project.outdir, '.gitlab-ci.yml')).toBe(first);
  });

  test('an existing job with the same name fails with the fix', () => {
    const project = gitlabProject();
    const config = project.components.find((c): c is gitlab.GitlabConfiguration => c instanceof gitlab.GitlabConfiguration)!;
    config.addJobs({ 'docker-build': { stage: 'build', script: ['true'] } });
    expect(() => new RustDockerImage(project).workflow).toThrow(/.gitlab-ci.yml already has a job 'docker-build'.*'workflowName'/);
  });
});
