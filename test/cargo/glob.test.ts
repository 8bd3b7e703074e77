import * as fs from 'fs';
import * as path from 'path';
import { cleanupTemp, rel, writeTree } from './cargo-oracle';
import { GlobPatternError, expandGlob, hasGlobMeta } from '../../src/cargo/glob';

afterAll(() => cleanupTemp());

function tree(): string {
  return writeTree({
    'crates/api/Cargo.toml': '',
    'crates/core/Cargo.toml': '',
    'crates/.hidden/Cargo.toml': '',
    'crates/README.md': '',
    'crates/a?b/x': '',
    'w/k/x': '',
    'w/a/k/x': '',
    'w/a/b/k/x': '',
    'w/a/b/k.txt': '',
    'x/one/src/lib.rs': '',
    'svc-a/x': '',
    'svc-d/x': '',
    'svc-]/x': '',
  });
}

function expand(root: string, pattern: string): string[] {
  return expandGlob(root, pattern).map((p) => rel(root, p)).sort();
}

describe('expandGlob (the glob crate, as cargo uses it)', () => {
  const root = tree();

  test('`*` matches within one component, files and dot-directories included', () => {
    expect(expand(root, 'crates/*')).toEqual(['crates/.hidden', 'crates/README.md', 'crates/a?b', 'crates/api', 'crates/core']);
  });

  test('`?` and character sets', () => {
    expect(expand(root, 'crates/?pi')).toEqual(['crates/api']);
    expect(expand(root, 'svc-[a-c]')).toEqual(['svc-a']);
    expect(expand(root, 'svc-[!a-c]')).toEqual(['svc-]', 'svc-d']);
    expect(expand(root, 'svc-[]]')).toEqual(['svc-]']);
    expect(expand(root, 'crates/a[?]b')).toEqual(['crates/a?b']);
  });

  test('`**` matches zero or more directories when more components follow', () => {
    expect(expand(root, 'w/**/k')).toEqual(['w/a/b/k', 'w/a/k', 'w/k']);
  });

  test('a trailing `**` yields every directory below, but not the start directory', () => {
    expect(expand(root, 'x/**')).toEqual(['x/one', 'x/one/src']);
  });

  test('literal components are looked up directly, files included; empty components are skipped', () => {
    expect(expand(root, 'crates/README.md')).toEqual(['crates/README.md']);
    expect(expand(root, 'crates//api')).toEqual(['crates/api']);
    expect(expand(root, 'crates/nope')).toEqual([]);
  });

  test('a component starting with a literal `.` also matches `.` and `..`', () => {
    const found = expandGlob(root, 'crates/.*').map((p) => path.resolve(p)).sort();
    expect(found).toEqual([root, path.join(root, 'crates'), path.join(root, 'crates/.hidden')].sort());
  });

  test('symbolic links to directories are followed, cycles do not hang', () => {
    const r = writeTree({ 'real/k/x': '' });
    fs.symlinkSync('real', path.join(r, 'link'));
    fs.symlinkSync('..', path.join(r, 'real/loop'));
    expect(expand(r, 'link/*')).toEqual(['link/k', 'link/loop']);
    expect(expand(r, '**/k')).toContain('real/k');
  });

  test.each([
    ['crates/***', 'wildcards are either regular `*` or recursive `**`'],
    ['crates/a**', 'recursive wildcards must form a single path component'],
    ['crates/**a', 'recursive wildcards must form a single path component'],
    ['crates/[a', 'invalid range pattern'],
    ['crates/[!a', 'invalid range pattern'],
  ])('rejects %s', (pattern, reason) => {
    expect(() => expandGlob(root, pattern)).toThrow(GlobPatternError);
    expect(() => expandGlob(root, pattern)).toThrow(reason);
  });

  test('hasGlobMeta', () => {
    expect(hasGlobMeta('crates/*')).toBe(true);
    expect(hasGlobMeta('a[b]')).toBe(true);
    expect(hasGlobMeta('crates/api')).toBe(false);
  });
});
