/**
 * Quoting for every place where generated text meets a value that came from the user (an
 * option or a Cargo file): POSIX shell words, the Dockerfile's JSON (exec) form and quoted
 * values, COPY paths, HCL strings, and GitHub Actions text. One module, so a fix here fixes
 * every generated file.
 */

/** Characters that need no quoting in a POSIX shell word. */
const PLAIN_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** One word for a POSIX shell (`sh`, `bash`, busybox `ash`): bare when safe, else single-quoted. */
export function shellWord(word: string): string {
  if (PLAIN_WORD.test(word)) {
    return word;
  }
  return `'${word.replace(/'/g, '\'\\\'\'')}'`;
}

/** Quotes every word and joins them with spaces. */
export function shellWords(words: string[]): string {
  return words.map(shellWord).join(' ');
}

/** A JSON array: the exec form of a Dockerfile's ENTRYPOINT, CMD and SHELL. */
export function execForm(values: string[]): string {
  return JSON.stringify(values).replace(/","/g, '", "');
}

/** Line breaks and other control characters: no generated line may contain one. */
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/gu;

/**
 * A double-quoted value for a Dockerfile's ENV and LABEL: backslashes, quotes and `$` are
 * escaped so the value stays literal, and control characters (which no Dockerfile string can
 * hold) become spaces, so it stays on its line.
 */
export function dockerfileQuoted(value: string): string {
  return `"${value.replace(CONTROL, ' ').replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** Comment text for any generated file: one line per line of text, control characters as spaces. */
export function commentLines(text: string): string[] {
  return text.split(/\r\n|[\n\r\u0085\u2028\u2029]/u).map((line) => line.replace(CONTROL, ' '));
}

/**
 * The source and destination list of a Dockerfile COPY. Spaces and quotes cannot be
 * expressed in COPY's plain form, so such paths use the JSON form instead.
 */
export function copyPaths(paths: string[]): string {
  return paths.some((p) => /[\s"'\\]/.test(p)) ? execForm(paths) : paths.join(' ');
}

/** An HCL string literal without interpolation: quotes escaped, `${` and `%{` doubled. */
export function hclString(value: string): string {
  return `"${hclLiteral(value)}"`;
}

/** The inside of an HCL string literal (see `hclString`). */
export function hclLiteral(value: string): string {
  return value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/([$%])\{/g, (_m, c: string) => `${c}${c}{`);
}

/**
 * Literal text inside a GitHub Actions workflow value: `${{` would start an expression that
 * GitHub evaluates, so it is written as an expression that yields `${{`.
 */
export function actionsLiteral(text: string): string {
  return text.replace(/\$\{\{/g, '${{ \'${{\' }}');
}
