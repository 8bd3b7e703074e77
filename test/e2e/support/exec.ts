import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';

/** The outcome of a finished command. */
export interface Completed {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

export interface ExecOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the command after this many milliseconds (then `code` is -1). */
  readonly timeoutMs?: number;
}

/** Runs a command without a shell and collects its output; never throws for a non-zero exit. */
export function exec(command: string, args: string[], options: ExecOptions = {}): Promise<Completed> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) {
        clearTimeout(timer);
      }
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
}

/** Runs a command and returns its stdout; a non-zero exit throws with the command's stderr. */
export async function execOk(command: string, args: string[], options: ExecOptions = {}): Promise<string> {
  const result = await exec(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${tail(result.stderr || result.stdout, 40)}`);
  }
  return result.stdout;
}

/** `first | second`: the stdout of one command piped into another; returns the second's stdout. */
export async function pipe(first: [string, string[]], second: [string, string[]]): Promise<string> {
  const a = spawn(first[0], first[1], { stdio: ['ignore', 'pipe', 'pipe'] });
  const b = spawn(second[0], second[1], { stdio: ['pipe', 'pipe', 'pipe'] });
  a.stdout.pipe(b.stdin);
  const out: Buffer[] = [];
  const errors: Buffer[] = [];
  b.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  a.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  b.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  const closed = (child: ChildProcess) => new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const [codeA, codeB] = await Promise.all([closed(a), closed(b)]);
  if (codeA !== 0 || codeB !== 0) {
    throw new Error(`${first[0]} ${first[1].join(' ')} | ${second[0]} ${second[1].join(' ')} failed (${codeA}, ${codeB}): ${Buffer.concat(errors).toString('utf8')}`);
  }
  return Buffer.concat(out).toString('utf8');
}

/** The last `lines` lines of a text, for error messages. */
export function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
