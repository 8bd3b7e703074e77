import { copyPaths } from '../core/quote';

/**
 * A small model of a Dockerfile: stages of instructions, each with optional comments.
 * Builders in this folder produce it; `render.ts` turns it into text.
 */

export interface Instruction {
  /** Comment lines written above the instruction (without the leading `# `). */
  readonly comments?: string[];
  /** `FROM`, `RUN`, `COPY`, ... */
  readonly keyword: string;
  /** Flags such as `--from=builder` or `--mount=type=cache,...`. */
  readonly flags?: string[];
  /**
   * The instruction's arguments. Several entries are shell commands joined with `&&`, one
   * per line (only meaningful for `RUN`).
   */
  readonly args: string[];
}

export interface Stage {
  readonly comments?: string[];
  readonly from: string;
  /** `FROM --platform=` (e.g. `$BUILDPLATFORM`); undefined: the target platform. */
  readonly platform?: string;
  readonly name?: string;
  readonly instructions: Instruction[];
}

export interface DockerfileModel {
  /** The `# syntax=` directive, or undefined to omit it. Always the very first line. */
  readonly syntax?: string;
  /** Header comment lines (e.g. the generated-file marker), after the directive. */
  readonly header: string[];
  readonly stages: Stage[];
}

/** Shorthand constructors, so builders read like the Dockerfile they produce. */
export const ins = {
  run(commands: string[], opts: { flags?: string[]; comments?: string[] } = {}): Instruction {
    return { keyword: 'RUN', args: commands, flags: opts.flags, comments: opts.comments };
  },
  copy(src: string[], dest: string, opts: { from?: string; comments?: string[] } = {}): Instruction {
    const flags = opts.from ? [`--from=${opts.from}`] : undefined;
    return { keyword: 'COPY', flags, args: [copyPaths([...src, dest])], comments: opts.comments };
  },
  plain(keyword: string, arg: string, comments?: string[]): Instruction {
    return { keyword, args: [arg], comments };
  },
};
