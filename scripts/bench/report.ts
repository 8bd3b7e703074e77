/** The report (pure): Markdown from the results, and the chart's groups. */
import type { BenchResults, ScenarioId, Series } from './results';
import { SCENARIOS } from './results';
import { formatGoal, formatMiB, formatRatio, formatSeconds, median, ratio } from './stats';
import type { BarGroup } from './svg';

/** Goals, as ratios to the native crate-only rebuild. */
export const GOALS: { readonly scenario: ScenarioId; readonly limit: number; readonly text: string }[] = [
  { scenario: 'edit-same', limit: 1.5, text: 'source edit, same checkout ≤ 1.5× native' },
  { scenario: 'edit-fresh', limit: 1.5, text: 'source edit, fresh checkout ≤ 1.5× native' },
  { scenario: 'fresh-runner', limit: 2.5, text: 'fresh runner with imported cache ≤ 2.5× native' },
];

/** The median seconds of the series' successful samples (undefined when none succeeded). */
export function seriesMedian(series: Series): number | undefined {
  const ok = series.samples.filter((s) => s.ok).map((s) => s.seconds);
  return ok.length === 0 ? undefined : median(ok);
}

function compiledText(series: Series): string {
  const counts = series.samples.filter((s) => s.ok).map((s) => s.compiled.length);
  if (counts.length === 0) {
    return '–';
  }
  const distinct = [...new Set(counts)];
  return distinct.length === 1 ? String(distinct[0]) : counts.join(', ');
}

function scenarioLabel(id: ScenarioId): string {
  return SCENARIOS.find((s) => s.id === id)?.label ?? id;
}

function goalFor(scenario: ScenarioId): number | undefined {
  return GOALS.find((g) => g.scenario === scenario)?.limit;
}

/** One table row per (Dockerfile, scenario) with its median, samples, ratio and goal. */
export function figuresTable(results: BenchResults, nativeMedian: number | undefined): string[] {
  const lines = [
    '| Dockerfile | scenario | median | samples (s) | ratio to native | goal | crates compiled |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const s of results.series) {
    const m = seriesMedian(s);
    const r = ratio(m, nativeMedian);
    // Goals are ours: other Dockerfiles show the ratio only.
    const limit = s.dockerfile.startsWith('ours') ? goalFor(s.scenario) : undefined;
    const samples = s.samples.map((x) => (x.ok ? x.seconds.toFixed(1) : `failed (${x.seconds.toFixed(1)})`)).join(', ');
    lines.push(`| ${s.label} | ${scenarioLabel(s.scenario)} | ${formatSeconds(m)} | ${samples} | ${formatRatio(r)} | ${limit === undefined ? '' : formatGoal(r, limit)} | ${compiledText(s)} |`);
  }
  return lines;
}

/** The goals, one column per flavour of ours (LAYER and CACHE_MOUNT; vendored, then registry crates when measured). */
export function goalsTable(results: BenchResults, native: number | undefined): string[] {
  const ours = [...new Set(results.series.filter((s) => s.dockerfile.startsWith('ours')).map((s) => s.label))];
  const columns = ours.length > 0 ? ours : ['ours LAYER', 'ours CACHE_MOUNT'];
  const lines = [`| goal | ${columns.join(' | ')} |`, `|---|${columns.map(() => '---|').join('')}`];
  for (const goal of GOALS) {
    const cell = (label: string) => {
      const s = results.series.find((x) => x.label === label && x.scenario === goal.scenario);
      return formatGoal(s ? ratio(seriesMedian(s), native) : undefined, goal.limit);
    };
    lines.push(`| ${goal.text} | ${columns.map(cell).join(' | ')} |`);
  }
  return lines;
}

/** Workspace images: N images in one bake, one image, and N builds of their own, each from an empty cache. */
export function workspaceSection(results: BenchResults): string[] {
  const reps = (results.workspace ?? []).filter((w) => w.one.ok && w.bake.ok && w.separate.every((s) => s.ok));
  if (reps.length === 0) {
    return [];
  }
  const n = reps[0].images.length;
  const one = median(reps.map((w) => w.one.seconds));
  const bake = median(reps.map((w) => w.bake.seconds));
  const separate = median(reps.map((w) => w.separate.reduce((sum, s) => sum + s.seconds, 0)));
  const crates = (counts: number[]) => [...new Set(counts)].join(', ');
  return [
    `## Workspace images: ${n} images vs one`,
    '',
    `The service with two more binaries (${reps[0].images.join(', ')}: RustWorkspaceImages, one package), on engine 26,`,
    'every figure from an empty build cache (a fresh runner). Workspace CI built once means the N images',
    'cost about one image, not N. The last column counts every `Compiling` line: the dependencies once',
    'per builder, and each member twice (the stub build of the dependency layer, then its sources).',
    '',
    '| what | seconds | ratio to one image | `Compiling` lines (crates compiled, every time) |',
    '|---|---|---|---|',
    `| one image (\`buildx build --target ${reps[0].images[0]}\`) | ${formatSeconds(one)} | 1.00× | ${crates(reps.map((w) => w.one.compiled.length))} |`,
    `| ${n} images, one \`buildx bake\` (the shared builder stage once) | ${formatSeconds(bake)} | ${formatRatio(ratio(bake, one))} | ${crates(reps.map((w) => w.bake.compiled.length))} |`,
    `| ${n} images, one build each on its own fresh runner (no shared builder), summed | ${formatSeconds(separate)} | ${formatRatio(ratio(separate, one))} | ${crates(reps.map((w) => w.separate.reduce((sum, s) => sum + s.compiled.length, 0)))} |`,
    '',
    `Repetitions: ${reps.length}.`,
    '',
  ];
}

function imageTable(results: BenchResults): string[] {
  const lines = ['| Dockerfile | image size | build context (cold) | no-op rebuild (engine overhead) |', '|---|---|---|---|'];
  const labels = [...new Set(results.series.map((s) => s.label))];
  for (const label of labels) {
    const cold = results.series.find((s) => s.label === label && s.scenario === 'cold');
    const noop = results.series.find((s) => s.label === label && s.scenario === 'noop');
    const image = cold?.samples.find((s) => s.imageBytes !== undefined)?.imageBytes;
    const context = cold?.samples.find((s) => s.contextBytes !== undefined)?.contextBytes;
    lines.push(`| ${label} | ${formatMiB(image)} | ${formatMiB(context)} | ${noop ? formatSeconds(seriesMedian(noop)) : '–'} |`);
  }
  return lines;
}

export function nativeMedianOf(results: BenchResults): number | undefined {
  return results.native.edit.length === 0 ? undefined : median(results.native.edit);
}

export function renderReport(results: BenchResults, failures: string[]): string {
  const native = nativeMedianOf(results);
  const out: string[] = [];
  out.push('# Docker build benchmark');
  out.push('');
  out.push(`Generated by \`scripts/bench/run.ts\`${results.short ? ' --short' : ''} (see docs/bench.md). Do not edit by hand.`);
  out.push('');
  out.push(`- Date: ${results.date}`);
  out.push(`- Engine: ${results.engine}; BuildKit via DOCKER_BUILDKIT=1; stand-in base images (rust:1.95-bookworm, debian:bookworm-slim built offline)`);
  out.push(`- Machine: ${results.cores} cores; load average (1/5/15 min) at start: ${results.load}${results.loadAtEnd ? `, at end: ${results.loadAtEnd}` : ''}`);
  out.push(`- Repetitions: ${results.merged?.length ? 'up to ' : ''}${results.reps} per figure (medians below)${results.short ? '; --short: LAYER and naive only, three scenarios' : ''}`);
  for (const merged of results.merged ?? []) {
    out.push(`- Merged: ${merged}`);
  }
  const fewest = Math.min(...results.series.map((s) => s.samples.length), results.native.edit.length || Infinity);
  if (fewest < 3) {
    out.push('- Fewer repetitions than the default 3 in some rows (count the samples column): a "median" of 1 sample is the sample itself, of 2 their mean; treat small differences as noise.');
  }
  out.push('- Service: test/fixtures/bench/service (tokio, hyper, clap, regex, serde_json from Debian\'s librust-*-dev, vendored with `.cargo/config.toml`)');
  if (results.series.some((s) => s.crates === 'registry')) {
    out.push(`- Rows "…, registry crates": the same service with its crates from ${results.registry ?? 'a sparse registry'}, built from the vendored crates; each checkout's Cargo.lock is generated against it, and the builder fetches the crates into CARGO_HOME as from crates.io. The native baseline stays vendored (the crate-only rebuild is the same).`);
  }
  out.push('');
  out.push('## Native baseline (cargo on the host, crate-only rebuild)');
  out.push('');
  out.push(`- cold \`cargo build --release --offline\`: ${formatSeconds(results.native.cold)} (once)`);
  out.push(`- edit src/main.rs + \`cargo build --release --offline\`: median ${formatSeconds(native)} (samples: ${results.native.edit.map((s) => s.toFixed(1)).join(', ') || '–'}; compiled: ${results.native.compiled.join(' ') || '–'})`);
  out.push('');
  out.push('Ratios below are scenario median / this native median.');
  out.push('');
  out.push('## Build times');
  out.push('');
  out.push(...figuresTable(results, native));
  out.push('');
  out.push('## Goals (ours)');
  out.push('');
  out.push(...goalsTable(results, native));
  out.push('');
  out.push('## Images, contexts, engine overhead');
  out.push('');
  out.push(...imageTable(results));
  out.push('');
  out.push(...workspaceSection(results));
  out.push('## Synthesis time');
  out.push('');
  out.push('| what | median | samples (s) |');
  out.push('|---|---|---|');
  for (const t of results.synthesis) {
    out.push(`| ${t.what} | ${t.samples.length ? `${median(t.samples).toFixed(2)} s` : '–'} | ${t.samples.map((s) => s.toFixed(2)).join(', ')} |`);
  }
  out.push('');
  out.push('## Not measured');
  out.push('');
  for (const n of results.notMeasured) {
    out.push(`- ${n.what}: ${n.why}`);
  }
  if (results.notMeasured.length === 0) {
    out.push('- nothing');
  }
  if (failures.length > 0) {
    out.push('');
    out.push('## Failed builds');
    out.push('');
    for (const f of failures) {
      out.push('```');
      out.push(f);
      out.push('```');
    }
  }
  out.push('');
  out.push('## Scenarios');
  out.push('');
  for (const s of SCENARIOS) {
    out.push(`- **${s.label}**: ${s.meaning}`);
  }
  out.push('');
  return out.join('\n');
}

/** The chart: one group per scenario (no-op excluded), one bar per Dockerfile median. */
export function chartGroups(results: BenchResults): BarGroup[] {
  const groups: BarGroup[] = [];
  for (const scenario of SCENARIOS) {
    if (scenario.id === 'noop') {
      continue;
    }
    const bars = results.series
      .filter((s) => s.scenario === scenario.id)
      .map((s) => ({ series: s.label, value: seriesMedian(s) }))
      .filter((b): b is { series: string; value: number } => b.value !== undefined);
    if (bars.length > 0) {
      groups.push({ label: scenario.label, bars });
    }
  }
  const native = nativeMedianOf(results);
  if (native !== undefined) {
    groups.push({ label: 'native crate-only', bars: [{ series: 'native cargo (host)', value: native }] });
  }
  return groups;
}
