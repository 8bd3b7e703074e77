/** Medians, ratios against the native baseline, and how a figure compares with its goal (pure). */

/** The median of the values (mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `value / baseline`, or undefined when either is missing or the baseline is not positive. */
export function ratio(value: number | undefined, baseline: number | undefined): number | undefined {
  if (value === undefined || baseline === undefined || !Number.isFinite(value) || !Number.isFinite(baseline) || baseline <= 0) {
    return undefined;
  }
  return value / baseline;
}

/** Seconds with one decimal (`12.3 s`), or `–` when not measured. */
export function formatSeconds(seconds: number | undefined): string {
  return seconds === undefined || !Number.isFinite(seconds) ? '–' : `${seconds.toFixed(1)} s`;
}

/** A ratio as `1.42×`, or `–`. */
export function formatRatio(value: number | undefined): string {
  return value === undefined ? '–' : `${value.toFixed(2)}×`;
}

/** Bytes as MiB with one decimal, or `–`. */
export function formatMiB(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? '–' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** `met (1.20× ≤ 1.5×)`, `NOT met (3.10× > 1.5×)`, or `not measured (≤ 1.5×)`. */
export function formatGoal(value: number | undefined, limit: number): string {
  if (value === undefined) {
    return `not measured (goal ≤ ${limit}×)`;
  }
  return value <= limit
    ? `met (${formatRatio(value)} ≤ ${limit}×)`
    : `NOT met (${formatRatio(value)} > ${limit}×)`;
}
