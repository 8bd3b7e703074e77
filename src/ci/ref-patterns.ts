import { REF_PATTERN } from './validate';
import { RustDockerError } from '../core/errors';
import { describeValue, printable } from '../core/rules';

/**
 * Branch and tag patterns (`branches`, `tags`) mean what GitHub's filter syntax says, on
 * every engine. GitHub takes them as written (`on.push.branches`); GitLab gets rules whose
 * conditions match the same refs:
 *
 * - `*` matches any characters but `/`; `**` any characters, `/` included;
 * - `?` makes the character before it optional, `+` repeats it (one or more);
 * - a leading `!` excludes the refs it matches from the patterns before it; a later positive
 *   pattern includes them again (the last matching pattern decides), and at least one pattern
 *   must be positive (GitHub refuses a list of exclusions only);
 * - every other character is itself (`.` is a dot; `!` after the start is a `!`).
 *
 * Patterns whose meaning is not certain to be the same on both engines are refused with an
 * error that says how to write them: `?` or `+` with no plain character before them, `**`
 * followed by `/` (whether it may match no directory at all), and ref names git refuses
 * (starting with `/`, ending with `/` or `.`).
 */

/** A parsed pattern. */
export interface RefPattern {
  /** The pattern as written. */
  readonly text: string;
  /** Whether it starts with `!` (excludes what it matches). */
  readonly negated: boolean;
  /** The name it matches, when it has no special character. */
  readonly name?: string;
  /** The refs it matches as an anchored regular expression (RE2 and JavaScript), with `/` escaped for GitLab's `/.../` literals. */
  readonly regex: string;
}

const FIX = 'Write git ref names with GitHub\'s globs: \'*\' (no \'/\'), \'**\' (any characters), \'?\' and \'+\' after a plain character, a leading \'!\' to exclude, e.g. \'main\', \'release/*\', \'v*.*.*\', \'!release/old\'.';

function refuse(option: string, pattern: string, why: string, fix = FIX): never {
  throw new RustDockerError({ option, problem: `has '${pattern}', ${why}`, fix });
}

/** Parses one pattern of the `branches` or `tags` option (named by `option` in errors). */
export function parseRefPattern(option: string, pattern: unknown): RefPattern {
  if (typeof pattern !== 'string') {
    throw new RustDockerError({ option, problem: `has ${describeValue(pattern)}, not a string.`, fix: FIX });
  }
  if (!REF_PATTERN.test(pattern)) {
    refuse(option, printable(pattern), 'which is not a git ref pattern.',
      'Use git ref names and globs, without spaces, quotes or control characters, e.g. \'main\' or \'release/*\'.');
  }
  const negated = pattern.startsWith('!');
  const body = negated ? pattern.slice(1) : pattern;
  if (body === '') {
    refuse(option, pattern, 'which excludes nothing: \'!\' must be followed by a pattern.');
  }
  if (body.startsWith('/') || body.endsWith('/') || body.endsWith('.')) {
    refuse(option, pattern, 'which no ref can match: git ref names do not start with \'/\' nor end with \'/\' or \'.\'.');
  }
  let regex = '';
  let plain = false; // whether the last token was a plain character, which '?' and '+' may follow
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '*') {
      if (body[i + 1] === '*') {
        if (body[i + 2] === '/') {
          refuse(option, pattern, 'in which \'**/\' could match no directory at all on one engine and at least one on the other.',
            'Write the levels out (\'*/fix\', \'*/*/fix\') or end the pattern with \'**\' (\'feature/**\'), which mean the same on GitHub and GitLab.');
        }
        regex += '.*';
        i++;
      } else {
        regex += '[^\\/]*';
      }
      plain = false;
    } else if (c === '?' || c === '+') {
      if (!plain) {
        refuse(option, pattern, `in which '${c}' follows ${i === 0 ? 'nothing' : `'${body[i - 1]}'`}: '${c}' ${c === '?' ? 'makes the character before it optional' : 'repeats the character before it'}, which must be a plain character.`);
      }
      regex += c;
      plain = false;
    } else {
      regex += /[A-Za-z0-9_!-]/.test(c) ? c : `\\${c}`;
      plain = true;
    }
  }
  const name = /[*?+]/.test(body) ? undefined : body;
  return { text: pattern, negated, name, regex: `^${regex}$` };
}

/**
 * Checks a `branches` or `tags` option: a list of patterns (see above) with at least one
 * positive pattern when it has exclusions. Returns the parsed patterns.
 */
export function checkRefPatterns(option: string, patterns: unknown): RefPattern[] {
  if (!Array.isArray(patterns)) {
    throw new RustDockerError({
      option,
      problem: `is ${describeValue(patterns)}, not a list of patterns.`,
      fix: typeof patterns === 'string' ? `Give an array, e.g. ['${printable(patterns)}'].` : 'Give an array, e.g. [\'main\'].',
    });
  }
  const parsed = patterns.map((p) => parseRefPattern(option, p));
  if (parsed.length > 0 && parsed.every((p) => p.negated)) {
    throw new RustDockerError({
      option,
      problem: `has only exclusions (${patterns.map((p) => `'${p}'`).join(', ')}): a '!' pattern removes refs that the patterns before it matched, so nothing is left.`,
      fix: `Add what to include before them, e.g. ['**', ${patterns.map((p) => `'${p}'`).join(', ')}] for every ${option === 'tags' ? 'tag' : 'branch'} but those.`,
    });
  }
  return parsed;
}

/**
 * GitLab rules conditions on `variable` (`$CI_COMMIT_BRANCH`, `$CI_COMMIT_TAG`,
 * `$CI_MERGE_REQUEST_TARGET_BRANCH_NAME`) that together match what GitHub matches for the
 * patterns: one condition per positive pattern, which excludes the refs of every exclusion
 * after it (the last matching pattern decides). A ref matches if any condition does.
 */
export function gitlabRefConditions(variable: string, patterns: string[]): string[] {
  const parsed = patterns.map((p) => parseRefPattern('branches', p));
  const conditions: string[] = [];
  parsed.forEach((pattern, i) => {
    if (pattern.negated) {
      return;
    }
    const exclusions = parsed.slice(i + 1).filter((p) => p.negated);
    conditions.push([pattern, ...exclusions].map((p) => gitlabMatch(variable, p, !p.negated)).join(' && '));
  });
  return conditions;
}

/** `$VAR == "name"` / `$VAR =~ /regex/`, or their negations. */
function gitlabMatch(variable: string, pattern: RefPattern, matches: boolean): string {
  return pattern.name !== undefined
    ? `${variable} ${matches ? '==' : '!='} "${pattern.name}"`
    : `${variable} ${matches ? '=~' : '!~'} /${pattern.regex}/`;
}
