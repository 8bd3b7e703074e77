/**
 * The Docker build benchmark (issue 12 item 2). Usage:
 *   ts-node --project tsconfig.dev.json scripts/bench/run.ts [--short] [--reps N]
 *     [--dockerfiles id,id] [--scenarios id,id] [--out DIR] [--merge results.json]
 * Builds run one after another. Writes report.md and chart.svg to docs/bench/ (--short:
 * test-output/bench/), after every Dockerfile, so an interrupted run leaves what it measured.
 * See docs/bench.md. `--render DIR/results.json` only re-renders report.md and chart.svg
 * from a run's results (no build).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DockerfileId } from './dockerfiles';
import { DOCKERFILES } from './dockerfiles';
import { engineVersion } from './engine';
import { removeTemporary, useCrateSource, VENDORED } from './fixture';
import { freshRunnerEngine } from './fresh-runner';
import { nativeBaseline } from './native';
import type { RunningRegistry } from './registry';
import { startRegistry } from './registry';
import { chartGroups, renderReport } from './report';
import type { BenchResults, CrateFlavour, NotMeasured, Sample, ScenarioId, Series } from './results';
import { flavouredLabel, SCENARIOS } from './results';
import { runRep } from './scenarios';
import { renderChart } from './svg';
import { synthesisTimings } from './synthesis';
import { workspaceImagesSample } from './workspace-images';
import type { DockerClient } from '../../test/e2e/support/docker';
import { removeCreated, removeRunImages } from '../../test/e2e/support/docker';
import { REPO_ROOT } from '../../test/e2e/support/paths';
import { newRunId, RUN_ENV } from '../../test/e2e/support/run';

/** The workspace figures' name in the report and the "not measured" list. */
const WORKSPACE_LABEL = 'workspace images (N images vs one)';

/** Crates the bench service and its Cargo.lock scenario take from Debian's librust-*-dev packages. */
const BENCH_CRATES = ['tokio', 'hyper', 'clap', 'regex', 'serde_json', 'itoa'];

const FLAVOURS: CrateFlavour[] = ['vendored', 'registry'];

interface Args {
  readonly short: boolean;
  readonly reps: number;
  readonly dockerfiles: DockerfileId[];
  readonly scenarios: ScenarioId[];
  readonly out: string;
  /** A results.json whose samples this run's are added to (the report is then rendered from both). */
  readonly merge?: string;
  /** Measure workspace images (N images in one bake, against one image and N builds of their own). */
  readonly workspace: boolean;
  /** Where the Docker builds' crates come from, each flavour measured in turn (`--crates vendored,registry`). */
  readonly crates: CrateFlavour[];
}

function parseArgs(argv: string[]): Args {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const short = argv.includes('--short');
  const reps = Number(value('--reps') ?? (short ? 1 : 3));
  if (!Number.isInteger(reps) || reps < 1) {
    throw new Error(`--reps must be a positive integer, not ${value('--reps')}`);
  }
  const dockerfiles = (value('--dockerfiles')?.split(',') ?? (short ? ['ours-layer', 'naive'] : DOCKERFILES.filter((d) => !d.notRun).map((d) => d.id))) as DockerfileId[];
  const scenarios = (value('--scenarios')?.split(',') ?? (short ? ['cold', 'noop', 'edit-same', 'edit-fresh'] : ['cold', 'noop', 'edit-same', 'edit-fresh', 'lock-change', 'fresh-runner'])) as ScenarioId[];
  const out = value('--out') ?? path.join(REPO_ROOT, short ? 'test-output/bench' : 'docs/bench');
  // --workspace (or the full run) measures the workspace images; --no-workspace leaves them out.
  const workspace = argv.includes('--workspace') || (!short && !argv.includes('--no-workspace') && value('--dockerfiles') === undefined && value('--scenarios') === undefined);
  // The full run measures both flavours; --short (CI) the vendored one.
  const crates = (value('--crates')?.split(',') ?? (short ? ['vendored'] : ['vendored', 'registry'])) as CrateFlavour[];
  const unknown = crates.filter((c) => !FLAVOURS.includes(c));
  if (unknown.length > 0 || crates.length === 0) {
    throw new Error(`--crates takes vendored, registry or both (vendored,registry), not ${value('--crates')}`);
  }
  return { short, reps, dockerfiles, scenarios, out, merge: value('--merge'), workspace, crates };
}

function renderOnly(file: string): void {
  const results = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
  const dir = path.dirname(file);
  fs.writeFileSync(path.join(dir, 'report.md'), renderReport(results, results.failures ?? []));
  fs.writeFileSync(path.join(dir, 'chart.svg'), renderChart(chartTitle(results), chartGroups(results)));
  console.log(`re-rendered ${path.join(dir, 'report.md')} and chart.svg from ${file}`);
}

/**
 * Adds `earlier`'s samples to `results` (in place): series by Dockerfile and scenario, native
 * and synthesis samples; keeps the earlier run's date, cold native build and "not measured" list.
 */
function mergeInto(earlier: BenchResults, results: BenchResults, args: Args): void {
  const series = earlier.series.map((e) => {
    const added = results.series.find((s) => sameSeries(s, e));
    return added ? { ...e, samples: [...e.samples, ...added.samples] } : e;
  });
  for (const s of results.series) {
    if (!series.some((e) => sameSeries(s, e))) {
      series.push(s);
    }
  }
  const note = `${results.date}: ${args.reps} more repetition(s) of ${args.dockerfiles.join(', ')} (${args.scenarios.join(', ')}; crates ${args.crates.join(', ')}), native and synthesis; load at start ${results.load}, at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
  Object.assign(results, {
    date: earlier.date,
    load: earlier.load,
    reps: Math.max(earlier.reps, ...series.map((s) => s.samples.length)),
    series,
    native: { cold: earlier.native.cold, edit: [...earlier.native.edit, ...results.native.edit], compiled: results.native.compiled },
    synthesis: earlier.synthesis.map((t, i) => ({ ...t, samples: [...t.samples, ...(results.synthesis[i]?.samples ?? [])] })),
    // What this run measured is no longer "not measured" (e.g. fresh-runner added to an earlier run).
    notMeasured: earlier.notMeasured.filter((n) => !series.some((s) => scenarioLabel(s.scenario) === n.what || s.label === n.what)
      && !(n.what === WORKSPACE_LABEL && (results.workspace ?? []).length > 0)),
    merged: [...(earlier.merged ?? []), note],
    failures: [...(earlier.failures ?? []), ...(results.failures ?? [])],
    workspace: [...(earlier.workspace ?? []), ...(results.workspace ?? [])],
    registry: results.registry ?? earlier.registry,
  });
}

/** The same figure: Dockerfile, scenario and crate flavour. */
function sameSeries(a: Series, b: Series): boolean {
  return a.dockerfile === b.dockerfile && a.scenario === b.scenario && (a.crates ?? 'vendored') === (b.crates ?? 'vendored');
}

function scenarioLabel(id: ScenarioId): string | undefined {
  return SCENARIOS.find((s) => s.id === id)?.label;
}

function chartTitle(results: BenchResults): string {
  return `Median docker build seconds (${results.reps} rep${results.reps > 1 ? 's' : ''}; ${results.cores} cores)`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--render')) {
    renderOnly(argv[argv.indexOf('--render') + 1]);
    return;
  }
  const args = parseArgs(argv);
  // Read before anything is written: --out may be the merged file's own directory.
  const earlier = args.merge ? JSON.parse(fs.readFileSync(args.merge, 'utf8')) as BenchResults : undefined;
  const run = `bench-${newRunId()}`;
  // The e2e docker helpers label images with this run id (removeRunImages sweeps them).
  process.env[RUN_ENV] = run;
  const log = (line: string) => console.log(line);
  // The service's crates and the one the Cargo.lock scenario adds, from Debian (idempotent).
  log(`bench: Debian crates (${BENCH_CRATES.join(' ')}), via scripts/debian-crates.sh`);
  execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'debian-crates.sh'), ...BENCH_CRATES], { stdio: 'inherit' });
  log(`bench run ${run}: reps ${args.reps}, Dockerfiles ${args.dockerfiles.join(' ')}, scenarios ${args.scenarios.join(' ')}, output ${args.out}`);

  const notMeasured: NotMeasured[] = [];
  for (const d of DOCKERFILES) {
    if (d.notRun) {
      notMeasured.push({ what: `${d.label} (scripts/bench/dockerfiles/${d.id}.Dockerfile)`, why: d.notRun });
    } else if (!args.dockerfiles.includes(d.id)) {
      notMeasured.push({ what: d.label, why: 'not selected in this run (--short or --dockerfiles)' });
    }
  }
  // The fresh runner builds on engine 26 (scripts/engine-26.sh): buildx, a registry, a build
  // cache that may be pruned. Without it the scenario is not measured, with the reason.
  let engine26: DockerClient | undefined;
  let engine26Detail: string | undefined;
  if (args.scenarios.includes('fresh-runner') || args.workspace) {
    const status = await freshRunnerEngine(log);
    if (status.ok) {
      engine26 = status.client;
      engine26Detail = status.detail;
      log(`fresh-runner: engine 26: ${status.detail}`);
    } else {
      log(`fresh-runner: NOT MEASURED: ${status.reason}`);
      for (const what of [args.scenarios.includes('fresh-runner') ? scenarioLabel('fresh-runner') ?? 'fresh-runner' : undefined, args.workspace ? WORKSPACE_LABEL : undefined]) {
        if (what) {
          notMeasured.push({ what, why: `not measured: engine 26 is not available (${status.reason})` });
        }
      }
    }
  }
  for (const s of SCENARIOS) {
    if (!args.scenarios.includes(s.id)) {
      notMeasured.push({ what: s.label, why: 'not selected in this run (--short or --scenarios)' });
    }
  }
  if (!args.workspace) {
    notMeasured.push({ what: WORKSPACE_LABEL, why: 'not selected in this run (--short, --dockerfiles or --scenarios without --workspace)' });
  }

  let registry: RunningRegistry | undefined;
  if (args.crates.includes('registry')) {
    registry = await startRegistry(log);
  }

  const failures: string[] = [];
  const results: BenchResults = {
    date: new Date().toISOString(),
    engine: `${await engineVersion()}${engine26Detail ? `; fresh runner on engine 26 (scripts/engine-26.sh): ${engine26Detail}, docker driver, containerd image store` : ''}`,
    cores: os.cpus().length,
    reps: args.reps,
    short: args.short,
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    series: [],
    native: { edit: [], compiled: [] },
    synthesis: [],
    notMeasured,
    failures,
    registry: registry ? `a sparse registry (${registry.crates} crates, crates.io's index layout, served on ${registry.index})` : undefined,
  };
  fs.mkdirSync(args.out, { recursive: true });
  const write = () => {
    results.loadAtEnd = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    fs.writeFileSync(path.join(args.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    fs.writeFileSync(path.join(args.out, 'report.md'), renderReport(results, failures));
    fs.writeFileSync(path.join(args.out, 'chart.svg'), renderChart(chartTitle(results), chartGroups(results)));
    log(`  wrote ${path.join(args.out, 'report.md')} and chart.svg`);
  };

  try {
    log('native baseline:');
    const native = await nativeBaseline(run, args.reps, log);
    Object.assign(results, { native });
    log('synthesis:');
    results.synthesis.push(...synthesisTimings(args.reps, log));
    write();

    const selected = DOCKERFILES.filter((d) => args.dockerfiles.includes(d.id) && !d.notRun);
    // Every selected Dockerfile with vendored crates, then every one with registry crates.
    for (const [crates, dockerfile] of args.crates.flatMap((c) => selected.map((d) => [c, d] as const))) {
      const label = flavouredLabel(dockerfile.label, crates);
      useCrateSource(crates === 'registry' && registry ? registry.source : VENDORED);
      log(`${label}:`);
      const samples = new Map<ScenarioId, Sample[]>();
      for (let rep = 1; rep <= args.reps; rep++) {
        const rep_ = await runRep(dockerfile, { run, rep, scenarios: args.scenarios, log, engine26 });
        for (const [scenario, sample] of rep_) {
          samples.set(scenario, [...(samples.get(scenario) ?? []), sample]);
          if (!sample.ok) {
            failures.push(`${label}, ${scenario}, rep ${rep}:\n${sample.error}`);
          }
        }
        removeTemporary();
      }
      for (const scenario of args.scenarios) {
        const s = samples.get(scenario);
        if (s) {
          const series: Series = { dockerfile: dockerfile.id, label, scenario, samples: s, ...(crates === 'registry' ? { crates } : {}) };
          results.series.push(series);
        }
      }
      write();
      await removeCreated();
    }
    if (args.workspace && engine26) {
      log(`${WORKSPACE_LABEL}:`);
      const ws = await workspaceImagesSample(engine26, `${run}-ws`, log);
      results.workspace = [...(results.workspace ?? []), ws];
      // A failed build leaves the repetition out of the report's section: say why among the failures.
      const named: [string, Sample][] = [['one image', ws.one], ['one bake', ws.bake], ...ws.separate.map((s, i): [string, Sample] => [`${ws.images[i]} alone`, s])];
      failures.push(...named.filter(([, s]) => !s.ok).map(([what, s]) => `${WORKSPACE_LABEL}, ${what}:\n${s.error}`));
      removeTemporary();
      write();
    }
  } finally {
    registry?.stop();
    removeTemporary();
    await removeCreated();
    await removeRunImages();
    if (engine26) {
      await removeRunImages(engine26);
    }
  }
  if (earlier) {
    fs.writeFileSync(path.join(args.out, 'results.run.json'), `${JSON.stringify(results, null, 2)}\n`);
    mergeInto(earlier, results, args);
    write();
  } else {
    write();
  }
  log(fs.readFileSync(path.join(args.out, 'report.md'), 'utf8'));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
