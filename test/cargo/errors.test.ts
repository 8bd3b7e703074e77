import * as path from 'path';
import { cleanupTemp, tempDir, writeTree } from './cargo-oracle';
import { messageOf, sentence, tomlSyntaxError } from '../../src/cargo/errors';
import { parseToml, readTomlFile } from '../../src/cargo/toml';
import { loadWorkspace } from '../../src/cargo/workspace';
import { RustDockerError } from '../../src/core/errors';
import { caught } from '../support/errors';

afterAll(() => cleanupTemp());


describe('errors reading Cargo files are RustDockerErrors', () => {
  test('TOML syntax errors carry 1-based line and column (the parser counts from 0)', () => {
    const e = caught(() => parseToml('a = 1\n[b]\nc = = 2\n', '/x/Cargo.toml'));
    expect(e.name).toBe('RustDockerError');
    expect(e.file).toBe('/x/Cargo.toml');
    expect(e.line).toBe(3);
    expect(e.column).toBe(5);
    expect(e.option).toBeUndefined();
    expect(e.problem).toMatch(/^invalid TOML: Unexpected character, [^\n]*\.\n/);
    expect(e.problem).toContain('3> c = = 2');
    expect(e.fix).toBe('Fix the syntax at that position (cargo rejects this file as well).');
    // Rendered: location, problem (with the excerpt), then the fix on its own line.
    expect(e.message).toBe(`/x/Cargo.toml:3:5: ${e.problem}\n${e.fix}`);
    expect(e.message).not.toMatch(/at row \d+, col \d+/);
  });

  test.each([
    ['unterminated string', 'a = "x\n', 1, 8],
    ['duplicate key', 'x = 1\nx = 2\n', 2, 6],
    ['unclosed table', '[package\nname = "a"\n', 1, 10],
  ])('%s: positions as the parser reports them, 1-based', (_name, text, line, column) => {
    const e = caught(() => parseToml(text, 'f.toml'));
    expect([e.file, e.line, e.column]).toEqual(['f.toml', line, column]);
    expect(e.message.startsWith(`f.toml:${line}:${column}: invalid TOML: `)).toBe(true);
  });

  test('tomlSyntaxError converts the parser fields and ends the reason with a full stop', () => {
    const e = tomlSyntaxError('f', { message: 'Boom at row 2, col 3, pos 9:\n1: x\n', line: 1, col: 2 });
    expect(e).toBeInstanceOf(RustDockerError);
    expect([e.file, e.line, e.column]).toEqual(['f', 2, 3]);
    expect(e.problem).toBe('invalid TOML: Boom.\n1: x');
    expect(e.message).toBe('f:2:3: invalid TOML: Boom.\n1: x\nFix the syntax at that position (cargo rejects this file as well).');
  });

  test('a TOML error without an excerpt renders on one line', () => {
    const e = tomlSyntaxError('f', { message: 'Boom at row 0, col 0, pos 0:', line: 0, col: 0 });
    expect(e.problem).toBe('invalid TOML: Boom.');
    expect(e.message).toBe('f:1:1: invalid TOML: Boom. Fix the syntax at that position (cargo rejects this file as well).');
  });

  test('sentence adds a full stop only when missing', () => {
    expect(sentence('  it broke ')).toBe('it broke.');
    expect(sentence('it broke.')).toBe('it broke.');
    expect(sentence('really?')).toBe('really?');
  });

  test('messageOf reads the message of anything thrown', () => {
    expect(messageOf(new Error('boom'))).toBe('boom');
    expect(messageOf({ message: 'from another realm' })).toBe('from another realm');
    expect(messageOf('text')).toBe('text');
    expect(messageOf(null)).toBe('null');
  });

  test('parseToml accepts a byte order mark and returns plain data', () => {
    expect(parseToml('\ufeff[package]\nname = "a"\n', 'f')).toEqual({ package: { name: 'a' } });
  });

  test('readTomlFile on a missing file names it, says why and how to fix it', () => {
    const file = path.join(tempDir(), 'Cargo.toml');
    const e = caught(() => readTomlFile(file));
    expect(e.file).toBe(file);
    expect(e.line).toBeUndefined();
    expect(e.problem).toMatch(/^cannot read the file: ENOENT: no such file or directory.*\.$/);
    expect(e.fix).toBe('Make sure the file exists and is readable.');
    expect(e.message).toBe(`${file}: ${e.problem} Make sure the file exists and is readable.`);
  });

  test('a directory without Cargo.toml: the file looked for, and the option to set', () => {
    const dir = writeTree({ 'services/api/Cargo.toml': '[package]\nname = "api"\n' });
    const e = caught(() => loadWorkspace(dir));
    const file = path.join(dir, 'Cargo.toml');
    expect(e.file).toBe(file);
    expect(e.problem.startsWith(`no Cargo.toml in ${dir} (looked for ${file})`)).toBe(true);
    expect(e.problem.endsWith('found below: services/api/Cargo.toml.')).toBe(true);
    expect(e.fix).toMatch(/^Set the `cargoDir` option/);
    expect(e.message).toBe(`${file}: ${e.problem} ${e.fix}`);
  });

  test('a wrong value type names the file and the key', () => {
    const dir = writeTree({ 'Cargo.toml': '[package]\nname = 1\n' });
    const e = caught(() => loadWorkspace(dir));
    expect(e.file).toBe(path.join(dir, 'Cargo.toml'));
    expect(e.problem).toBe('`package.name` must be a string, but it is a number.');
    expect(e.fix).toBe('Change `package.name` to a string.');
    expect(e.message).toBe(`${path.join(dir, 'Cargo.toml')}: \`package.name\` must be a string, but it is a number. Change \`package.name\` to a string.`);
  });
});
