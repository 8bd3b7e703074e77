import * as path from 'path';
import { formatPlan, planReport } from './plan-report';
import { loadWorkspace } from '../cargo/workspace';

const USAGE = `Usage: projen-rust-docker plan [--dir DIR] [--json]

  plan     Print the Cargo workspace inventory and which binary an image would build.
  --dir    Directory of the Cargo project (default: the current directory).
  --json   Print exactly one JSON object instead of the summary.
`;

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
}

/** Runs the CLI and returns its exit code: 0 success, 1 a Cargo or plan error, 2 bad usage. */
export function run(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command !== 'plan') {
    io.err(`${command ? `Unknown command '${command}'.` : 'No command given.'}\n${USAGE}`);
    return 2;
  }
  let dir = io.cwd;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--json') {
      json = true;
    } else if (arg === '--dir' && rest[i + 1] !== undefined) {
      dir = path.resolve(io.cwd, rest[++i]);
    } else if (arg.startsWith('--dir=')) {
      dir = path.resolve(io.cwd, arg.slice('--dir='.length));
    } else {
      io.err(`Unknown or incomplete argument '${arg}'.\n${USAGE}`);
      return 2;
    }
  }
  try {
    const planned = planReport(loadWorkspace(dir));
    io.out(json ? JSON.stringify(planned.report, null, 2) + '\n' : formatPlan(planned));
    return 0;
  } catch (e) {
    io.err(`projen-rust-docker plan: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** Entry point of the `projen-rust-docker` bin. */
export function main(argv: string[]): void {
  process.exitCode = run(argv, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  });
}
