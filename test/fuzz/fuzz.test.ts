import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { caseArb } from './arbitraries';
import type { CaseOutcome } from './run-case';
import { runCase, synthesizeCase } from './run-case';
import { actionlint } from '../ci/support';

/**
 * Property: for any Cargo tree, toolchain file and option set (hostile values included),
 * synthesis either refuses with the library's own error, or writes files whose parsed
 * structure is exactly what the generator meant (see checks.ts).
 *
 * `npx projen test` runs FUZZ_RUNS (default 1,000) cases with a fixed seed; `npx projen fuzz`
 * runs 10,000 with another fixed seed. FUZZ_SEED and FUZZ_RUNS override both; a failure
 * prints the seed and the shrunk counterexample, which `fc.assert` replays.
 */
// Refused cases throw on purpose, thousands of times: stack traces (source-mapped under jest)
// would cost more than the cases themselves.
Error.stackTraceLimit = 0;

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);

test(`fuzz: ${RUNS} generated Cargo trees and option sets (seed ${SEED}) give the library's error or checked files`, () => {
  const outcomes: (CaseOutcome & { benign: boolean })[] = [];
  fc.assert(
    fc.property(caseArb(), (c) => {
      outcomes.push({ ...runCase(c.tree, c.options), benign: c.mutations.length === 0 });
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: false },
  );
  const count = (key: keyof CaseOutcome) => outcomes.filter((o) => o[key]).length;
  const benign = outcomes.filter((o) => o.benign);
  const summary = { cases: outcomes.length, benign: benign.length, benignPlanned: benign.filter((o) => o.image).length, dockerfile: count('image'), workspaceDockerfile: count('workspace'), dockerignore: count('ignore'), ci: count('ci') };
  const reasons = new Map<string, number>();
  outcomes.filter((o) => o.refusal).forEach((o) => {
    const key = o.refusal!.replace(/["'].*?["']/g, '…').slice(0, 70);
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  });
  const top = [...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([r, n]) => `  ${n} × ${r}`);
  console.log(`fuzz summary (seed ${SEED}): ${JSON.stringify(summary)}\nmost frequent refusals of the single image:\n${top.join('\n')}`);
  // The generators must reach the renderers often enough for the property to mean something.
  expect(summary.dockerfile).toBeGreaterThan(RUNS * 0.3);
  expect(summary.workspaceDockerfile).toBeGreaterThan(RUNS * 0.3);
  expect(summary.ci).toBeGreaterThan(RUNS * 0.3);
  // Ordinary input (no hostile value) gets its image: refusing it would also pass the property.
  expect(summary.benignPlanned).toBeGreaterThan(summary.benign * 0.9);
}, 30 * 60_000);

const SYNTH_RUNS = Number(process.env.FUZZ_SYNTH_RUNS ?? Math.max(20, Math.round(RUNS / 50)));

/** Synthesized cases to lint; the sample is drawn until this many synthesized (hostile cases are mostly refused before). */
const SYNTH_TARGET = Math.ceil(SYNTH_RUNS / 2);

test(`fuzz: ${SYNTH_TARGET} cases synthesized by projen: every workflow passes actionlint and no script holds \${{`, async () => {
  // Each generated case carries 0-3 hostile mutations, most of which synthesis refuses (that
  // is what the property above checks); here the cases that DO synthesize are linted, so the
  // sample is drawn until enough of them did, from a bounded pool.
  const pool = fc.sample(caseArb(), { numRuns: SYNTH_RUNS * 5, seed: SEED + 1 });
  let synthesized = 0;
  let tried = 0;
  for (const c of pool) {
    if (synthesized >= SYNTH_TARGET) {
      break;
    }
    tried++;
    const files = synthesizeCase(c.tree, c.options);
    if (files === undefined) {
      continue;
    }
    synthesized++;
    for (const [file, text] of Object.entries(files)) {
      const workflow = YAML.parse(text);
      for (const job of Object.values(workflow.jobs) as any[]) {
        for (const s of job.steps ?? []) {
          if (typeof s.run === 'string' && s.run.includes('${{')) {
            throw new Error(`${file}: the script of ${s.name} holds \${{ (mutations: ${c.mutations.join('; ')})`);
          }
        }
      }
      expect({ file, mutations: c.mutations, findings: await actionlint(text, file) }).toEqual({ file, mutations: c.mutations, findings: [] });
    }
  }
  console.log(`fuzz synthesis (seed ${SEED + 1}): ${synthesized} of ${tried} cases synthesized, workflows linted`);
  expect(synthesized).toBe(SYNTH_TARGET);
  // The generators must still reach synthesis often enough for this to be cheap and meaningful.
  expect(synthesized).toBeGreaterThan(tried * 0.1);
}, 30 * 60_000);
