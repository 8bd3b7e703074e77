/** Figures read off BuildKit's plain-progress logs (pure). Compiled crates: test/e2e/support/build-log.ts. */

const UNITS: { [unit: string]: number } = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/**
 * Bytes of build context sent to the engine: the largest `transferring context: <size>` figure
 * of the log (BuildKit prints growing figures while it transfers, in decimal units). Undefined
 * when the log has no such line.
 */
export function contextBytes(log: string): number | undefined {
  let largest: number | undefined;
  for (const match of log.matchAll(/transferring context: ([\d.]+)\s*([KkMG]i?B|B)\b/g)) {
    const unit = UNITS[match[2]];
    if (unit === undefined) {
      continue;
    }
    const bytes = Math.round(Number(match[1]) * unit);
    if (largest === undefined || bytes > largest) {
      largest = bytes;
    }
  }
  return largest;
}
