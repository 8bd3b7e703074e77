/** Validity rules that several options share. */

/** A TCP port number. */
export function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** A plain file name (no directory): generated files such as Dockerfiles and bake files. */
export const FILE_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * A Docker image reference: `[registry[:port]/]name[:tag][@digest]`. Repository paths are
 * lowercase; tags may hold letters of either case, digits, `_`, `.` and `-`.
 */
export const IMAGE_REFERENCE = /^[a-z0-9][a-z0-9._\-/]*(:[0-9]+\/[a-z0-9._\-/]+)?(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/**
 * Line breaks, NUL and the other control characters except the tab: no value may carry one
 * into a generated line (a Dockerfile instruction, a shell word, a YAML scalar, a
 * `GITHUB_OUTPUT` line).
 */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/u;

/** A value for a message: control characters as escapes (`\n`, `\u0000`), so the message keeps its lines. */
export function printable(value: string): string {
  return value.replace(new RegExp(CONTROL_CHARACTERS.source, 'gu'), (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Whether a value holds a control character (see `CONTROL_CHARACTERS`). */
export function hasControlCharacter(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/**
 * What a value is, for an error about its type: `the string "8080"`, `the number 8080`,
 * `an array`, `null`. Options come from untyped JavaScript configuration too, so the message
 * says what was given, not only what was expected.
 */
export function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `the ${typeof value} ${String(value)}`;
    case 'undefined':
      return 'undefined';
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      return 'an object';
  }
}

/** Whether a value can be a map option (`env`, `labels`, `binaries`): an object, not null or an array. */
export function isMap(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Files of the build context a generated file must never replace. */
const RESERVED_FILE_NAMES = ['.dockerignore', 'Cargo.toml', 'Cargo.lock', 'rust-toolchain', 'rust-toolchain.toml', 'build.rs'];

/**
 * Why a generated file cannot have this name, or undefined when it can: it must be a plain
 * file name (`FILE_NAME`), not `.` or `..` (directories), and not a file of the build context
 * that the user owns or the component already generates (writing there would replace it).
 */
export function fileNameProblem(name: string): string | undefined {
  if (!FILE_NAME.test(name)) {
    return 'which is not a plain file name (letters, digits, ".", "_" and "-", no directory).';
  }
  if (name === '.' || name === '..') {
    return `which names a directory (${name === '.' ? 'the build context itself' : 'the parent of the build context'}), not a file.`;
  }
  // Case-insensitive: on macOS and Windows file systems `cargo.lock` is Cargo.lock.
  if (RESERVED_FILE_NAMES.some((r) => r.toLowerCase() === name.toLowerCase())) {
    return name.toLowerCase() === '.dockerignore'
      ? 'which is the .dockerignore the components generate for the build context.'
      : 'which is a Cargo file of the workspace root that the build reads: it would be overwritten.';
  }
  return undefined;
}
