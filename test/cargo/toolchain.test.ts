import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, cleanupTemp, writeTree } from './cargo-oracle';
import { readToolchain } from '../../src/cargo/toolchain';
import { loadWorkspace } from '../../src/cargo/workspace';
import { RustDockerError } from '../../src/core/errors';

afterAll(() => cleanupTemp());

describe('toolchain file (rustup rules)', () => {
  test('rust-toolchain.toml: channel, components, targets', () => {
    expect(loadWorkspace(path.join(FIXTURES, 'toolchain-toml')).toolchain).toEqual({
      file: 'rust-toolchain.toml', channel: '1.80.0', components: ['rustfmt', 'clippy'], targets: ['x86_64-unknown-linux-musl'], path: null,
    });
  });

  test('legacy rust-toolchain with a plain channel', () => {
    expect(loadWorkspace(path.join(FIXTURES, 'toolchain-legacy')).toolchain).toEqual({
      file: 'rust-toolchain', channel: 'nightly-2024-05-01', components: [], targets: [], path: null,
    });
  });

  test('a symbolic link is followed (the link name is reported)', () => {
    expect(fs.lstatSync(path.join(FIXTURES, 'toolchain-symlink', 'rust-toolchain.toml')).isSymbolicLink()).toBe(true);
    expect(loadWorkspace(path.join(FIXTURES, 'toolchain-symlink')).toolchain).toEqual({
      file: 'rust-toolchain.toml', channel: '1.79.0', components: [], targets: [], path: null,
    });
  });

  test('when both exist, rust-toolchain wins (and may hold TOML)', () => {
    expect(loadWorkspace(path.join(FIXTURES, 'toolchain-both')).toolchain).toEqual({
      file: 'rust-toolchain', channel: '1.78.0', components: ['rust-src'], targets: [], path: null,
    });
  });

  test('no file: all null/empty', () => {
    expect(readToolchain(writeTree({ x: '' }))).toEqual({ file: null, channel: null, components: [], targets: [], path: null });
  });

  test('a dangling link counts as absent, like an unreadable file', () => {
    const dir = writeTree({ 'rust-toolchain.toml': '[toolchain]\nchannel = "stable"\n' });
    fs.symlinkSync('missing', path.join(dir, 'rust-toolchain'));
    expect(readToolchain(dir).channel).toBe('stable');
  });

  test('legacy single line is trimmed; rust-toolchain.toml is never legacy', () => {
    expect(readToolchain(writeTree({ 'rust-toolchain': '  1.81.0  \n' })).channel).toBe('1.81.0');
    expect(() => readToolchain(writeTree({ 'rust-toolchain.toml': '1.81.0\n' }))).toThrow(RustDockerError);
  });

  test('only the path/profile keys are still a valid file', () => {
    expect(readToolchain(writeTree({ 'rust-toolchain.toml': '[toolchain]\nprofile = "minimal"\n' }))).toEqual({
      file: 'rust-toolchain.toml', channel: null, components: [], targets: [], path: null,
    });
  });

  test.each([
    ['empty', { 'rust-toolchain': '' }, /the toolchain file is empty/],
    ['blank line', { 'rust-toolchain': '   \n' }, /the toolchain file is empty/],
    ['no keys', { 'rust-toolchain.toml': '[toolchain]\n' }, /the toolchain file sets nothing/],
    ['two lines of text', { 'rust-toolchain': 'stable\nnightly\n' }, /invalid TOML/],
  ])('error: %s', (_name, files, message) => {
    const dir = writeTree(files);
    let error: unknown;
    try {
      readToolchain(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RustDockerError);
    expect((error as RustDockerError).message).toMatch(message);
    expect((error as RustDockerError).file).toBe(path.join(dir, Object.keys(files)[0]));
  });

  test('an empty toolchain file: the file, what is wrong and how to fix it', () => {
    const dir = writeTree({ 'rust-toolchain': '' });
    let error: unknown;
    try {
      readToolchain(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RustDockerError);
    const e = error as RustDockerError;
    expect(e.file).toBe(path.join(dir, 'rust-toolchain'));
    expect(e.line).toBeUndefined();
    expect(e.problem).toBe('the toolchain file is empty (rustup refuses it).');
    expect(e.fix).toMatch(/^Write a channel such as `1\.80\.0` or `stable`/);
    expect(e.message).toBe(`${path.join(dir, 'rust-toolchain')}: the toolchain file is empty (rustup refuses it). ${e.fix}`);
  });

  test('a TOML error in the toolchain file reports line and column', () => {
    const dir = writeTree({ 'rust-toolchain.toml': '[toolchain]\nchannel = \n' });
    expect(() => readToolchain(dir)).toThrow(/rust-toolchain\.toml:2:\d+: invalid TOML/);
  });
});
