import type { CiImage } from './ci-image';
import { githubHealthLines, gitlabHealthLine, gitlabHealthVerdict } from './health-wait';
import { NATIVE_PLATFORM } from './platform-util';
import { actionsLiteral, shellWord, shellWords } from '../core/quote';

/** Seconds the HTTP probe keeps retrying: 20 attempts, 2 s apart, 5 s each at most. */
const ATTEMPTS = 20;

/** A script and the environment it reads its values from. */
export interface GithubScript {
  readonly run: string;
  /**
   * Values the script uses as `"$NAME"`, with any literal `${{` escaped: GitHub evaluates
   * expressions in `run:` and in env values, but the shell's expansion of `"$NAME"` is inert.
   */
  readonly env?: { [name: string]: string };
}

/**
 * The smoke test as a bash script for a GitHub-hosted runner, where published ports are on
 * 127.0.0.1. Undefined when the image has no smoke test. The command's arguments reach the
 * script through the environment, so no `${{` in them is ever evaluated by GitHub.
 */
export function githubSmokeScript(image: CiImage, platform: string | undefined): GithubScript | undefined {
  const run = ['docker', 'run', ...platformArgs(platform)];
  const smoke = image.smoke;
  switch (smoke.kind) {
    case 'none':
      return undefined;
    case 'command': {
      // GitHub evaluates `${{ }}` in env values too: a literal one is escaped there.
      const env = Object.fromEntries(smoke.args.map((arg, i) => [`SMOKE_ARG_${i}`, actionsLiteral(arg)]));
      const refs = Object.keys(env).map((name) => `"$${name}"`);
      return { run: `${[shellWords([...run, '--rm', image.localTag]), ...refs].join(' ')}\n`, env };
    }
    case 'http': {
      const url = `http://127.0.0.1:${smoke.port}${smoke.path}`;
      return {
        run: [
          shellWords([...run, '--detach', '--name', 'smoke', '--publish', `127.0.0.1:${smoke.port}:${smoke.port}`, image.localTag]),
          'trap \'docker logs smoke; docker rm --force smoke > /dev/null\' EXIT',
          shellWords(['curl', '--fail', '--silent', '--show-error', '--output', '/dev/null',
            '--retry', String(ATTEMPTS), '--retry-delay', '2', '--retry-all-errors', '--max-time', '5', url]),
          ...(image.health ? githubHealthLines(image.health) : []),
          '',
        ].join('\n'),
      };
    }
    case 'health':
      return {
        run: [
          shellWords([...run, '--detach', '--name', 'smoke', image.localTag]),
          'trap \'docker logs smoke; docker rm --force smoke > /dev/null\' EXIT',
          ...(image.health ? githubHealthLines(image.health) : []),
          '',
        ].join('\n'),
      };
  }
}

/**
 * The smoke test as sh lines for a GitLab job with a Docker-in-Docker service: containers
 * run in the service, so published ports are on host `docker`. busybox `wget` probes them
 * (the docker image has no curl).
 */
export function gitlabSmokeLines(image: CiImage, platform: string | undefined): string[] {
  const run = ['docker', 'run', ...platformArgs(platform)];
  const smoke = image.smoke;
  switch (smoke.kind) {
    case 'none':
      return [];
    case 'command':
      return [`${shellWords([...run, '--rm'])} "$LOCAL_IMAGE" ${shellWords(smoke.args)}`];
    case 'http': {
      const url = shellWord(`http://docker:${smoke.port}${smoke.path}`);
      return [
        `${shellWords([...run, '--detach', '--name', 'smoke', '--publish', `${smoke.port}:${smoke.port}`])} "$LOCAL_IMAGE"`,
        `ok=""; for _ in $(seq 1 ${ATTEMPTS}); do if wget -q -T 5 -O /dev/null ${url}; then ok=1; break; fi; sleep 2; done`,
        ...(image.health ? [gitlabHealthLine(image.health)] : []),
        'docker logs smoke; docker rm --force smoke > /dev/null',
        `test -n "$ok" || { echo 'smoke test failed: no answer from' ${url}; exit 1; }`,
        ...(image.health ? [gitlabHealthVerdict(image.health)] : []),
      ];
    }
    case 'health':
      return image.health ? [
        `${shellWords([...run, '--detach', '--name', 'smoke'])} "$LOCAL_IMAGE"`,
        `ok=1; ${gitlabHealthLine(image.health)}`,
        'docker logs smoke; docker rm --force smoke > /dev/null',
        gitlabHealthVerdict(image.health),
      ] : [];
  }
}

function platformArgs(platform: string | undefined): string[] {
  return platform && platform !== NATIVE_PLATFORM ? ['--platform', platform] : [];
}
