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
