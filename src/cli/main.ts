import { adopt } from './adopt';
import type { PlanRequest } from './args';
import { HelpRequested, parsePlanArgs, usage, UsageError } from './args';
import type { CliIo } from './io';
import { formatPlan, loadForPlan, planReport } from './plan-report';
import type { CargoWorkspace } from '../cargo/model';

export type { CliIo } from './io';

const PREFIX = 'projen-rust-docker plan';

/**
 * Runs the CLI and returns its exit code: 0 planned, 1 a Cargo or planning error (the
 * message synthesis would give), 2 bad usage or a bad flag value.
 */
export function run(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(usage());
    return 0;
  }
  if (command === 'adopt') {
    return adopt(rest, io);
  }
  if (command !== 'plan') {
    io.err(`${command ? `Unknown command '${command}'.` : 'No command given.'}\n${usage()}`);
    return 2;
  }
  let request: PlanRequest;
  try {
    request = parsePlanArgs(rest, io.cwd);
  } catch (e) {
    if (e instanceof HelpRequested) {
      io.out(usage());
      return 0;
    }
    if (e instanceof UsageError) {
      io.err(`${PREFIX}: ${e.message}\n${e.showUsage ? `\n${usage()}` : "Run 'projen-rust-docker plan --help' for every option and its values.\n"}`);
      return 2;
    }
    throw e;
  }

  let ws: CargoWorkspace;
  try {
    ws = loadForPlan(request, io.cwd);
  } catch (e) {
    io.err(`${PREFIX}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const planned = planReport(ws, request, io.cwd);
  io.out(request.json ? JSON.stringify(planned.report, null, 2) + '\n' : formatPlan(planned));
  if (planned.report.error !== null) {
    io.err(`${PREFIX}: ${planned.report.error}\n`);
    return 1;
  }
  return 0;
}

/** Entry point of the `projen-rust-docker` bin. */
export function main(argv: string[]): void {
  process.exitCode = run(argv, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  });
}
