/** Quoting for the places where generated text meets user-controlled strings. */

/** A JSON array: the exec form of ENTRYPOINT, CMD and SHELL. */
export function execForm(values: string[]): string {
  return JSON.stringify(values).replace(/","/g, '", "');
}

/**
 * A double-quoted value for ENV and LABEL: backslashes, quotes and `$` are escaped so the
 * value stays literal and on its line.
 */
export function quoted(value: string): string {
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** A POSIX shell word: left bare when safe, otherwise single-quoted. */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) {
    return value;
  }
  return `'${value.replace(/'/g, '\'\\\'\'')}'`;
}

/**
 * A path in COPY's source or destination list. Spaces and quotes cannot be expressed in
 * COPY's plain form, so such paths use the JSON form instead.
 */
export function copyPaths(paths: string[]): string {
  return paths.some((p) => /[\s"'\\]/.test(p)) ? execForm(paths) : paths.join(' ');
}
