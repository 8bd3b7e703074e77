import { gitlab, Project } from 'projen';
import { ciTempDir, githubProject, readWorkflow, step } from './support';
import type { DockerWorkflowOptions, RustWorkspaceImagesOptions } from '../../src';
import { Platform, Registry, RustDockerImage, RustWorkspaceImages, Smoke } from '../../src';
import { RustDockerError } from '../../src/core/errors';
import { crateFiles, writeTree } from '../support/temp-project';
import { workspaceFiles } from '../workspace/support';

function caught(fn: () => unknown): RustDockerError {
  try {
    fn();
  } catch (e) {
    expect(RustDockerError.is(e)).toBe(true);
    return e as RustDockerError;
  }
  throw new Error('expected a RustDockerError');
}

/** Workflow options as untyped JavaScript configuration may give them. */
function untyped(options: { [key: string]: unknown }): DockerWorkflowOptions {
  return options as DockerWorkflowOptions;
}

function create(options: DockerWorkflowOptions): void {
  new RustDockerImage(githubProject(), { ports: [8080], workflow: options });
}

describe('Registry.custom', () => {
  test('a line break in pathPrefix, which would add a line to GITHUB_OUTPUT, is refused', () => {
    const e = caught(() => Registry.custom('registry.example.com', { pathPrefix: 'a\nB=1' }));
    expect(e.component).toBe('Registry.custom(\'registry.example.com\')');
    expect(e.option).toBe('pathPrefix');
    expect(e.problem).toBe('contains a line break or control character ("a\\nB=1"), which would break out of its line in the workflow.');
    expect(e.fix).toMatch(/^Use lowercase path components of letters and digits joined by '\.', '_' or '-', separated by '\/', e\.g\. 'my-team\/services'; an expression may stand for a component: \$\{\{ github\.repository \}\}/);
  });

  test.each([
    ['an upper-case component', 'Team', 'is "Team", which is not a registry path: \'Team\' is not a path component.'],
    ['an empty component', 'a//b', 'is "a//b", which is not a registry path: it has an empty component (\'//\').'],
    ['two dots', 'a..b', 'is "a..b", which is not a registry path: \'a..b\' is not a path component.'],
    ['a space', 'my team', 'is "my team", which is not a registry path: \'my team\' is not a path component.'],
    ['a quote', 'team"x', 'is "team\\"x", which is not a registry path: \'team"x\' is not a path component.'],
    ['an expression of the event', '${{ github.event.head_commit.message }}',
      'is "${{ github.event.head_commit.message }}", which holds the GitHub expression ${{ github.event.head_commit.message }}, not allowed here.'],
    ['an unterminated expression', '${{ github.repository', 'is "${{ github.repository", which holds an incomplete GitHub expression (\'${{\' without \'}}\', or the reverse).'],
    ['NUL', 'team\u0000', 'contains a line break or control character ("team\\u0000"), which would break out of its line in the workflow.'],
  ])('pathPrefix with %s is refused', (_name, pathPrefix, problem) => {
    const e = caught(() => Registry.custom('r.example.com', { pathPrefix }));
    expect({ option: e.option, problem: e.problem }).toEqual({ option: 'pathPrefix', problem });
  });

  test('registry paths and the repository\'s expressions pass', () => {
    for (const [pathPrefix, image] of [
      ['/team/', 'r.example.com/team'],
      ['my-team/svc_1.x', 'r.example.com/my-team/svc_1.x'],
      ['a__b--c', 'r.example.com/a__b--c'],
      ['${{ github.repository }}', 'r.example.com/${{ github.repository }}'],
      ['org/${{ vars.TEAM }}', 'r.example.com/org/${{ vars.TEAM }}'],
      ['x-${{ github.repository_owner }}/${{ github.event.repository.name }}', 'r.example.com/x-${{ github.repository_owner }}/${{ github.event.repository.name }}'],
    ]) {
      expect(Registry.custom('r.example.com', { pathPrefix })._imageFor('')).toBe(image);
    }
  });

  test.each([
    ['a line break', 'bot\nx', 'contains a line break or control character ("bot\\nx"), which would break out of its line in the workflow.'],
    ['a space', 'my bot', 'is "my bot", which contains a space outside of a GitHub expression.'],
    ['nothing', '', 'is empty.'],
    ['an unterminated expression', '${{ secrets.USER', 'is "${{ secrets.USER", which holds an incomplete GitHub expression (\'${{\' without \'}}\', or the reverse).'],
  ])('a username with %s is refused', (_name, username, problem) => {
    const e = caught(() => Registry.custom('r.example.com', { username }));
    expect({ option: e.option, problem: e.problem }).toEqual({ option: 'username', problem });
    expect(e.fix).toBe('Give the user name on one line without spaces, or a whole expression such as \'${{ secrets.REGISTRY_USER }}\'.');
  });

  test('user names and expressions pass to docker/login-action', () => {
    expect(Registry.custom('r.example.com', { username: 'robot$team+ci@example.com' })._username).toBe('robot$team+ci@example.com');
    expect(Registry.custom('r.example.com', { username: '${{ secrets.REG_USER }}' })._username).toBe('${{ secrets.REG_USER }}');
  });

  test('types', () => {
    expect(caught(() => Registry.custom(5 as unknown as string)).message).toBe(
      'Registry.custom(): the host is the number 5, not a string. Give the registry host only, without scheme or path, e.g. \'registry.example.com\' or \'registry.example.com:5000\'.');
    expect(caught(() => Registry.custom('r.example.com\n')).message).toMatch(/^Registry\.custom\('r\.example\.com\\n'\): 'r\.example\.com\\n' is not a registry host\./);
    for (const option of ['username', 'passwordSecret', 'pathPrefix']) {
      const e = caught(() => Registry.custom('r.example.com', { [option]: 42 }));
      expect({ option: e.option, problem: e.problem }).toEqual({ option, problem: 'is the number 42, not a string.' });
    }
  });
});

describe('Smoke and Platform factories say the type', () => {
  test.each([
    ['Smoke.http with a port as a string', () => Smoke.http('/', { port: '8080' as unknown as number }),
      'Smoke.http(): option \'port\' is the string "8080", not a number. Write the port as a number, without quotes: 8080.'],
    ['Smoke.http with a number as path', () => Smoke.http(5 as unknown as string), 'Smoke.http(): option \'path\' is the number 5, not a string. Give a path such as \'/healthz\'.'],
    ['Smoke.http with a line break in the path', () => Smoke.http('/a\nb'), /^Smoke\.http\('\/a\\nb'\): the path must start with '\/' and contain only URL characters/],
    ['Smoke.command with a string', () => Smoke.command('--version' as unknown as string[]),
      'Smoke.command(): the arguments are the string "--version", not a list of strings. Give the arguments as an array, e.g. Smoke.command([\'--version\']).'],
    ['Smoke.command with a number', () => Smoke.command(['--port', 8080 as unknown as string]),
      'Smoke.command(): option \'args[1]\' is the number 8080, not a string. Write it as a string, \'8080\'.'],
    ['Smoke.command with an escape character', () => Smoke.command(['\u001b[2J']), /^Smoke\.command\(\["\\u001b\[2J"\]\): arguments may not contain line breaks, NUL or other control characters\./],
    ['Platform.custom with a number', () => Platform.custom(64 as unknown as string), 'Platform.custom(): the platform is the number 64, not a string. Write it as os/arch or os/arch/variant, e.g. \'linux/riscv64\'.'],
    ['Platform.custom with a line break', () => Platform.custom('linux/arm64\n'), /^Platform\.custom\('linux\/arm64\\n'\): 'linux\/arm64\\n' is not a platform\./],
  ])('%s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });

  test('a tab stays allowed in a smoke argument', () => {
    expect(Smoke.command(['a\tb']).args).toEqual(['a\tb']);
  });
});

describe('CI options say the type, and what would reach a workflow is checked', () => {
  test.each([
    ['branches as a string', { branches: 'main' }, 'branches', 'is the string "main", not a list of patterns.', 'Give an array, e.g. [\'main\'].'],
    ['a tag that is a number', { tags: [1] }, 'tags', 'has the number 1, not a string.', expect.stringMatching(/^Write git ref names/)],
    ['timeoutMinutes as a string', { timeoutMinutes: '30' }, 'timeoutMinutes', 'is the string "30", not a number.', 'Write the minutes as a number, without quotes: 30.'],
    ['runsOn as a string', { runsOn: 'ubuntu-latest' }, 'runsOn', 'is the string "ubuntu-latest", not a list of runner labels.', 'Give an array, e.g. [\'ubuntu-latest\'].'],
    ['a runner label with a line break', { runsOn: ['ubuntu-latest\nx'] }, 'runsOn[0]', 'contains a line break or control character (\'ubuntu-latest\\nx\'), which would break out of its line in the workflow.',
      'Give a runner label such as \'ubuntu-latest\' or \'self-hosted\'.'],
    ['a runner label with spaces around it', { runsOn: [' self-hosted'] }, 'runsOn[0]', 'is \' self-hosted\', which has spaces around it.', 'Give a runner label such as \'ubuntu-latest\' or \'self-hosted\'.'],
    ['a runner label that is a number', { runsOn: [22] }, 'runsOn[0]', 'is the number 22, not a string.', 'Give runner labels as strings, e.g. \'ubuntu-latest\'.'],
    ['registry as a string', { registry: 'ghcr.io' }, 'registry', 'is the string "ghcr.io", not a Registry.', 'Use Registry.GHCR, Registry.DOCKER_HUB or Registry.custom(\'registry.example.com\').'],
    ['platforms as strings', { platforms: ['linux/arm64'] }, 'platforms[0]', 'is the string "linux/arm64", not a Platform.', 'Use Platform.custom(\'linux/arm64\') or a Platform constant such as Platform.LINUX_ARM64.'],
    ['platforms as one Platform', { platforms: Platform.LINUX_ARM64 }, 'platforms', 'is an object, not a list of platforms.', 'Give an array, e.g. [Platform.LINUX_AMD64, Platform.LINUX_ARM64].'],
    ['smoke as a string', { smoke: 'none' }, 'smoke', 'is the string "none", not a Smoke.', 'Use Smoke.NONE, Smoke.http(path, { port }) or Smoke.command(args).'],
    ['enabled as a string', { enabled: 'false' }, 'enabled', 'is the string "false", not a boolean.', 'Use true or false without quotes (a non-empty string would count as true).'],
    ['pullRequests as a number', { pullRequests: 0 }, 'pullRequests', 'is the number 0, not a boolean.', 'Use true or false.'],
    ['gitlab as a string', { gitlab: 'yes' }, 'gitlab', 'is the string "yes", not a boolean.', 'Use true or false without quotes (a non-empty string would count as true).'],
    ['workflowName as a number', { workflowName: 5 }, 'workflowName', 'is the number 5, not a string.', 'Use letters, digits, \'.\', \'_\' and \'-\' only, e.g. \'docker-api\'.'],
    ['an imageName with an event expression', { imageName: 'ghcr.io/${{ github.head_ref }}/app' }, 'imageName',
      'is "ghcr.io/${{ github.head_ref }}/app", which holds the GitHub expression ${{ github.head_ref }}, not allowed here.',
      'Use a name such as \'ghcr.io/my-org/my-service\'; of GitHub expressions only ${{ github.repository }}, ${{ github.repository_owner }}, ${{ github.event.repository.name }} or ${{ vars.NAME }}.'],
    ['an imageName with NUL', { imageName: 'ghcr.io/org/app\u0000' }, 'imageName', 'contains a line break or control character ("ghcr.io/org/app\\u0000"), which would break out of its line in the workflow.',
      expect.stringMatching(/^Use a name such as/)],
    ['an imageName with a line break inside an expression', { imageName: 'ghcr.io/${{ github.repository\n}}' }, 'imageName',
      'contains a line break or control character ("ghcr.io/${{ github.repository\\n}}"), which would break out of its line in the workflow.', expect.stringMatching(/^Use a name such as/)],
    ['gitlabOptions as a string', { gitlabOptions: '$CI_REGISTRY_IMAGE' }, 'gitlabOptions', 'is the string "$CI_REGISTRY_IMAGE", not an object of GitLab options.',
      'Give an object such as { imageName: \'$CI_REGISTRY_IMAGE/api\' }.'],
    ['a GitLab image name with a tag', { gitlabOptions: { imageName: '$CI_REGISTRY_IMAGE/api:latest' } }, 'gitlabOptions.imageName',
      'is \'$CI_REGISTRY_IMAGE/api:latest\', which is not an image name without tag.', 'Give an image name without tag or digest (GitLab variables allowed), e.g. \'$CI_REGISTRY_IMAGE/api\'.'],
    ['a GitLab image name with a tag after a variable', { gitlabOptions: { imageName: '$CI_REGISTRY_IMAGE:latest' } }, 'gitlabOptions.imageName',
      'is \'$CI_REGISTRY_IMAGE:latest\', which is not an image name without tag.', 'Give an image name without tag or digest (GitLab variables allowed), e.g. \'$CI_REGISTRY_IMAGE/api\'.'],
    ['a GitLab image name with a digest', { gitlabOptions: { imageName: 'registry.example.com/x@sha256:abc' } }, 'gitlabOptions.imageName',
      'is \'registry.example.com/x@sha256:abc\', which is not an image name without tag.', 'Give an image name without tag or digest (GitLab variables allowed), e.g. \'$CI_REGISTRY_IMAGE/api\'.'],
    ['a GitLab image name with a line break', { gitlabOptions: { imageName: '$CI_REGISTRY_IMAGE\nx' } }, 'gitlabOptions.imageName',
      'contains a line break or control character ($CI_REGISTRY_IMAGE\\nx), which would break out of its line in .gitlab-ci.yml.', 'Give an image name on one line, e.g. \'$CI_REGISTRY_IMAGE/api\'.'],
    ['a GitLab job image with an option', { gitlabOptions: { dockerImage: 'docker:28 --privileged' } }, 'gitlabOptions.dockerImage',
      'is \'docker:28 --privileged\', which is not an image reference.', 'Give an image reference (GitLab variables allowed), e.g. \'docker:28\'.'],
    ['a GitLab service image that is a number', { gitlabOptions: { dindImage: 28 } }, 'gitlabOptions.dindImage', 'is the number 28, not a string.', 'Give an image reference such as \'docker:28-dind\'.'],
  ])('%s', (_name, options, option, problem, fix) => {
    const e = caught(() => create(untyped(options)));
    expect(e.component).toBe('DockerWorkflow');
    expect({ option: e.option, problem: e.problem, fix: e.fix }).toEqual({ option, problem, fix });
  });

  test('workflow: false from JavaScript is refused (it would have generated CI)', () => {
    const e = caught(() => new RustDockerImage(githubProject(), { workflow: false as unknown as DockerWorkflowOptions }));
    expect(e.message).toBe('DockerWorkflow (Dockerfile): the CI options are the boolean false, not an object. Give an object of CI options; { enabled: false } turns CI off.');
  });

  test('imageNamePrefix of workspace images is checked the same way', () => {
    const project = githubProject(workspaceFiles(['api']));
    const options: RustWorkspaceImagesOptions = { workflow: { imageNamePrefix: 'ghcr.io/${{ github.event.pull_request.title }}' } };
    const e = caught(() => new RustWorkspaceImages(project, options));
    expect(e.component).toBe('WorkspaceImagesWorkflow');
    expect(e.option).toBe('imageNamePrefix');
    expect(e.problem).toMatch(/holds the GitHub expression \$\{\{ github\.event\.pull_request\.title \}\}, not allowed here\.$/);
  });

  test('sound values still reach the files', () => {
    const project = githubProject();
    new RustDockerImage(project, {
      ports: [8080],
      workflow: { imageName: 'ghcr.io/${{ github.repository_owner }}/${{ vars.IMAGE }}', runsOn: ['self-hosted', 'linux'], gitlab: false },
    });
    project.synth();
    const workflow = readWorkflow(project.outdir);
    expect(step(workflow.jobs.push, 'Image name').env.IMAGE).toBe('ghcr.io/${{ github.repository_owner }}/${{ vars.IMAGE }}');
    expect(workflow.jobs.build['runs-on']).toEqual(['self-hosted', 'linux']);

    const outdir = ciTempDir();
    writeTree(outdir, crateFiles('svc'));
    const gl = new Project({ name: 'root', outdir });
    new gitlab.GitlabConfiguration(gl);
    new RustDockerImage(gl, {
      ports: [8080],
      workflow: { gitlabOptions: { imageName: '${CI_REGISTRY}/group/svc', dockerImage: '$CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX/docker:28', dindImage: 'registry.example.com:5000/docker:28-dind' } },
    });
    expect(() => gl.synth()).not.toThrow();
  });
});
