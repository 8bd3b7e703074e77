import { actionlint, githubProject, readText, readWorkflow, synthGitlab } from './support';
import type { DockerWorkflowOptions } from '../../src';
import { RustDockerImage } from '../../src';
import { checkRefPatterns, gitlabRefConditions, parseRefPattern } from '../../src/ci/ref-patterns';
import { RustDockerError } from '../../src/core/errors';

/**
 * GitHub's filter syntax as its documentation states it, written independently of the
 * library's regular expressions: `*` any characters but `/`, `**` any characters, `?` the
 * character before it optional, `+` repeated; a leading `!` excludes; the last matching
 * pattern decides.
 */
function githubGlob(pattern: string, ref: string): boolean {
  const match = (pi: number, si: number): boolean => {
    if (pi === pattern.length) {
      return si === ref.length;
    }
    if (pattern[pi] === '*') {
      const double = pattern[pi + 1] === '*';
      const next = pi + (double ? 2 : 1);
      for (let k = si; ; k++) {
        if (match(next, k)) {
          return true;
        }
        if (k >= ref.length || (!double && ref[k] === '/')) {
          return false;
        }
      }
    }
    const c = pattern[pi];
    const quantifier = pattern[pi + 1];
    if (quantifier === '?') {
      return (ref[si] === c && match(pi + 2, si + 1)) || match(pi + 2, si);
    }
    if (quantifier === '+') {
      for (let k = si; k < ref.length && ref[k] === c; k++) {
        if (match(pi + 2, k + 1)) {
          return true;
        }
      }
      return false;
    }
    return ref[si] === c && match(pi + 1, si + 1);
  };
  return match(0, 0);
}

function githubMatches(patterns: string[], ref: string): boolean {
  let included = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      included = githubGlob(p.slice(1), ref) ? false : included;
    } else {
      included = githubGlob(p, ref) ? true : included;
    }
  }
  return included;
}

/** Evaluates the GitLab rules conditions the library writes (`==`, `!=`, `=~`, `!~` joined by `&&`) for one value. */
function gitlabMatches(conditions: string[], variable: string, value: string): boolean {
  return conditions.some((condition) => condition.split(' && ').every((atom) => {
    const m = /^(\$\w+) (==|!=|=~|!~) (?:"([^"]*)"|\/(.*)\/)$/.exec(atom);
    if (!m || m[1] !== variable) {
      throw new Error(`unexpected condition ${atom}`);
    }
    const [, , op, name, regex] = m;
    const hit = name !== undefined ? value === name : new RegExp(regex).test(value);
    return op === '==' || op === '=~' ? hit : !hit;
  }));
}

const PATTERN_LISTS: string[][] = [
  ['main'],
  ['main', 'release/*'],
  ['release/**'],
  ['**', '!wip'],
  ['**', '!wip', '!wip/**'],
  ['releases?'],
  ['releases?/*'],
  ['v+1'],
  ['v*', '!v*-rc*'],
  ['v*.*.*', 'release-*'],
  ['feature/**', '!feature/old/*', 'feature/old/keep'],
  ['*'],
  ['*/*'],
  ['a!b', 'x.y'],
  ['!wip', 'main'],
  ['feat-*', 'c+d'],
  ['v1.?0'],
];

const REFS = [
  'main', 'mainx', 'xmain', 'wip', 'wip/a', 'wip/a/b', 'release', 'releases', 'releasess', 'release/1', 'release/1/2',
  'releases/1', 'releases/1/2', 'v', 'v1', 'vv1', 'vvv1', 'v1.2.3', 'v1.2.3-rc1', 'v1/2', 'v1.0', 'v10', 'v1x0', 'release-1',
  'release-1/x', 'feature/a', 'feature/a/b', 'feature/old/x', 'feature/old/keep', 'feature/old/x/y', 'a!b', 'ab', 'x.y', 'xzy',
  'feat-', 'feat-x', 'feat-x/y', 'cd', 'ccd', 'd', 'a/b', 'a', '',
];

describe('branch and tag patterns mean the same on GitHub and GitLab', () => {
  test.each(PATTERN_LISTS.map((list) => [list.join(', '), list]))('%s', (_title, patterns) => {
    const conditions = gitlabRefConditions('$CI_COMMIT_BRANCH', patterns as string[]);
    const differ = REFS.filter((ref) => githubMatches(patterns as string[], ref) !== gitlabMatches(conditions, '$CI_COMMIT_BRANCH', ref));
    expect(differ).toEqual([]);
  });

  test('the reference matcher follows GitHub\'s documented examples', () => {
    expect(githubGlob('feature/*', 'feature/my-branch')).toBe(true);
    expect(githubGlob('feature/*', 'feature/a/b')).toBe(false);
    expect(githubGlob('feature/**', 'feature/mona/the/octocat')).toBe(true);
    expect(githubGlob('v2*', 'v2.0.0')).toBe(true);
    expect(githubGlob('*feature', 'mona-feature')).toBe(true);
    expect(githubGlob('releases?', 'release')).toBe(true);
    expect(githubMatches(['releases/**', '!releases/**-alpha'], 'releases/10-alpha')).toBe(false);
    expect(githubMatches(['releases/**', '!releases/**-alpha'], 'releases/10')).toBe(true);
  });

  test('\'!wip\' and \'releases?\' are no longer read as GitLab regex characters', () => {
    expect(gitlabRefConditions('$CI_COMMIT_BRANCH', ['**', '!wip'])).toEqual(['$CI_COMMIT_BRANCH =~ /^.*$/ && $CI_COMMIT_BRANCH != "wip"']);
    expect(gitlabRefConditions('$CI_COMMIT_BRANCH', ['releases?'])).toEqual(['$CI_COMMIT_BRANCH =~ /^releases?$/']);
    expect(gitlabRefConditions('$CI_COMMIT_TAG', ['v*'])).toEqual(['$CI_COMMIT_TAG =~ /^v[^\\/]*$/']);
    // A later positive pattern brings refs back: each positive pattern excludes only what follows it.
    expect(gitlabRefConditions('$CI_COMMIT_BRANCH', ['feature/**', '!feature/old/*', 'feature/old/keep'])).toEqual([
      '$CI_COMMIT_BRANCH =~ /^feature\\/.*$/ && $CI_COMMIT_BRANCH !~ /^feature\\/old\\/[^\\/]*$/',
      '$CI_COMMIT_BRANCH == "feature/old/keep"',
    ]);
  });
});

describe('patterns that cannot mean the same on both are refused', () => {
  function caught(option: string, patterns: unknown): RustDockerError {
    try {
      checkRefPatterns(option, patterns);
    } catch (e) {
      expect(RustDockerError.is(e)).toBe(true);
      return e as RustDockerError;
    }
    throw new Error(`expected an error for ${JSON.stringify(patterns)}`);
  }

  test.each([
    ['only exclusions', 'branches', ['!wip'], 'has only exclusions (\'!wip\'): a \'!\' pattern removes refs that the patterns before it matched, so nothing is left.',
      'Add what to include before them, e.g. [\'**\', \'!wip\'] for every branch but those.'],
    ['only exclusions of tags', 'tags', ['!v0*', '!v1*'], 'has only exclusions (\'!v0*\', \'!v1*\'): a \'!\' pattern removes refs that the patterns before it matched, so nothing is left.',
      'Add what to include before them, e.g. [\'**\', \'!v0*\', \'!v1*\'] for every tag but those.'],
    ['a lone !', 'branches', ['main', '!'], 'has \'!\', which excludes nothing: \'!\' must be followed by a pattern.', undefined],
    ['? with nothing before it', 'branches', ['?x'], 'has \'?x\', in which \'?\' follows nothing: \'?\' makes the character before it optional, which must be a plain character.', undefined],
    ['+ after a star', 'tags', ['v*+'], 'has \'v*+\', in which \'+\' follows \'*\': \'+\' repeats the character before it, which must be a plain character.', undefined],
    ['? after !', 'branches', ['main', '!?'], 'has \'!?\', in which \'?\' follows nothing: \'?\' makes the character before it optional, which must be a plain character.', undefined],
    ['**/', 'branches', ['**/fix'], 'has \'**/fix\', in which \'**/\' could match no directory at all on one engine and at least one on the other.',
      'Write the levels out (\'*/fix\', \'*/*/fix\') or end the pattern with \'**\' (\'feature/**\'), which mean the same on GitHub and GitLab.'],
    ['a leading slash', 'branches', ['/main'], 'has \'/main\', which no ref can match: git ref names do not start with \'/\' nor end with \'/\' or \'.\'.', undefined],
    ['a trailing dot', 'tags', ['v1.'], 'has \'v1.\', which no ref can match: git ref names do not start with \'/\' nor end with \'/\' or \'.\'.', undefined],
    ['a space', 'branches', ['ma in'], 'has \'ma in\', which is not a git ref pattern.', 'Use git ref names and globs, without spaces, quotes or control characters, e.g. \'main\' or \'release/*\'.'],
    ['a line break', 'branches', ['main\nx'], 'has \'main\\nx\', which is not a git ref pattern.', 'Use git ref names and globs, without spaces, quotes or control characters, e.g. \'main\' or \'release/*\'.'],
    ['a number', 'tags', [1], 'has the number 1, not a string.', undefined],
    ['a string instead of a list', 'branches', 'main', 'is the string "main", not a list of patterns.', 'Give an array, e.g. [\'main\'].'],
  ])('%s', (_name, option, patterns, problem, fix) => {
    const e = caught(option, patterns);
    expect(e.option).toBe(option);
    expect(e.problem).toBe(problem);
    expect(e.fix).toEqual(fix ?? expect.stringMatching(/^Write git ref names with GitHub's globs: .*e\.g\. 'main', 'release\/\*', 'v\*\.\*\.\*', '!release\/old'\.$/));
  });

  test('valid patterns parse to their names and expressions', () => {
    expect(parseRefPattern('branches', 'main')).toEqual({ text: 'main', negated: false, name: 'main', regex: '^main$' });
    expect(parseRefPattern('branches', '!release/*')).toEqual({ text: '!release/*', negated: true, name: undefined, regex: '^release\\/[^\\/]*$' });
    expect(parseRefPattern('branches', 'a!b')).toMatchObject({ negated: false, name: 'a!b' });
  });

  test('the options are checked when the workflow is created', () => {
    const project = githubProject();
    expect(() => new RustDockerImage(project, { workflow: { branches: ['!wip'] } })).toThrow(/^DockerWorkflow \(Dockerfile\): option 'branches' has only exclusions/);
  });
});

describe('generated triggers and rules', () => {
  const options: DockerWorkflowOptions = { branches: ['**', '!wip', 'releases?/*'], tags: ['v*', '!v*-rc*'] };

  test('GitHub gets the patterns as written, and actionlint accepts them', async () => {
    const project = githubProject();
    new RustDockerImage(project, { ports: [8080], workflow: options });
    project.synth();
    const workflow = readWorkflow(project.outdir);
    expect(workflow.on.push).toEqual({ branches: ['**', '!wip', 'releases?/*'], tags: ['v*', '!v*-rc*'] });
    expect(workflow.on.pull_request).toEqual({ branches: ['**', '!wip', 'releases?/*'] });
    expect(await actionlint(readText(project.outdir, '.github/workflows/docker.yml'), 'docker.yml')).toEqual([]);
  });

  test('GitLab gets rules that match the same refs', () => {
    const ci = synthGitlab(options);
    const mr = '$CI_PIPELINE_SOURCE == "merge_request_event"';
    expect(ci['docker-push'].rules).toEqual([
      { if: '$CI_COMMIT_BRANCH =~ /^.*$/ && $CI_COMMIT_BRANCH != "wip"' },
      { if: '$CI_COMMIT_BRANCH =~ /^releases?\\/[^\\/]*$/' },
      { if: '$CI_COMMIT_TAG =~ /^v[^\\/]*$/ && $CI_COMMIT_TAG !~ /^v[^\\/]*-rc[^\\/]*$/' },
    ]);
    expect(ci['docker-build'].rules.slice(0, 2)).toEqual([
      { if: `${mr} && $CI_MERGE_REQUEST_TARGET_BRANCH_NAME =~ /^.*$/ && $CI_MERGE_REQUEST_TARGET_BRANCH_NAME != "wip"` },
      { if: `${mr} && $CI_MERGE_REQUEST_TARGET_BRANCH_NAME =~ /^releases?\\/[^\\/]*$/` },
    ]);
  });
});
