/**
 * The generated `.dockerignore`, checked with a port of Docker's own matching rules
 * (`@balena/dockerignore`, moby's fileutils): whatever the user's `dockerignorePatterns`
 * say, every file the Dockerfile build reads stays in the build context, and the user's
 * exclusions still apply to everything else.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore from '@balena/dockerignore';
import type { RustDockerImageOptions } from '../../src';
import { RustDockerImage, RustWorkspaceImages } from '../../src';
import { loadWorkspace } from '../../src/cargo/workspace';
import { dependencyInputs } from '../../src/dockerfile/builder-stage';
import { keptPaths, mergeDockerignorePatterns, renderDockerignore } from '../../src/dockerfile/dockerignore';
import { stubFiles } from '../../src/dockerfile/stubs';
import { validateOptions } from '../../src/plan/validate';
import { bareProject, crateFiles, read, tempDir, writeTree } from '../support/temp-project';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'cargo');

const lock = (...names: string[]) => `version = 4\n${names.map((n) => `\n[[package]]\nname = "${n}"\nversion = "0.1.0"\n`).join('')}`;
const pkg = (name: string, extra = '') => `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n${extra}`;

/**
 * A workspace with everything the build reads (root package with a build script, a member
 * whose binary lies outside `src/`, a member with a build script, a path dependency that is
 * no member, vendored sources, toolchain file, cargo config, lockfile), and files it does
 * not need.
 */
const NEEDED = {
  'Cargo.toml': pkg('app', '\n[dependencies]\nshared = { path = "libs/shared" }\n\n[workspace]\nmembers = ["crates/api", "crates/gen"]\nexclude = ["libs/shared"]\n'),
  'Cargo.lock': lock('api', 'app', 'gen', 'shared'),
  'rust-toolchain.toml': '[toolchain]\nchannel = "1.85.0"\n',
  '.cargo/config.toml': '[source.crates-io]\nreplace-with = "vendored-sources"\n\n[source.vendored-sources]\ndirectory = "vendor"\n',
  'build.rs': 'fn main() {}\n',
  'src/main.rs': 'mod util;\nfn main() {}\n',
  'src/util/mod.rs': '',
  'crates/api/Cargo.toml': pkg('api', '\n[[bin]]\nname = "api"\npath = "cmd/api.rs"\n'),
  'crates/api/src/lib.rs': '',
  'crates/api/cmd/api.rs': 'fn main() {}\n',
  'crates/gen/Cargo.toml': pkg('gen'),
  'crates/gen/build.rs': 'fn main() {}\n',
  'crates/gen/src/lib.rs': '',
  'libs/shared/Cargo.toml': pkg('shared'),
  'libs/shared/src/lib.rs': '',
  'vendor/serde/Cargo.toml': pkg('serde'),
};

const NOT_NEEDED = {
  'README.md': '',
  'docs/guide.md': '',
  'crates/api/README.md': '',
  'crates/api/target/debug/api': '',
  'target/release/app': '',
  'node_modules/left-pad/index.js': '',
  '.git/HEAD': '',
  '.env': 'TOKEN=1\n',
  '.env.production': 'TOKEN=2\n',
  'key.pem': '',
  'certs/server.pem': '',
  'Dockerfile': '',
  '.dockerignore': '',
};

let root: string;
beforeAll(() => {
  root = tempDir('prd-ignore-');
  writeTree(root, { ...NEEDED, ...NOT_NEEDED });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** The files Docker sends as the build context, per the rendered `.dockerignore`. */
function context(patterns: string[] = [], files: string[] = Object.keys({ ...NEEDED, ...NOT_NEEDED })): string[] {
  const text = renderDockerignore(loadWorkspace(root), ['Dockerfile'], patterns);
  // Docker matches case-sensitively on Linux; the library's default is node-ignore's (case-insensitive).
  const matcher = ignore({ ignorecase: false }).add(text);
  return matcher.filter(files).sort();
}

/** What the Dockerfile's builder stage reads: the dependency layer's COPY sources and every target it touches. */
function readByTheBuild(): string[] {
  const ws = loadWorkspace(root);
  const sources = dependencyInputs(ws).flatMap((i) => i.args[0].split(' ').slice(0, -1).map((s) => s.replace(/\/$/, '')));
  const files = Object.keys(NEEDED);
  const expanded = sources.flatMap((s) => (files.includes(s) ? [s] : files.filter((f) => f.startsWith(`${s}/`))));
  return [...new Set([...expanded, ...stubFiles(ws).map((s) => s.path)])].sort();
}

describe('what the build needs is always kept', () => {
  test('the kept set is what the builder stage copies and touches, from the Cargo model', () => {
    const build = readByTheBuild();
    expect(build).toEqual(expect.arrayContaining(['Cargo.lock', 'rust-toolchain.toml', '.cargo/config.toml', 'vendor/serde/Cargo.toml',
      'libs/shared/Cargo.toml', 'build.rs', 'crates/api/cmd/api.rs', 'crates/gen/build.rs']));
    expect(keptPaths(loadWorkspace(root))).toEqual([
      '.cargo/config.toml',
      'Cargo.lock',
      'Cargo.toml',
      'build.rs',
      'crates/api/Cargo.toml',
      'crates/api/cmd/api.rs',
      'crates/api/src',
      'crates/gen/Cargo.toml',
      'crates/gen/build.rs',
      'crates/gen/src',
      'libs/shared',
      'libs/shared/Cargo.toml',
      'rust-toolchain.toml',
      'src',
      'vendor',
    ]);
    // The build reads nothing the default .dockerignore leaves out.
    expect(context()).toEqual(expect.arrayContaining(build));
  });

  test('an allow-list file (*, !src, !Cargo.toml) keeps the lockfile, toolchain, cargo config, path deps, each member\'s src and build.rs', () => {
    expect(context(['*', '!src', '!Cargo.toml'])).toEqual(Object.keys(NEEDED).sort());
    expect(context(['*', '!src', '!Cargo.toml'])).toEqual(expect.arrayContaining(readByTheBuild()));
  });

  test('an allow-list that re-includes more keeps that too', () => {
    expect(context(['*', '!src', '!Cargo.toml', '!README.md', '!docs'])).toEqual([...Object.keys(NEEDED), 'README.md', 'docs/guide.md'].sort());
  });

  test('a user pattern cannot drop src, a member\'s sources or the Cargo files', () => {
    const kept = context(['src/', 'crates/', '**/*.rs', '**/Cargo.*', '.cargo', 'rust-toolchain.toml', 'libs', 'vendor/']);
    expect(kept).toEqual(expect.arrayContaining(Object.keys(NEEDED)));
    expect(kept).toContain('README.md');
  });

  test('user exclusions of secrets still apply outside what the build needs', () => {
    const kept = context(['.env*', '**/*.pem', 'docs/']);
    for (const file of ['.env', '.env.production', 'key.pem', 'certs/server.pem', 'docs/guide.md']) {
      expect(kept).not.toContain(file);
    }
    expect(kept).toEqual(expect.arrayContaining([...Object.keys(NEEDED), 'README.md', 'crates/api/README.md']));
  });

  test('a file inside a kept directory stays, whatever the patterns: keep secrets out of src/', () => {
    expect(context(['**/*.pem'], ['src/dev.pem', 'crates/gen/src/key.pem', 'crates/gen/key.pem'])).toEqual(['crates/gen/src/key.pem', 'src/dev.pem']);
  });

  test('without user patterns the new keep lines re-include nothing the defaults exclude', () => {
    expect(context()).toEqual([...Object.keys(NEEDED), 'README.md', 'certs/server.pem', 'crates/api/README.md', 'docs/guide.md', 'key.pem'].sort());
  });

  test('targets outside src/ come from the model: declared examples, tests, benches, custom paths and build scripts', () => {
    expect(keptPaths(loadWorkspace(path.join(FIXTURES, 'targets-misc'))).filter((p) => !p.endsWith('Cargo.toml') && p !== 'Cargo.lock')).toEqual([
      'auto-build/build.rs',
      'auto-build/src',
      'custom-build/src',
      'custom-build/tools/codegen.rs',
      'declared-targets/benches/speed.rs',
      'declared-targets/examples/demo/main.rs',
      'declared-targets/lib/mod.rs',
      'declared-targets/samples/custom.rs',
      'declared-targets/tests/integration.rs',
      'no-build/src',
      'proc-macro-lib/src',
    ]);
    // A member without targets in src/ keeps no src/ at all; one with a [[bin]] path elsewhere keeps that file.
    expect(keptPaths(loadWorkspace(path.join(FIXTURES, 'bin-custom-path')))).toEqual(expect.arrayContaining(['cmd/server.rs', 'src']));
  });
});

describe('rendering the user\'s patterns', () => {
  const ws = () => loadWorkspace(root);

  test('a section between the generated exclusions and the kept paths, lines in order, comments and blank lines kept', () => {
    const text = renderDockerignore(ws(), ['Dockerfile'], ['', '# from the old .dockerignore', '*', '', '!src', '  # indented: a pattern for Docker', '!Cargo.toml', '']);
    expect(text).toContain([
      '.env.*',
      '',
      '# Your patterns (dockerignorePatterns)',
      '# from the old .dockerignore',
      '*',
      '',
      '!src',
      '  # indented: a pattern for Docker',
      '!Cargo.toml',
      '',
      '# Always kept: the build needs these',
      '!/.cargo/config.toml',
    ].join('\n'));
    expect(text.endsWith('!/vendor\n')).toBe(true);
  });

  test('no section without patterns, nor with blank ones only', () => {
    for (const patterns of [[], [''], ['', '  ']]) {
      const text = renderDockerignore(ws(), ['Dockerfile'], patterns);
      expect(text).not.toContain('dockerignorePatterns');
      expect(text).toContain('.env.*\n\n# Always kept: the build needs these\n');
    }
  });
});

describe('mergeDockerignorePatterns', () => {
  test('the same list from several components is added once', () => {
    const list = ['# old file', '*', '', '!src'];
    expect(mergeDockerignorePatterns([list, [...list]])).toEqual(list);
  });

  test('registration order; a repeated rule stays at its last place only; comments and blank lines stay', () => {
    expect(mergeDockerignorePatterns([['# api', '*.log', '.env.local', ''], ['# worker', '*.pem', '*.log']]))
      .toEqual(['# api', '.env.local', '', '# worker', '*.pem', '*.log']);
  });

  test('the merged list excludes exactly what the lists one after the other exclude', () => {
    const lists = [['*', '!src', 'src/gen', '!docs'], ['docs', '!docs/api.md', '*'], ['!README.md', '!src', 'docs']];
    const files = ['README.md', 'src/main.rs', 'src/gen/x.rs', 'docs/api.md', 'docs/guide.md', 'other'];
    const filter = (patterns: string[]) => ignore({ ignorecase: false }).add(patterns).filter(files);
    expect(mergeDockerignorePatterns(lists)).toEqual(['src/gen', '!docs', '!docs/api.md', '*', '!README.md', '!src', 'docs']);
    expect(filter(mergeDockerignorePatterns(lists))).toEqual(filter(lists.flat()));
  });
});

describe('validation of dockerignorePatterns', () => {
  function message(patterns: unknown): string {
    try {
      new RustDockerImage(bareProject(tempDir()), { dockerignorePatterns: patterns } as RustDockerImageOptions);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected construction to fail');
  }

  test.each([
    [['*', 'src\n!secret'], 'option \'dockerignorePatterns[1]\' is the string "src\\n!secret": it contains a line break, which would make it more than one line of the .dockerignore.'],
    [['a\r'], 'option \'dockerignorePatterns[0]\' is the string "a\\r": it contains a line break'],
    [['a\u2028b'], 'option \'dockerignorePatterns[0]\' is the string "a\u2028b": it contains a line break'],
    [['ok', '', 'nul\u0000'], 'option \'dockerignorePatterns[2]\' is the string "nul\\u0000": it contains a control character, which no .dockerignore line can hold.'],
    [['esc\u001b[0m'], 'option \'dockerignorePatterns[0]\' is the string "esc\\u001b[0m": it contains a control character'],
    [['*', 42], 'option \'dockerignorePatterns[1]\' is the number 42, not a string.'],
    [[null], 'option \'dockerignorePatterns[0]\' is null, not a string.'],
    ['*\n!src', 'option \'dockerignorePatterns\' is the string "*\\n!src", not a list.'],
    [[' ! '], 'option \'dockerignorePatterns[0]\' is the string " ! ": a "!" with no pattern after it, which Docker refuses ("illegal exclusion pattern"), failing every build.'],
  ])('%j is refused: %s', (patterns, expected) => {
    const text = message(patterns);
    expect(text.startsWith(`RustDockerImage (cargoDir '.'): ${expected}`)).toBe(true);
    expect(text).toMatch(/Give each line of the \.dockerignore as its own string|Write the path to re-include after the "!"|Give an array/);
  });

  test('the fix says how to split lines', () => {
    expect(message(['a\nb'])).toContain('Give each line of the .dockerignore as its own string, e.g. ["*", "!src", "!Cargo.toml"]. Split a value with line breaks into one string per line');
  });

  test('blank lines, comments, tabs and any pattern text are accepted', () => {
    expect(() => validateOptions({ dockerignorePatterns: ['', '   ', '# comment', '*', '!src', '**/*.pem', 'a\tb', '!/Cargo.toml', '[abc]'] })).not.toThrow();
    expect(() => validateOptions({ dockerignorePatterns: [] })).not.toThrow();
  });
});

describe('components sharing a build context', () => {
  test('their patterns are merged in registration order into the one .dockerignore', () => {
    const dir = tempDir();
    writeTree(dir, crateFiles('svc', { 'src/bin/admin.rs': 'fn main() {}\n' }));
    const project = bareProject(dir);
    new RustDockerImage(project, { binary: 'svc', dockerignorePatterns: ['# shared', '*', '!src', '!Cargo.toml', '*.pem'] });
    new RustDockerImage(project, { binary: 'admin', dockerfileName: 'Dockerfile.admin', dockerignorePatterns: ['# shared', '*', '!src', '!Cargo.toml', '*.pem'] });
    new RustWorkspaceImages(project, { dockerfileName: 'Dockerfile.all', bakeFileName: 'images.hcl', dockerignorePatterns: ['*.pem', '!admin.pem'] });
    project.synth();
    const text = read(dir, '.dockerignore');
    const section = text.slice(text.indexOf('# Your patterns'), text.indexOf('# Always kept'));
    expect(section).toBe('# Your patterns (dockerignorePatterns)\n# shared\n*\n!src\n!Cargo.toml\n*.pem\n!admin.pem\n\n');
    expect(text).toContain('# Always kept: the build needs these\n!/Cargo.lock\n!/Cargo.toml\n!/src\n');
    expect(ignore({ ignorecase: false }).add(text).filter(['Cargo.toml', 'Cargo.lock', 'src/main.rs', 'src/bin/admin.rs', 'x.pem', 'admin.pem', 'notes.txt']))
      .toEqual(['Cargo.toml', 'Cargo.lock', 'src/main.rs', 'src/bin/admin.rs', 'admin.pem']);
  });

  test('a component without patterns adds none; the option does not change the Dockerfile', () => {
    const dir = tempDir();
    writeTree(dir, crateFiles('svc'));
    const project = bareProject(dir);
    new RustDockerImage(project);
    project.synth();
    const plain = read(dir, 'Dockerfile');
    expect(read(dir, '.dockerignore')).not.toContain('dockerignorePatterns');

    const other = tempDir();
    writeTree(other, crateFiles('svc'));
    const withPatterns = bareProject(other);
    new RustDockerImage(withPatterns, { dockerignorePatterns: ['*', '!src', '!Cargo.toml'] });
    withPatterns.synth();
    expect(read(other, 'Dockerfile')).toBe(plain);
  });
});
