/**
 * Helpers for errors raised while reading a Cargo project. Every error is a
 * `RustDockerError` (see `src/core/errors.ts`) that names the `file` it is about, says what is
 * wrong (`problem`, a full sentence) and how to fix it (`fix`).
 */
import { RustDockerError } from '../core/errors';

/**
 * `text` as a sentence: trimmed, with a full stop when it does not end with one, so that the
 * `fix` rendered after it reads well. For messages that come from elsewhere (a parser, `fs`).
 */
export function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/**
 * The message of a caught error. Duck-typed: errors from `fs` may come from another realm
 * (e.g. under jest), where `instanceof Error` is false.
 */
export function messageOf(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? m : String(e);
}

/** The fields `@iarna/toml` puts on a parse error (0-based `line` and `col`). */
interface TomlParseErrorLike {
  readonly message: string;
  readonly line: number;
  readonly col: number;
  readonly pos?: number;
}

export function isTomlParseError(e: unknown): e is TomlParseErrorLike {
  if (!(e instanceof Error)) {
    return false;
  }
  const r = e as unknown as Record<string, unknown>;
  return typeof r.line === 'number' && typeof r.col === 'number';
}

/**
 * Converts a `@iarna/toml` parse error into a RustDockerError. The library reports 0-based
 * `line` and `col` and a message that ends with "at row R, col C, pos P:" and an excerpt;
 * we keep the reason and the excerpt and use 1-based positions.
 */
export function tomlSyntaxError(file: string, e: TomlParseErrorLike): RustDockerError {
  const [first, ...rest] = e.message.split('\n');
  const reason = first.replace(/\s+at row \d+, col \d+, pos \d+:\s*$/, '').trim();
  const excerpt = rest.join('\n').replace(/\s+$/, '');
  return new RustDockerError({
    file,
    line: e.line + 1,
    column: e.col + 1,
    problem: `invalid TOML: ${sentence(reason)}${excerpt ? `\n${excerpt}` : ''}`,
    fix: 'Fix the syntax at that position (cargo rejects this file as well).',
  });
}
