/** Characters that need no quoting in a POSIX shell word. */
const PLAIN_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** Quotes one word for a POSIX shell (`sh`, `bash`, busybox `ash`). */
export function shellQuote(word: string): string {
  if (PLAIN_WORD.test(word)) {
    return word;
  }
  return `'${word.replace(/'/g, '\'\\\'\'')}'`;
}

/** Quotes every word and joins them with spaces. */
export function shellWords(words: string[]): string {
  return words.map(shellQuote).join(' ');
}

/**
 * Makes literal text safe inside a GitHub Actions workflow: `${{` would start an
 * expression that GitHub evaluates, so it is written as an expression that yields `${{`.
 */
export function escapeExpressions(text: string): string {
  return text.replace(/\$\{\{/g, '${{ \'${{\' }}');
}
