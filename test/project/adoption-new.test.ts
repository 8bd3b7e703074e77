/**
 * `projen new --from <packed library> rust-docker` in copies of repositories shaped like real
 * ones (test/fixtures/adoption): every file the repository had is byte-identical afterwards,
 * except the ignore files and package.json, which become supersets (checked with git itself
 * for .gitignore and .gitattributes); no LICENSE, no workflow over an existing one, no Node.js
 * build workflow; the .projenrc.ts it writes shows the detected choices and, run again, gives
 * exactly the same files.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ADOPTION_FIXTURES, fixtureCopy } from '../support/adoption-fixtures';
import { adoptWith, installLibrary, packLibrary, PROJEN_NEW_TIMEOUT as TIMEOUT, projenNew, REPO, run } from '../support/projen-new';

const FIXTURES = ['chef-web-service', 'symlinked-dockerfile', 'with-package-json', 'docker-init'];
const MERGED = new Set(['.gitignore', '.gitattributes', '.dockerignore', 'package.json']);
const SKIP = new Set(['node_modules', '.git']);

type Tree = Map<string, { link?: string; bytes?: Buffer }>;

/** Every file and symbolic link under `dir` (not node_modules or .git), with its bytes or link target. */
function tree(dir: string, rel = ''): Tree {
  const out: Tree = new Map();
  for (const entry of fs.readdirSync(path.join(dir, rel)).sort()) {
    const p = rel === '' ? entry : `${rel}/${entry}`;
    const stat = fs.lstatSync(path.join(dir, p));
    if (SKIP.has(entry) && rel === '') {
      continue;
    }
    if (stat.isSymbolicLink()) {
      out.set(p, { link: fs.readlinkSync(path.join(dir, p)) });
    } else if (stat.isDirectory()) {
      tree(dir, p).forEach((v, k) => out.set(k, v));
    } else {
      out.set(p, { bytes: fs.readFileSync(path.join(dir, p)) });
    }
  }
  return out;
}

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Paths to probe an ignore or attributes file with: the repository's files and one path per pattern. */
function probes(files: string[], patterns: string[]): string[] {
  const derived = patterns
    .filter((p) => p.trim() !== '' && !p.startsWith('#'))
    .map((p) => p.trim().split(/\s+/)[0].replace(/^!/, '').replace(/^\//, '').replace(/\*\*/g, 'a/b').replace(/\*/g, 'x').replace(/\?/g, 'q').replace(/\/$/, '/f'));
  return [...new Set([...files, ...derived, 'x.pem', 'data/dump.sql', '.env', '.env.local', '.env.example', 'src/main.rs'])].filter((p) => p !== '');
}

/** The probes a .gitignore ignores, as git decides it. */
function ignored(gitignore: string, paths: string[]): Set<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-gi-'));
  git(dir, ['init', '-q']);
  fs.writeFileSync(path.join(dir, '.gitignore'), gitignore);
  try {
    return new Set(git(dir, ['check-ignore', '--no-index', '--stdin'], paths.join('\n') + '\n').split('\n').filter((l) => l !== ''));
  } catch (e) {
    if ((e as { status?: number }).status === 1) {
      return new Set();
    }
    throw e;
  }
}

/** The attributes a .gitattributes gives each probe, as git decides it: `path: attr: value` lines. */
function attributes(gitattributes: string, paths: string[]): Set<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-ga-'));
  git(dir, ['init', '-q']);
  fs.writeFileSync(path.join(dir, '.gitattributes'), gitattributes);
  return new Set(git(dir, ['check-attr', '-a', '--stdin'], paths.join('\n') + '\n').split('\n').filter((l) => l !== ''));
}

/** Every key of `original` is in `merged` with a deep-equal value. */
function expectJsonSuperset(original: { [k: string]: unknown }, merged: { [k: string]: unknown }): void {
  for (const [key, value] of Object.entries(original)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      expectJsonSuperset(value as { [k: string]: unknown }, merged[key] as { [k: string]: unknown });
    } else {
      expect({ key, value: merged[key] }).toEqual({ key, value });
    }
  }
}

/** Runs the project's .projenrc.ts as `npx projen` would (ts-node, no installs). */
function synthAgain(dir: string): string {
  return run('node', [path.join(REPO, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--transpile-only', '--project', 'tsconfig.projen.json', '.projenrc.ts'], dir);
}

/**
 * How each fixture is adopted: `projen new --from`, except next to a package.json, where
 * projen's CLI installs into that file first and then takes its first devDependency (here
 * eslint) for the module to create from; `projen-rust-docker adopt` is the way there.
 */
const VIA_ADOPT = new Set(['with-package-json']);

describe('adoption of existing repositories keeps every user file', () => {
  let tarball: string;
  let nodeModules: string;
  beforeAll(() => {
    tarball = packLibrary();
    nodeModules = installLibrary(tarball);
  }, TIMEOUT);

  describe.each(FIXTURES)('%s', (name) => {
    let dir: string;
    let before: Tree;
    let after: Tree;
    let output: string;
    beforeAll(() => {
      dir = fixtureCopy(name);
      before = tree(dir);
      if (VIA_ADOPT.has(name)) {
        output = adoptWith(nodeModules, dir);
        after = tree(dir);
        // What `npm install` would give the running .projenrc.ts below.
        fs.symlinkSync(nodeModules, path.join(dir, 'node_modules'), 'dir');
      } else {
        output = projenNew(dir, tarball);
        after = tree(dir);
      }
    }, TIMEOUT);

    test('every pre-existing file and symbolic link is byte-identical, except the merged ignore files and package.json', () => {
      const changed = [...before.entries()]
        .filter(([p]) => !MERGED.has(p))
        .filter(([p, v]) => {
          const now = after.get(p);
          return now === undefined || now.link !== v.link || (v.bytes !== undefined && !v.bytes.equals(now.bytes ?? Buffer.alloc(0)));
        })
        .map(([p]) => p);
      expect(changed).toEqual([]);
      expect(before.size).toBeGreaterThan(8);
    });

    test('.gitignore: every pattern kept, and git ignores everything it ignored before', () => {
      const original = before.get('.gitignore')!.bytes!.toString();
      const generated = after.get('.gitignore')!.bytes!.toString();
      const lines = original.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
      expect(lines.length).toBeGreaterThanOrEqual(5);
      expect(lines.filter((l) => !generated.split('\n').includes(l))).toEqual([]);
      const paths = probes([...before.keys()], original.split('\n'));
      const was = ignored(original, paths);
      const now = ignored(generated, paths);
      expect(was.size).toBeGreaterThan(0);
      expect([...was].filter((p) => !now.has(p))).toEqual([]);
      // Secrets stay out of git: a .env file is ignored before and after.
      if (was.has('.env')) {
        expect(now.has('.env')).toBe(true);
      }
    });

    test('.gitattributes, when there was one: git gives every path the attributes it had', () => {
      const original = before.get('.gitattributes')?.bytes?.toString();
      if (original === undefined) {
        expect(after.get('.gitattributes')?.bytes?.toString()).toContain('linguist-generated');
        return;
      }
      const generated = after.get('.gitattributes')!.bytes!.toString();
      const paths = probes([...before.keys()], original.split('\n'));
      const was = attributes(original, paths);
      const now = attributes(generated, paths);
      expect(was.size).toBeGreaterThan(0);
      expect([...was].filter((a) => !now.has(a))).toEqual([]);
    });

    (fs.existsSync(path.join(ADOPTION_FIXTURES, name, '.dockerignore')) ? test : test.skip)('.dockerignore: every line kept, in order, before the rules the build needs', () => {
      const original = before.get('.dockerignore')!.bytes!.toString();
      const generated = after.get('.dockerignore')!.bytes!.toString().split('\n');
      const lines = original.replace(/\n$/, '').split('\n');
      const start = generated.indexOf(lines[0]);
      expect(start).toBeGreaterThan(0);
      expect(generated.slice(start, start + lines.length)).toEqual(lines);
      expect(generated.indexOf('!/Cargo.lock')).toBeGreaterThan(start + lines.length - 1);
    });

    test('no LICENSE over the repository\'s license; package.json takes Cargo.toml\'s SPDX expression', () => {
      const licenseFiles = [...before.keys()].filter((p) => /^(licen[cs]e|copying)/i.test(p));
      expect(licenseFiles.length).toBeGreaterThan(0);
      expect([...after.keys()].filter((p) => /^(licen[cs]e|copying)/i.test(p))).toEqual(licenseFiles);
      const cargo = fs.readFileSync(path.join(dir, 'Cargo.toml'), 'utf8');
      const spdx = /^license\s*=\s*"([^"]+)"/m.exec(cargo)![1];
      expect(JSON.parse(after.get('package.json')!.bytes!.toString()).license).toBe(spdx);
    });

    test('workflows: the repository\'s are untouched, no Node.js build workflow, one image workflow with a free name', () => {
      const workflows = (t: Tree) => [...t.keys()].filter((p) => p.startsWith('.github/workflows/'));
      const added = workflows(after).filter((p) => !before.has(p));
      expect(added).toHaveLength(1);
      expect(added[0]).toMatch(/^\.github\/workflows\/docker(-image)?\.yml$/);
      expect(after.get(added[0])!.bytes!.toString()).toContain('~~ Generated by projen');
      expect(added).not.toContain('.github/workflows/build.yml');
    });

    test('.projenrc.ts shows the detected choices; the output says what was adopted', () => {
      const rc = after.get('.projenrc.ts')!.bytes!.toString();
      expect(rc).toContain('licensed: false,');
      expect(rc).toMatch(name === 'with-package-json' ? /workspaceImagesOptions: \{/ : /\/\/ binary: "/);
      expect(rc).toMatch(/\/\/ rustVersion: "/);
      expect(output).toContain(VIA_ADOPT.has(name) ? 'Adopted ' : 'projen-rust-docker adopted this repository');
      expect(output).toContain('.projenrc.ts written');
    });

    (name === 'with-package-json' ? test : test.skip)('package.json merged as a superset; adoption installs nothing itself', () => {
      const original = JSON.parse(before.get('package.json')!.bytes!.toString());
      const merged = JSON.parse(after.get('package.json')!.bytes!.toString());
      expectJsonSuperset(original, merged);
      expect(merged.scripts.lint).toBe(original.scripts.lint);
      expect(Object.keys(merged.devDependencies)).toEqual(expect.arrayContaining(['projen', 'projen-rust-docker', 'ts-node', 'typescript']));
      expect(merged.devDependencies['projen-rust-docker']).toMatch(/^\^\d/);
      // adopt installs nothing: no node_modules or lockfile of its own.
      expect(after.has('package-lock.json')).toBe(false);
      expect(fs.lstatSync(path.join(dir, 'node_modules')).isSymbolicLink()).toBe(true);
      expect(output).toContain('nothing installed');
      expect(output).toContain('Next: npm install && npx projen');
    });

    test('running the written .projenrc.ts again changes nothing', () => {
      synthAgain(dir);
      const again = tree(dir);
      const differ = [...new Set([...after.keys(), ...again.keys()])].filter((p) => {
        const [a, b] = [after.get(p), again.get(p)];
        return a === undefined || b === undefined || a.link !== b.link || !(a.bytes ?? Buffer.alloc(0)).equals(b.bytes ?? Buffer.alloc(0));
      });
      expect(differ).toEqual([]);
    }, TIMEOUT);
  });


});
