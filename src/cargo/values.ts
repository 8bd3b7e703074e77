/**
 * Typed access to parsed TOML values. Wrong types become RustDockerErrors that name the file and
 * the key (`package.version`), as cargo's own messages do.
 */
import { RustDockerError } from '../core/errors';

export type Table = Record<string, unknown>;

export function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) {
    return 'an array';
  }
  if (v instanceof Date) {
    return 'a date';
  }
  if (isTable(v)) {
    return 'a table';
  }
  return `a ${typeof v}`;
}

function wrongType(file: string, key: string, expected: string, v: unknown): RustDockerError {
  return new RustDockerError({
    file,
    problem: `\`${key}\` must be ${expected}, but it is ${typeName(v)}.`,
    fix: `Change \`${key}\` to ${expected}.`,
  });
}

/** `t[name]` as a table, undefined when absent. */
export function optTable(t: Table, name: string, file: string, keyPath: string = name): Table | undefined {
  const v = t[name];
  if (v === undefined) {
    return undefined;
  }
  if (!isTable(v)) {
    throw wrongType(file, keyPath, 'a table', v);
  }
  return v;
}

/** `t[name]` as a string, undefined when absent. */
export function optString(t: Table, name: string, file: string, keyPath: string = name): string | undefined {
  const v = t[name];
  if (v === undefined) {
    return undefined;
  }
  if (typeof v !== 'string') {
    throw wrongType(file, keyPath, 'a string', v);
  }
  return v;
}

/** `t[name]` as a boolean, undefined when absent. */
export function optBoolean(t: Table, name: string, file: string, keyPath: string = name): boolean | undefined {
  const v = t[name];
  if (v === undefined) {
    return undefined;
  }
  if (typeof v !== 'boolean') {
    throw wrongType(file, keyPath, 'a boolean', v);
  }
  return v;
}

/** `t[name]` as an array of strings, undefined when absent. */
export function optStringArray(t: Table, name: string, file: string, keyPath: string = name): string[] | undefined {
  const v = t[name];
  if (v === undefined) {
    return undefined;
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw wrongType(file, keyPath, 'an array of strings', v);
  }
  return v as string[];
}

/** `t[name]` as an array of tables (`[[bin]]`), undefined when absent. */
export function optTableArray(t: Table, name: string, file: string, keyPath: string = name): Table[] | undefined {
  const v = t[name];
  if (v === undefined) {
    return undefined;
  }
  if (!Array.isArray(v) || v.some((x) => !isTable(x))) {
    throw wrongType(file, keyPath, `an array of tables (\`[[${keyPath}]]\`)`, v);
  }
  return v as Table[];
}
