/** The baseline: cargo on the host, crate-only rebuild after a source edit, vendored crates, offline. */
import { execFileSync } from 'child_process';
import { checkout, editSource, VENDORED } from './fixture';
import { compiledCrates } from '../../test/e2e/support/build-log';
import { cargoBinary } from '../../test/e2e/support/cargo';
import { exec } from '../../test/e2e/support/exec';

async function cargoBuild(dir: string): Promise<{ seconds: number; compiled: string[] }> {
  const result = await exec(cargoBinary(), ['build', '--release', '--offline'], { cwd: dir });
  if (result.code !== 0) {
    throw new Error(`cargo build --release --offline in ${dir} failed:\n${result.stderr}`);
  }
  return { seconds: result.seconds, compiled: compiledCrates(result.stderr) };
}

export interface NativeBaseline {
  readonly cold: number;
  readonly edit: number[];
  readonly compiled: string[];
}

/** Builds once (cold, timed), then `reps` times: edit src/main.rs, `cargo build --release --offline`. */
export async function nativeBaseline(run: string, reps: number, log: (line: string) => void): Promise<NativeBaseline> {
  // Vendored whatever the Docker builds use: the crate-only rebuild is the same, and --offline needs no registry.
  const dir = checkout(`${run}-native`, VENDORED);
  log(`  [native] ${execFileSync(cargoBinary(), ['--version'], { encoding: 'utf8' }).trim()} in ${dir}`);
  const cold = await cargoBuild(dir);
  log(`  [native] cargo build --release --offline (cold): ${cold.seconds.toFixed(1)} s, ${cold.compiled.length} crates compiled`);
  const edit: number[] = [];
  let compiled: string[] = [];
  for (let i = 1; i <= reps; i++) {
    editSource(dir, `native ${i}`);
    const result = await cargoBuild(dir);
    edit.push(result.seconds);
    compiled = result.compiled;
    log(`  [native] edit src/main.rs, cargo build --release --offline (rep ${i}): ${result.seconds.toFixed(1)} s, compiled ${result.compiled.join(' ')}`);
  }
  return { cold: cold.seconds, edit, compiled };
}
