import * as path from 'path';
import { cleanupTemp, tempDir } from './cargo-oracle';
import { CargoError, tomlSyntaxError } from '../../src/cargo/errors';
import { parseToml, readTomlFile } from '../../src/cargo/toml';

afterAll(() => cleanupTemp());

function caught(fn: () => unknown): CargoError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CargoError);
    return e as CargoError;
  }
  throw new Error('expected a CargoError');
}

describe('CargoError', () => {
  test('message: file[:line[:col]]: problem, then the fix', () => {
    const e = new CargoError({ file: '/w/Cargo.toml', line: 3, column: 7, problem: 'bad', fix: 'do this' });
    expect(e.message).toBe('/w/Cargo.toml:3:7: bad\ndo this');
    expect(e.name).toBe('CargoError');
    expect(e).toBeInstanceOf(Error);
    expect(new CargoError({ file: 'f', problem: 'p' }).message).toBe('f: p');
  });

  test('TOML syntax errors carry 1-based line and column (the parser counts from 0)', () => {
    const e = caught(() => parseToml('a = 1\n[b]\nc = = 2\n', '/x/Cargo.toml'));
    expect(e.line).toBe(3);
    expect(e.column).toBe(5);
    expect(e.message).toMatch(/^\/x\/Cargo\.toml:3:5: invalid TOML: Unexpected character/);
    expect(e.message).not.toMatch(/at row \d+, col \d+/);
    expect(e.message).toContain('c = = 2');
  });

  test.each([
    ['unterminated string', 'a = "x\n', 1, 8],
    ['duplicate key', 'x = 1\nx = 2\n', 2, 6],
    ['unclosed table', '[package\nname = "a"\n', 1, 10],
  ])('%s: positions as the parser reports them, 1-based', (_name, text, line, column) => {
    const e = caught(() => parseToml(text, 'f.toml'));
    expect([e.line, e.column]).toEqual([line, column]);
    expect(e.message.startsWith(`f.toml:${line}:${column}: invalid TOML: `)).toBe(true);
  });

  test('tomlSyntaxError converts the parser fields', () => {
    const e = tomlSyntaxError('f', { message: 'Boom at row 2, col 3, pos 9:\n1: x\n', line: 1, col: 2 });
    expect([e.line, e.column]).toEqual([2, 3]);
    expect(e.problem).toMatch(/^invalid TOML: Boom\n1: x$/);
  });

  test('parseToml accepts a byte order mark and returns plain data', () => {
    expect(parseToml('\ufeff[package]\nname = "a"\n', 'f')).toEqual({ package: { name: 'a' } });
  });

  test('readTomlFile on a missing file names it', () => {
    const file = path.join(tempDir(), 'Cargo.toml');
    const e = caught(() => readTomlFile(file));
    expect(e.file).toBe(file);
    expect(e.message).toMatch(/cannot read the file/);
  });
});
