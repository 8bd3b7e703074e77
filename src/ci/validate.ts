import { SmokeKind } from './smoke';
export { PLATFORM, checkPlatforms } from '../plan/platform-rules';
import { RustDockerError } from '../core/errors';
import { describeValue, hasControlCharacter, isMap } from '../core/rules';

/** A registry host, optionally with a port: `ghcr.io`, `registry.example.com:5000`. */
export const REGISTRY_HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d+)?$/;

/** A workflow or job name usable as a file name and a YAML key. */
export const WORKFLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A git ref pattern for triggers: no spaces, quotes or control characters. */
export const REF_PATTERN = /^[A-Za-z0-9._\-/*+?!]+$/;

/**
 * The GitHub expressions an image name or registry path may hold: values of the repository
 * (`github.repository`, `github.repository_owner`, `github.event.repository.name`) or of a
 * configuration variable (`vars.NAME`), which its admins set. Values of the event (a commit
 * message, a branch name, a pull request title) are chosen by whoever pushes, and the image
 * name goes through a `GITHUB_OUTPUT` line, where a line break would add outputs.
 */
const IMAGE_NAME_EXPRESSION = /\$\{\{\s*(github\.repository|github\.repository_owner|github\.event\.repository\.name|vars\.[A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The expressions `IMAGE_NAME_EXPRESSION` allows, for messages. */
export const IMAGE_NAME_EXPRESSIONS = '${{ github.repository }}, ${{ github.repository_owner }}, ${{ github.event.repository.name }} or ${{ vars.NAME }}';

/** A path component of a registry (OCI distribution): lowercase letters and digits, joined by `.`, `_`, `__` or dashes. */
const PATH_COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;

/**
 * Why a value with GitHub expressions cannot reach a workflow, or undefined: it holds a line
 * break or control character, or an expression that is not one of `allowed` (each replaced
 * by `x` in the returned literal text for further checks).
 */
function expressionProblem(value: string, allowed: RegExp): { problem?: string; literal: string } {
  if (hasControlCharacter(value)) {
    return { problem: `contains a line break or control character (${JSON.stringify(value)}), which would break out of its line in the workflow.`, literal: value };
  }
  const literal = value.replace(allowed, 'x');
  if (literal.includes('${{') || literal.includes('}}')) {
    const other = /\$\{\{[^{}]*\}\}/.exec(literal);
    return {
      problem: other ? `is ${JSON.stringify(value)}, which holds the GitHub expression ${other[0]}, not allowed here.`
        : `is ${JSON.stringify(value)}, which holds an incomplete GitHub expression ('\${{' without '}}', or the reverse).`,
      literal,
    };
  }
  return { literal };
}

/**
 * Why an image name (`imageName`, `imageNamePrefix`) cannot reach the workflow, or
 * undefined. Only the repository's expressions (see `IMAGE_NAME_EXPRESSION`) are allowed.
 */
export function imageNameProblem(value: string): string | undefined {
  const { problem, literal } = expressionProblem(value, IMAGE_NAME_EXPRESSION);
  if (problem) {
    return problem;
  }
  if (!/^[A-Za-z0-9._\-/:]+$/.test(literal)) {
    return `is ${JSON.stringify(value)}, which is not an image name: only letters, digits, '.', '_', '-', '/' and a ':port' after the host.`;
  }
  return undefined;
}

/**
 * Why a registry path (`Registry.custom`'s `pathPrefix`) is not one, or undefined: path
 * components of lowercase letters and digits joined by `.`, `_`, `__` or `-`, separated by
 * `/`; a component may be, or hold, one of the repository's expressions (see
 * `IMAGE_NAME_EXPRESSION`), which the workflow lower-cases at run time.
 */
export function registryPathProblem(value: string): string | undefined {
  const { problem, literal } = expressionProblem(value, IMAGE_NAME_EXPRESSION);
  if (problem) {
    return problem;
  }
  const bad = literal.split('/').find((c) => !PATH_COMPONENT.test(c));
  if (bad !== undefined) {
    return `is ${JSON.stringify(value)}, which is not a registry path: ${bad === '' ? 'it has an empty component (\'//\')' : `'${bad}' is not a path component`}.`;
  }
  return undefined;
}

/**
 * Why a user name for `docker login` cannot go into the workflow, or undefined: no line
 * breaks, control characters or spaces, and GitHub expressions only whole (`${{ ... }}` on
 * one line, without braces inside), such as `${{ secrets.REGISTRY_USER }}`.
 */
export function usernameProblem(value: string): string | undefined {
  const { problem, literal } = expressionProblem(value, /\$\{\{[^{}]*\}\}/g);
  if (problem) {
    return problem;
  }
  if (literal.trim() === '') {
    return 'is empty.';
  }
  if (/\s/.test(literal)) {
    return `is ${JSON.stringify(value)}, which contains a space outside of a GitHub expression.`;
  }
  return undefined;
}

/**
 * Checks that a `smoke` option is a `Smoke` (also one from another copy of this library): a
 * string such as `'none'` from untyped JavaScript would otherwise reach the jobs as nothing.
 */
export function checkSmoke(option: string, value: unknown): void {
  const kinds: unknown[] = Object.values(SmokeKind);
  if (!isMap(value) || !kinds.includes(value.kind) || typeof value.path !== 'string' || !Array.isArray(value.args)) {
    throw new RustDockerError({
      option,
      problem: `is ${describeValue(value)}, not a Smoke.`,
      fix: 'Use Smoke.NONE, Smoke.http(path, { port }) or Smoke.command(args).',
    });
  }
}

/**
 * Why a registry build cache's repository (`BuildCache.registry`) is not an image repository
 * with an explicit registry host, or undefined. It reaches the workflow, `.gitlab-ci.yml` and
 * the bake file as it is, so it is a literal: no GitHub expressions or variables, no tag, no
 * digest; a registry host (with a dot or a port, or `localhost`), then lowercase path
 * components (see `registryPathProblem`).
 */
export function cacheRepositoryProblem(value: string): string | undefined {
  if (value.includes('${{') || value.includes('}}')) {
    return `is ${JSON.stringify(value)}, which holds a GitHub expression; the cache repository is written into the workflow, .gitlab-ci.yml and the bake file as it is.`;
  }
  if (hasControlCharacter(value) || /\s/.test(value)) {
    return `is ${JSON.stringify(value)}, which holds a space, line break or control character.`;
  }
  if (value.includes('$')) {
    return `is ${JSON.stringify(value)}, which holds a '$' (a variable); the cache repository is written into the workflow, .gitlab-ci.yml and the bake file as it is.`;
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) {
    return `is ${JSON.stringify(value)}, which starts with a URL scheme; a repository is a host and a path, without scheme.`;
  }
  if (value.includes('@')) {
    return `is ${JSON.stringify(value)}, which has a digest ('@...'); each cache scope is a tag of the repository.`;
  }
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  if (!REGISTRY_HOST.test(host) || !(host.includes('.') || host.includes(':') || host === 'localhost')) {
    return `is ${JSON.stringify(value)}, which does not start with a registry host (such as 'ghcr.io/' or 'registry.example.com:5000/').`;
  }
  const path = slash < 0 ? '' : value.slice(slash + 1);
  if (path === '') {
    return `is ${JSON.stringify(value)}, which has no repository path after the host.`;
  }
  if (path.slice(path.lastIndexOf('/') + 1).includes(':')) {
    return `is ${JSON.stringify(value)}, which has a tag; each cache scope becomes a tag of the repository.`;
  }
  const pathProblem = registryPathProblem(path);
  if (pathProblem) {
    return `is ${JSON.stringify(value)}, whose path ${pathProblem.replace(/^is "[^"]*", which is /, 'is ')}`;
  }
  if (value.length > 255) {
    return `is ${value.length} characters long, more than the 255 an image repository name may have.`;
  }
  return undefined;
}
