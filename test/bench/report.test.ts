import * as fs from 'fs';
import * as path from 'path';
import { suffixCacheIds, withoutVendor } from '../../scripts/bench/dockerfiles';
import { chartGroups, goalsTable, renderReport, seriesMedian, workspaceSection } from '../../scripts/bench/report';
import type { BenchResults, Sample } from '../../scripts/bench/results';
import { flavouredLabel } from '../../scripts/bench/results';
import { compilingLines } from '../e2e/support/build-log';

const ok = (seconds: number, crates = 1): Sample => ({ seconds, ok: true, compiled: Array.from({ length: crates }, (_, i) => `c${i}`) });

const RESULTS: BenchResults = {
  date: '2026-11-28T20:00:00Z',
  engine: 'server 20.10.24',
  cores: 2,
  reps: 3,
  short: false,
  load: '1.00 1.00 1.00',
  series: [
    { dockerfile: 'ours-layer', label: 'ours LAYER', scenario: 'cold', samples: [ok(50, 63), ok(52, 63), ok(51, 63)] },
    { dockerfile: 'ours-layer', label: 'ours LAYER', scenario: 'edit-same', samples: [ok(5), ok(4), ok(6)] },
    { dockerfile: 'ours-layer', label: 'ours LAYER', scenario: 'edit-fresh', samples: [ok(9), { seconds: 1, ok: false, compiled: [], error: 'boom' }, ok(7)] },
    { dockerfile: 'naive', label: 'naive COPY . .', scenario: 'edit-same', samples: [ok(40, 63)] },
  ],
  native: { cold: 45, edit: [4, 4, 4], compiled: ['bench-service'] },
  synthesis: [{ what: 'RustWorkspaceImages', samples: [1.5, 1.2, 1.3] }],
  notMeasured: [{ what: 'cargo-chef', why: 'not run: cargo-chef cannot be installed offline' }],
};

describe('workspace images', () => {
  test('every Compiling line counts, repeated crates included (a builder run per image shows its crates per image)', () => {
    const log = '#12 1.0    Compiling itoa v1.0.1\n#12 2.0    Compiling svc v0.1.0 (/app)\n#15 3.0    Compiling svc v0.1.0 (/app)\n#20 1.0    Compiling itoa v1.0.1\n';
    expect(compilingLines(log)).toEqual(['itoa', 'svc', 'svc', 'itoa']);
  });

  const images = ['bench-service', 'worker', 'admin'];
  test('N images in one bake and N builds of their own, as ratios to one image; medians over repetitions', () => {
    const md = workspaceSection({
      ...RESULTS,
      workspace: [
        { images, one: ok(60, 59), bake: ok(66, 61), separate: [ok(61, 59), ok(62, 59), ok(63, 59)] },
        { images, one: ok(64, 59), bake: ok(70, 61), separate: [ok(60, 59), ok(60, 59), ok(60, 59)] },
      ],
    }).join('\n');
    expect(md).toContain('## Workspace images: 3 images vs one');
    expect(md).toContain('| one image (`buildx build --target bench-service`) | 62.0 s | 1.00× | 59 |');
    expect(md).toContain('| 3 images, one `buildx bake` (the shared builder stage once) | 68.0 s | 1.10× | 61 |');
    // Sums 186 and 180: median 183.
    expect(md).toContain('| 3 images, one build each on its own fresh runner (no shared builder), summed | 183.0 s | 2.95× | 177 |');
    expect(md).toContain('Repetitions: 2.');
  });

  test('nothing when not measured, or when a build of a repetition failed', () => {
    expect(workspaceSection(RESULTS)).toEqual([]);
    const failed = { seconds: 1, ok: false, compiled: [], error: 'x' };
    expect(workspaceSection({ ...RESULTS, workspace: [{ images, one: ok(60), bake: failed, separate: [] }] })).toEqual([]);
    expect(renderReport({ ...RESULTS, workspace: [{ images, one: ok(60), bake: ok(61), separate: [ok(60)] }] }, [])).toContain('## Workspace images: 3 images vs one');
  });
});

describe('report', () => {
  test('series median ignores failed samples', () => {
    expect(seriesMedian(RESULTS.series[2])).toBe(8);
  });

  test('ratios to the native median and goals', () => {
    const md = renderReport(RESULTS, []);
    expect(md).toContain('| ours LAYER | source edit, same checkout | 5.0 s | 5.0, 4.0, 6.0 | 1.25× | met (1.25× ≤ 1.5×) | 1 |');
    expect(md).toContain('| ours LAYER | source edit, fresh checkout | 8.0 s | 9.0, failed (1.0), 7.0 | 2.00× | NOT met (2.00× > 1.5×) | 1 |');
    expect(md).toContain('| naive COPY . . | source edit, same checkout | 40.0 s | 40.0 | 10.00× |  | 63 |');
    expect(md).toContain('not measured (goal ≤ 2.5×)');
    expect(md).toContain('- cargo-chef: not run: cargo-chef cannot be installed offline');
    expect(md).toContain('| RustWorkspaceImages | 1.30 s | 1.50, 1.20, 1.30 |');
  });

  test('chart: one group per measured scenario plus native, one bar per series', () => {
    const groups = chartGroups(RESULTS);
    expect(groups.map((g) => g.label)).toEqual(['cold', 'source edit, same checkout', 'source edit, fresh checkout', 'native crate-only']);
    expect(groups[1].bars).toEqual([{ series: 'ours LAYER', value: 5 }, { series: 'naive COPY . .', value: 40 }]);
  });
});

describe('crate flavours: vendored and registry rows side by side', () => {
  const registry = (scenario: 'edit-same' | 'edit-fresh', seconds: number) => ({
    dockerfile: 'ours-layer', label: flavouredLabel('ours LAYER', 'registry'), crates: 'registry' as const, scenario, samples: [ok(seconds)],
  });
  const both: BenchResults = {
    ...RESULTS,
    series: [...RESULTS.series, registry('edit-same', 4.4), registry('edit-fresh', 7)],
    registry: 'a sparse registry (61 crates, served on sparse+http://192.0.2.2:4000/index/)',
  };

  test('the vendored label stays as in earlier runs; the registry one says so', () => {
    expect(flavouredLabel('ours LAYER', 'vendored')).toBe('ours LAYER');
    expect(flavouredLabel('ours LAYER', 'registry')).toBe('ours LAYER, registry crates');
  });

  test('goals: a column per flavour of ours that was measured, in the order measured', () => {
    expect(goalsTable(both, 4)).toEqual([
      '| goal | ours LAYER | ours LAYER, registry crates |',
      '|---|---|---|',
      '| source edit, same checkout ≤ 1.5× native | met (1.25× ≤ 1.5×) | met (1.10× ≤ 1.5×) |',
      '| source edit, fresh checkout ≤ 1.5× native | NOT met (2.00× > 1.5×) | NOT met (1.75× > 1.5×) |',
      '| fresh runner with imported cache ≤ 2.5× native | not measured (goal ≤ 2.5×) | not measured (goal ≤ 2.5×) |',
    ]);
    // Nothing of ours measured: the two usual columns, every goal not measured.
    expect(goalsTable({ ...RESULTS, series: [] }, 4)[0]).toBe('| goal | ours LAYER | ours CACHE_MOUNT |');
  });

  test('the report names the registry only when a row used it; rows and chart bars carry the flavour', () => {
    const md = renderReport(both, []);
    expect(md).toContain('| ours LAYER, registry crates | source edit, same checkout | 4.4 s | 4.4 | 1.10× | met (1.10× ≤ 1.5×) | 1 |');
    expect(md).toContain('Rows "…, registry crates": the same service with its crates from a sparse registry (61 crates, served on sparse+http://192.0.2.2:4000/index/)');
    expect(renderReport(RESULTS, [])).not.toContain('registry crates');
    expect(chartGroups(both)[1].bars.map((b) => b.series)).toEqual(['ours LAYER', 'naive COPY . .', 'ours LAYER, registry crates']);
  });
});

describe('suffixCacheIds', () => {
  test('every cache mount id gets the run suffix; other mounts stay', () => {
    const text = 'RUN --mount=type=cache,id=cargo-git,target=/x \\\n    --mount=type=cache,id=a-b-1234,target=/app/target,sharing=locked \\\n    --mount=type=bind,source=src,target=src';
    expect(suffixCacheIds(text, 'r1')).toBe('RUN --mount=type=cache,id=cargo-git-r1,target=/x \\\n    --mount=type=cache,id=a-b-1234-r1,target=/app/target,sharing=locked \\\n    --mount=type=bind,source=src,target=src');
  });
});

describe('withoutVendor (the anchors with registry crates)', () => {
  const file = (id: string) => fs.readFileSync(path.join(__dirname, '../../scripts/bench/dockerfiles', `${id}.Dockerfile`), 'utf8');

  test.each(['article', 'docker-init'])('%s: the instruction lines that bring vendor/ in go, nothing else', (id) => {
    const before = file(id);
    const after = withoutVendor(before);
    const removed = before.split('\n').filter((l) => !after.split('\n').includes(l));
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatch(/vendor/);
    // Comments that mention vendor/ stay: only instructions are removed.
    expect(after.split('\n').filter((l) => /vendor/.test(l)).every((l) => l.startsWith('#'))).toBe(true);
  });

  test('naive has nothing to remove', () => {
    expect(withoutVendor(file('naive'))).toBe(file('naive'));
  });
});
