import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import type { PlanReport } from '../../src/cli/plan-report';
import { memberLockfile } from '../cargo/cargo-oracle';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cargo');

/** A minimal Cargo.lock for the workspace in `dir`: it lists every member, as planning requires. */
export function lockfileFor(dir: string): string {
  return memberLockfile(dir);
}

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `projen-rust-docker plan <args>` in-process, in `cwd`. */
export function plan(args: string[], cwd: string): CliResult {
  let out = '';
  let err = '';
  const code = run(['plan', ...args], { out: (t) => (out += t), err: (t) => (err += t), cwd });
  return { code, out, err };
}

/** `plan --json`: the report, which must be the only thing on stdout. */
export function planJson(args: string[], cwd: string): CliResult & { report: PlanReport } {
  const result = plan([...args, '--json'], cwd);
  return { ...result, report: JSON.parse(result.out) as PlanReport };
}

const temps: string[] = [];

/** A fresh directory under the OS temp dir, removed by `cleanupTemps`. */
export function tempDir(prefix = 'prd-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Removes the directories `tempDir` made (those synthesis has not removed already). */
export function cleanupTemps(): void {
  for (const dir of temps.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Copies `test/fixtures/cargo/<name>` (symlinks kept) into a fresh temp dir and returns that dir. */
export function fixtureCopy(name: string): string {
  const dir = tempDir();
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

/** Writes files (path → content) under a directory. */
export function writeFiles(dir: string, files: { [file: string]: string }): string {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** A fixture copy with a Cargo.lock in `lockDir` (relative), so it can be planned. */
export function lockedFixture(name: string, lockDir = '.'): string {
  const dir = fixtureCopy(name);
  return writeFiles(dir, { [path.join(lockDir, 'Cargo.lock')]: lockfileFor(path.join(dir, lockDir)) });
}

/** Every file (and symlink) under a directory, relative, `/`-separated. */
export function listFiles(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(dir, child) : [child];
  });
}

/** `FROM <image> AS <name>` of every stage of a Dockerfile, in order (a FROM without AS gives name ''). */
export function fromLines(dockerfile: string): { name: string; from: string }[] {
  return dockerfile.split('\n').filter((l) => /^FROM\s/i.test(l)).map((l) => {
    const m = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(l);
    if (!m) {
      throw new Error(`unexpected FROM line: ${l}`);
    }
    return { from: m[1], name: m[2] ?? '' };
  });
}
