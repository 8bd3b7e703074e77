/**
 * Reading TOML files. `@iarna/toml` is a bundled dependency whose types must never leave this
 * folder: everything here returns plain `Record<string, unknown>` data.
 *
 * cargo's TOML parser also limits nesting, and so does this module, with the same limits:
 * a value may nest arrays and inline tables at most 80 deep ("cannot recurse further; max
 * recursion depth met"), and a key (a table header or a dotted key) may have at most 80 parts
 * ("recursion limit"). The check scans the text without recursion, so a hostile file (arrays
 * 20,000 deep) is a clear error instead of a stack overflow anywhere later.
 */
import * as fs from 'fs';
import * as TOML from '@iarna/toml';
import { isTomlParseError, messageOf, sentence, tomlSyntaxError } from './errors';
import { RustDockerError } from '../core/errors';

/** cargo's (toml_edit's) limit for nested arrays and inline tables, and for the parts of one key. */
export const MAX_TOML_NESTING = 80;

/** Parses TOML text; `file` is only used in error messages. */
export function parseToml(text: string, file: string): Record<string, unknown> {
  // A UTF-8 byte order mark is valid at the start of a TOML file; the parser rejects it.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let parsed: Record<string, unknown>;
  try {
    parsed = TOML.parse(source) as Record<string, unknown>;
  } catch (e) {
    if (isTomlParseError(e)) {
      throw tomlSyntaxError(file, e);
    }
    // Whatever else the parser runs into (a stack overflow on absurd nesting), the nesting
    // check explains it when it can.
    checkNesting(source, file);
    throw new RustDockerError({
      file,
      problem: `cannot parse TOML: ${sentence(messageOf(e))}`,
      fix: 'Fix the file so that it is valid TOML.',
    });
  }
  checkNesting(source, file);
  return parsed;
}

/** Reads and parses a TOML file (symbolic links are followed). */
export function readTomlFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new RustDockerError({
      file,
      problem: `cannot read the file: ${sentence(messageOf(e))}`,
      fix: 'Make sure the file exists and is readable.',
    });
  }
  return parseToml(text, file);
}

interface NestingProblem {
  /** 0-based index in the text. */
  readonly index: number;
  readonly kind: 'value' | 'key';
}

/** Throws a RustDockerError (with line and column) when the text nests deeper than cargo allows. */
function checkNesting(text: string, file: string): void {
  const found = findNestingProblem(text);
  if (!found) {
    return;
  }
  const before = text.slice(0, found.index);
  const line = before.split('\n').length;
  const column = found.index - before.lastIndexOf('\n');
  throw new RustDockerError({
    file,
    line,
    column,
    problem: found.kind === 'value'
      ? `arrays and inline tables nest more than ${MAX_TOML_NESTING} levels deep here; cargo stops at ${MAX_TOML_NESTING} ("cannot recurse further; max recursion depth met").`
      : `this key has more than ${MAX_TOML_NESTING} dotted parts; cargo stops at ${MAX_TOML_NESTING} ("recursion limit").`,
    fix: 'Flatten the value or shorten the key (cargo rejects this file as well).',
  });
}

const BARE_KEY = /[A-Za-z0-9_-]/;

/** The index just after the string that starts at `i` (basic, literal, or multi-line). */
function skipString(text: string, i: number): number {
  const q = text[i];
  const triple = text.startsWith(q.repeat(3), i);
  let j = i + (triple ? 3 : 1);
  while (j < text.length) {
    const c = text[j];
    if (c === '\\' && q === '"') {
      j += 2;
      continue;
    }
    if (triple ? text.startsWith(q.repeat(3), j) : c === q) {
      j += triple ? 3 : 1;
      // A multi-line string may end with up to two more quotes inside it.
      for (let extra = 0; triple && extra < 2 && text[j] === q; extra++) {
        j++;
      }
      return j;
    }
    if (c === '\n' && !triple) {
      return j; // not valid TOML; the parser has reported it already
    }
    j++;
  }
  return j;
}

/** Reads a key (`a."b.c".d`) starting at `i`; returns the index where it ends and its part count. */
function readKey(text: string, i: number): { end: number; parts: number } {
  let j = i;
  let parts = 0;
  for (;;) {
    while (text[j] === ' ' || text[j] === '\t') {
      j++;
    }
    if (text[j] === '"' || text[j] === '\'') {
      j = skipString(text, j);
      parts++;
    } else if (j < text.length && BARE_KEY.test(text[j])) {
      while (j < text.length && BARE_KEY.test(text[j])) {
        j++;
      }
      parts++;
    } else {
      return { end: j, parts };
    }
    while (text[j] === ' ' || text[j] === '\t') {
      j++;
    }
    if (text[j] !== '.') {
      return { end: j, parts };
    }
    j++;
  }
}

/**
 * Scans TOML text for nesting beyond cargo's limits, iteratively. Meant for text the parser
 * accepted; on other text it still terminates (every step advances).
 */
export function findNestingProblem(text: string): NestingProblem | null {
  const stack: string[] = [];
  let expectKey = true;
  let lineStart = true;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      i++;
      if (stack.length === 0) {
        expectKey = true;
        lineStart = true;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') {
        i++;
      }
      continue;
    }
    if (stack.length === 0 && lineStart && c === '[') {
      const start = text[i + 1] === '[' ? i + 2 : i + 1;
      const key = readKey(text, start);
      if (key.parts > MAX_TOML_NESTING) {
        return { index: i, kind: 'key' };
      }
      i = Math.max(key.end, i + 1);
      lineStart = false;
      expectKey = false;
      continue;
    }
    if (expectKey && c !== '}') {
      const key = readKey(text, i);
      if (key.parts > MAX_TOML_NESTING) {
        return { index: i, kind: 'key' };
      }
      i = Math.max(key.end, i + 1);
      expectKey = false;
      lineStart = false;
      continue;
    }
    lineStart = false;
    expectKey = false;
    if (c === '[' || c === '{') {
      stack.push(c);
      if (stack.length > MAX_TOML_NESTING) {
        return { index: i, kind: 'value' };
      }
      expectKey = c === '{';
      i++;
    } else if (c === ']' || c === '}') {
      stack.pop();
      i++;
    } else if (c === ',') {
      expectKey = stack[stack.length - 1] === '{';
      i++;
    } else if (c === '"' || c === '\'') {
      i = skipString(text, i);
    } else {
      i++;
    }
  }
  return null;
}
