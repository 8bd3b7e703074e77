import type { CargoWorkspace } from '../cargo/model';
import { shellWord } from '../core/quote';

/**
 * Where the builder records what the dependency sources it last compiled held: one file per
 * unit (a vendored crate, a path dependency), named after a hash of its path, holding a hash
 * of its contents. It lives in `target/`, so it goes where the compiled artifacts go (the
 * dependency layer, or the `target/` cache mount).
 */
export const FILE_TIMES_DIR = 'target/.file-times';

/**
 * The time given to dependency sources whose contents the builder has compiled before
 * (`touch -t`, POSIX: GNU and busybox). Older than any build, so cargo finds the artifacts
 * built from them fresh.
 */
export const SETTLED_TIME = '198001010000';

/**
 * Units whose file times decide whether cargo recompiles something that did not change:
 * every crate of a vendored source directory (`vendor/*` - build scripts' `rerun-if-changed`
 * compare file times) and every path dependency that is not a member (cargo fingerprints
 * path packages by file time). Members are not here: they are always rebuilt. Shell words,
 * each ending in `/` (a vendored directory's crates through a glob).
 */
export function fileTimeUnits(ws: CargoWorkspace, where: UnitLocations = {}): string[] {
  const vendored = where.vendored ?? ((dir: string) => dir);
  return [
    ...(where.skipVendored ? [] : ws.cargoConfig.sourceDirs.map((dir) => `${shellWord(vendored(dir))}/*/`)),
    ...ws.pathDependencyDirs.map((dir) => `${shellWord(dir)}/`),
  ];
}

/** Where the units are in the builder, when not where the context has them. */
export interface UnitLocations {
  /** Where a vendored source directory is (relocated out of the build directory). @default the directory itself */
  readonly vendored?: (dir: string) => string;
  /** Leave vendored crates out (the build step, when cargo reads them from a relocated copy). */
  readonly skipVendored?: boolean;
  /** Where the records are: `<target dir>/.file-times`, with the compiled artifacts. @default FILE_TIMES_DIR */
  readonly records?: string;
}

/** The records' directory for cargo's target directory `targetDir`. */
export function fileTimesDir(targetDir: string): string {
  return `${targetDir}/.file-times`;
}

/**
 * A checkout's file times must not decide what cargo recompiles: every CI runner and fresh
 * clone has the same files with new times (cargo would recompile every dependency the
 * Docker layer cache just reused), and an old checkout can have times older than a cached
 * build (cargo would keep artifacts of other sources). So, per unit, the builder compares
 * a hash of the contents with the one it recorded when it last compiled that unit: the same
 * contents get a fixed old time (artifacts fresh); other contents, or none recorded, get the
 * current time (recompiled) and are recorded. Empty when the workspace has no such unit.
 */
export function settleFileTimes(ws: CargoWorkspace, where: UnitLocations = {}): string[] {
  const units = fileTimeUnits(ws, where);
  if (units.length === 0) {
    return [];
  }
  // A vendored crate's contents are fingerprinted by its .cargo-checksum.json (cargo checks
  // every file against it, so it changes whenever they do): one small file read instead of
  // all of them. Other units (path dependencies): every file. The record of a unit is
  // FILE_TIMES_DIR/<unit>/sum, read with the shell's own `read` (no process per unit).
  const contents = 'if [ -f "$u/.cargo-checksum.json" ]; then h="$(sha256sum < "$u/.cargo-checksum.json")"; ' +
    'else h="$(find "$u" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum | sha256sum)"; fi';
  const records = where.records ?? FILE_TIMES_DIR;
  return [
    `for u in ${units.join(' ')}; do [ -d "$u" ] || continue; u="\${u%/}"; k="${records}/$u"; ${contents}; ` +
    'old=""; if [ -f "$k/sum" ]; then read -r old < "$k/sum" || true; fi; ' +
    `if [ "$old" = "$h" ]; then find "$u" -exec touch -c -t ${SETTLED_TIME} {} +; ` +
    'else find "$u" -exec touch -c {} +; mkdir -p "$k"; printf \'%s\\n\' "$h" > "$k/sum"; fi; done',
  ];
}
