/**
 * Errors raised while reading a Cargo project.
 *
 * Every message names the file it is about, says what is wrong and how to fix it, so that a
 * user who only sees the message (for example in `npx projen` output) can act on it.
 */

export interface CargoErrorOptions {
  /** The file the error is about (absolute or as the user knows it). */
  readonly file: string;
  /** What is wrong, in one or more sentences. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix?: string;
  /** 1-based line of the problem in `file`, when known. */
  readonly line?: number;
  /** 1-based column of the problem in `file`, when known. */
  readonly column?: number;
}

export class CargoError extends Error {
  private static format(o: CargoErrorOptions): string {
    let where = o.file;
    if (o.line !== undefined) {
      where += `:${o.line}`;
      if (o.column !== undefined) {
        where += `:${o.column}`;
      }
    }
    const fix = o.fix ? `\n${o.fix}` : '';
    return `${where}: ${o.problem}${fix}`;
  }

  /** The file the error is about. */
  public readonly file: string;
  /** 1-based line, when the error points into the file. */
  public readonly line?: number;
  /** 1-based column, when the error points into the file. */
  public readonly column?: number;
  /** What is wrong, without the file location. */
  public readonly problem: string;
  /** How to fix it, when there is advice. */
  public readonly fix?: string;

  constructor(options: CargoErrorOptions) {
    super(CargoError.format(options));
    this.name = 'CargoError';
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.problem = options.problem;
    this.fix = options.fix;
  }
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
 * Converts a `@iarna/toml` parse error into a CargoError. The library reports 0-based
 * `line` and `col` and a message that ends with "at row R, col C, pos P:" and an excerpt;
 * we keep the reason and the excerpt and use 1-based positions.
 */
export function tomlSyntaxError(file: string, e: TomlParseErrorLike): CargoError {
  const [first, ...rest] = e.message.split('\n');
  const reason = first.replace(/\s+at row \d+, col \d+, pos \d+:\s*$/, '').trim();
  const excerpt = rest.join('\n').replace(/\s+$/, '');
  return new CargoError({
    file,
    line: e.line + 1,
    column: e.col + 1,
    problem: `invalid TOML: ${reason}${excerpt ? `\n${excerpt}` : ''}`,
    fix: 'Fix the syntax at that position (cargo rejects this file as well).',
  });
}
