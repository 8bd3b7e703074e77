/**
 * The one error type of the library. Every error says what is wrong, where (the component
 * and the file it generates, the input file and position, or the option), and how to fix
 * it, so that a user who only sees the message in `npx projen` output can act on it.
 *
 * The message is rendered once from the fields. Context that only a caller knows (which
 * component, which Dockerfile, which nested option) is added with `within()`, which returns
 * a new error: no message is ever rewritten.
 */

export interface RustDockerErrorOptions {
  /** What is wrong, in one or more sentences. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix?: string;
  /** The input file the error is about (absolute, or as the user knows it). */
  readonly file?: string;
  /** 1-based line in `file`, when known. */
  readonly line?: number;
  /** 1-based column in `file`, when known. */
  readonly column?: number;
  /** The option the error is about, as the user writes it: `features[0]`, `binaries.api.user`. */
  readonly option?: string;
  /** The component (or factory) that raised it: `RustDockerImage`, `Registry.custom('x')`. */
  readonly component?: string;
  /** What the component generates or reads, to tell two of them apart: its Dockerfile, its cargoDir. */
  readonly subject?: string;
}

/** Context a caller adds to an error raised below it. Fields already set are kept. */
export interface ErrorContext {
  readonly component?: string;
  readonly subject?: string;
  /** Prepended to the error's option: `binaries.api` + `user` gives `binaries.api.user`. */
  readonly optionPrefix?: string;
}

export class RustDockerError extends Error {
  /** Whether `e` is an error of this library (also across copies of the module). */
  public static is(e: unknown): e is RustDockerError {
    return e instanceof RustDockerError || (e instanceof Error && e.name === 'RustDockerError' && 'problem' in e);
  }

  /** Runs `fn`; an error of this library it throws gets the context (see `within`). */
  public static context<T>(context: ErrorContext, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw RustDockerError.is(e) ? e.within(context) : e;
    }
  }

  public readonly problem: string;
  public readonly fix?: string;
  public readonly file?: string;
  public readonly line?: number;
  public readonly column?: number;
  public readonly option?: string;
  public readonly component?: string;
  public readonly subject?: string;

  constructor(options: RustDockerErrorOptions) {
    super(render(options));
    this.name = 'RustDockerError';
    this.problem = options.problem;
    this.fix = options.fix;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.option = options.option;
    this.component = options.component;
    this.subject = options.subject;
  }

  /** The fields of this error. */
  public get fields(): RustDockerErrorOptions {
    return {
      problem: this.problem,
      fix: this.fix,
      file: this.file,
      line: this.line,
      column: this.column,
      option: this.option,
      component: this.component,
      subject: this.subject,
    };
  }

  /**
   * A copy with the caller's context: the component and subject when not set yet (the
   * innermost component is the one that knows), and the option prefixed.
   */
  public within(context: ErrorContext): RustDockerError {
    const option = context.optionPrefix && this.option ? `${context.optionPrefix}.${this.option}` : this.option;
    const copy = new RustDockerError({
      ...this.fields,
      option,
      component: this.component ?? context.component,
      subject: this.component ? this.subject : (this.subject ?? context.subject),
    });
    copy.stack = this.stack?.replace(this.message, copy.message);
    return copy;
  }
}

/** `Component (subject): file:line:col: option 'x' problem fix`, each part only when known. */
function render(o: RustDockerErrorOptions): string {
  let text = '';
  if (o.component) {
    text += o.subject ? `${o.component} (${o.subject}): ` : `${o.component}: `;
  }
  if (o.file) {
    text += o.file;
    if (o.line !== undefined) {
      text += `:${o.line}${o.column !== undefined ? `:${o.column}` : ''}`;
    }
    text += ': ';
  }
  if (o.option) {
    text += `option '${o.option}' `;
  }
  text += o.problem;
  if (o.fix) {
    text += o.problem.includes('\n') ? `\n${o.fix}` : ` ${o.fix}`;
  }
  return text;
}
