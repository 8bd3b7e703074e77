import { githubProject, readWorkflow, step } from './support';
import type { DockerWorkflowOptions } from '../../src';
import { RustDockerImage, Platform, Registry, Smoke, SmokeKind } from '../../src';
import { ACTION_PINS, addVersionComments, pinned } from '../../src/ci/github/action-pins';
import { imageKey } from '../../src/ci/naming';
import { gitlabRefConditions } from '../../src/ci/ref-patterns';

function create(options: DockerWorkflowOptions) {
  const project = githubProject();
  return new RustDockerImage(project, { workflow: options }).workflow;
}

describe('enum-like options', () => {
  test('Platform', () => {
    expect(Platform.LINUX_ARM64.value).toBe('linux/arm64');
    expect(Platform.custom('linux/arm/v6').value).toBe('linux/arm/v6');
    expect(() => Platform.custom('arm64')).toThrow(/Platform.custom\('arm64'\): 'arm64' is not a platform. Write it as os\/arch/);
  });

  test('Smoke', () => {
    expect(Smoke.NONE.kind).toBe(SmokeKind.NONE);
    expect(Smoke.http().path).toBe('/');
    expect(Smoke.http('/healthz', { port: 9000 })).toMatchObject({ kind: SmokeKind.HTTP, path: '/healthz', port: 9000 });
    expect(Smoke.command(['--version']).args).toEqual(['--version']);
    expect(() => Smoke.http('healthz')).toThrow(/must start with '\/'/);
    expect(() => Smoke.http('/a b')).toThrow(/no spaces or quotes/);
    expect(() => Smoke.http('/', { port: 70000 })).toThrow(/not a TCP port/);
    expect(() => Smoke.command([])).toThrow(/needs at least one argument/);
  });

  test('Registry', () => {
    expect(Registry.GHCR.host).toBe('ghcr.io');
    const custom = Registry.custom('registry.example.com:5000', { passwordSecret: 'TOKEN', pathPrefix: '/team/' });
    expect(custom._password).toBe('${{ secrets.TOKEN }}');
    expect(custom._imageFor('')).toBe('registry.example.com:5000/team');
    expect(custom._imageFor('api')).toBe('registry.example.com:5000/team/api');
    expect(Registry.DOCKER_HUB._imageFor('api')).toBe('docker.io/${{ github.repository }}-api');
    expect(() => Registry.custom('https://registry.example.com')).toThrow(/without scheme or path/);
    expect(() => Registry.custom('r.example.com', { passwordSecret: 'A-B' })).toThrow(/not a secret name/);
  });
});

describe('option validation', () => {
  test.each([
    [{ workflowName: 'my workflow' }, /option 'workflowName' is 'my workflow'/],
    [{ branches: ['ma in'] }, /option 'branches' has 'ma in'/],
    [{ tags: ['v"1'] }, /option 'tags' has 'v"1'/],
    [{ platforms: [Platform.LINUX_ARM64, Platform.LINUX_ARM64] }, /option 'platforms' lists linux\/arm64 twice/],
    [{ timeoutMinutes: 0 }, /option 'timeoutMinutes' is 0/],
    [{ runsOn: [] }, /option 'runsOn' is empty/],
    [{ pullRequests: false, branches: [], tags: [] }, /no trigger is left/],
    [{ imageName: 'ghcr.io/org/app:latest' }, /option 'imageName' is 'ghcr.io\/org\/app:latest', which is not an image name without tag/],
    [{ imageName: 'quay.io/org/app' }, /not on the registry's host ghcr.io/],
  ])('%j', (options, message) => {
    expect(() => create(options)).toThrow(message);
  });

  test('errors name the image', () => {
    expect(() => create({ timeoutMinutes: 1.5 })).toThrow(/^DockerWorkflow \(Dockerfile\): /);
  });

  test('accepted image names', () => {
    for (const [options, name] of [
      [{ imageName: 'ghcr.io/${{ github.repository_owner }}/app' }, 'ghcr.io/${{ github.repository_owner }}/app'],
      [{ registry: Registry.DOCKER_HUB, imageName: 'myuser/app' }, 'myuser/app'],
      [{ registry: Registry.custom('r.example.com'), imageName: 'r.example.com/a/b' }, 'r.example.com/a/b'],
    ] as const) {
      const project = githubProject();
      new RustDockerImage(project, { workflow: options });
      project.synth();
      expect(step(readWorkflow(project.outdir).jobs.push, 'Image name').env.IMAGE).toBe(name);
    }
  });
});

describe('action pins table', () => {
  test('every pin is a full commit SHA of a version tag', () => {
    for (const [action, pin] of Object.entries(ACTION_PINS)) {
      expect(pin.action).toBe(action);
      expect(action).toMatch(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/);
      expect(pin.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(pin.version).toMatch(/^v\d+\.\d+\.\d+$/);
    }
    expect(() => pinned('someone/unknown')).toThrow(/no pin for action someone\/unknown/);
  });

  test('version comments go only after our exact pins', () => {
    const ours = pinned('docker/login-action');
    const text = [
      `      - uses: ${ours}`,
      `        uses: ${ours}`,
      '        uses: docker/login-action@v3',
      `        uses: docker/login-action@${'a'.repeat(40)}`,
      '        run: echo uses: nothing',
    ].join('\n');
    expect(addVersionComments(text).split('\n')).toEqual([
      `      - uses: ${ours} # ${ACTION_PINS['docker/login-action'].version}`,
      `        uses: ${ours} # ${ACTION_PINS['docker/login-action'].version}`,
      '        uses: docker/login-action@v3',
      `        uses: docker/login-action@${'a'.repeat(40)}`,
      '        run: echo uses: nothing',
    ]);
  });
});

describe('names', () => {
  test.each([
    ['Dockerfile', ''],
    ['Dockerfile.worker', 'worker'],
    ['api.Dockerfile', 'api'],
    ['services/api/Dockerfile', 'services-api'],
    ['services/api/Dockerfile.Worker', 'services-api-worker'],
    ['rust_ws/Dockerfile', 'rust-ws'],
  ])('%s → %j', (file, key) => {
    expect(imageKey(file)).toBe(key);
  });

  test('GitLab ref conditions', () => {
    expect(gitlabRefConditions('$CI_COMMIT_BRANCH', ['main'])).toEqual(['$CI_COMMIT_BRANCH == "main"']);
    expect(gitlabRefConditions('$CI_COMMIT_TAG', ['v*.*'])).toEqual(['$CI_COMMIT_TAG =~ /^v[^\\/]*\\.[^\\/]*$/']);
    expect(gitlabRefConditions('$CI_COMMIT_BRANCH', ['release/*'])).toEqual(['$CI_COMMIT_BRANCH =~ /^release\\/[^\\/]*$/']);
  });
});
