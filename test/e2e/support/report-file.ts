/**
 * The suite report: every variant's result plus the suite's timing, as
 * test-output/e2e-report.json and a markdown table test-output/e2e-report.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import { OUTPUT_DIR, RESULTS_DIR } from './paths';
import type { VariantResult } from './report';

/** Facts about the whole run, written by the global setup and completed by the teardown. */
export interface SuiteInfo {
  readonly runId: string;
  readonly startedAt: string;
  readonly skipped?: string;
  readonly engine?: string;
  /** Engine check, base images and Debian crates. */
  readonly setupSeconds?: number;
  readonly totalSeconds?: number;
  readonly maxWorkers?: string;
}

const SUITE_FILE = path.join(RESULTS_DIR, '_suite.json');

export function writeSuiteInfo(info: SuiteInfo): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(SUITE_FILE, JSON.stringify(info, null, 2) + '\n');
}

export function readSuiteInfo(): SuiteInfo | undefined {
  return fs.existsSync(SUITE_FILE) ? JSON.parse(fs.readFileSync(SUITE_FILE, 'utf8')) : undefined;
}

export function readResults(): VariantResult[] {
  if (!fs.existsSync(RESULTS_DIR)) {
    return [];
  }
  return fs.readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, f), 'utf8')) as VariantResult)
    .sort((a, b) => a.file.localeCompare(b.file) || a.variant.localeCompare(b.variant));
}

/** Writes e2e-report.json and e2e-report.md; returns the markdown. */
export function writeReport(suite: SuiteInfo, results: VariantResult[]): string {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUTPUT_DIR, 'e2e-report.json'), JSON.stringify({ suite, variants: results }, null, 2) + '\n');
  const markdown = renderMarkdown(suite, results);
  fs.writeFileSync(path.join(OUTPUT_DIR, 'e2e-report.md'), markdown);
  return markdown;
}

function renderMarkdown(suite: SuiteInfo, results: VariantResult[]): string {
  const lines = [
    `# End-to-end report (run ${suite.runId})`,
    '',
    suite.skipped
      ? `Skipped: ${suite.skipped}`
      : `Engine ${suite.engine ?? '?'}; setup ${suite.setupSeconds ?? '?'} s; total ${suite.totalSeconds ?? '?'} s; maxWorkers ${suite.maxWorkers ?? '?'}.`,
    '',
    '| file | variant | result | image size | budget | cold build (s) | warm rebuild (s) | notes |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.file} | ${r.variant} | ${r.status} | ${size(r.imageBytes)} | ${size(r.budgetBytes)} | ${r.coldBuildSeconds ?? ''} | ${r.warmRebuildSeconds ?? ''} | ${notes(r)} |`),
    '',
  ];
  return lines.join('\n');
}

function size(bytes?: number): string {
  if (bytes === undefined) {
    return '';
  }
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}

function notes(result: VariantResult): string {
  const parts = Object.entries(result.notes).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(' ') || '(none)' : v}`);
  if (result.error) {
    parts.push(`error: ${result.error.split('\n')[0]}`);
  }
  return parts.join('; ').replace(/\|/g, '\\|');
}
