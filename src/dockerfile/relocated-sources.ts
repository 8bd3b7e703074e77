/**
 * Vendored crates the LAYER and CACHE_MOUNT builders read from a copy outside the build
 * directory (`RELOCATED_SOURCES`), so the mounted checkout's file times never touch what cargo
 * compiled from. Pure.
 */
import type { CargoWorkspace } from '../cargo/model';
import type { ResolvedToolchain } from '../plan/toolchain';

/** Where the dependency layer puts vendored source directories, out of the build directory the sources are mounted on. */
export const RELOCATED_SOURCES = '/deps';

/** A `cargo vendor` directory source the LAYER builder reads from a copy outside the build directory. */
export interface RelocatedSource {
  /** The source's name in `.cargo/config.toml` (`[source.<name>]`). */
  readonly name: string;
  /** Its directory in the context. */
  readonly dir: string;
  /** Its copy in the builder. */
  readonly to: string;
}

/**
 * Vendored sources the LAYER builder relocates: the dependency layer copies them to
 * `RELOCATED_SOURCES` and cargo reads them there (`--config source.<name>.directory=...`), so the
 * build step's mounted sources, whose copy of them carries the checkout's file times, never
 * touch what cargo compiled from, and the build settles nothing of them. Only when every directory source
 * has a bare name (the `--config` key stays plain) and lies inside the context, and the toolchain
 * has `--config` (cargo 1.63); otherwise none (the files' times are settled in both steps).
 */
export function relocatedSources(spec: { readonly workspace: CargoWorkspace; readonly toolchain: ResolvedToolchain }): RelocatedSource[] {
  const sources = spec.workspace.cargoConfig.directorySources ?? [];
  const movable = sources.length > 0
    && sources.every((s) => /^[A-Za-z0-9_-]+$/.test(s.name) && !s.dir.startsWith('..') && !s.dir.startsWith('/'))
    && hasCargoConfigFlag(spec.toolchain.rustVersion);
  return movable ? sources.map((s) => ({ name: s.name, dir: s.dir, to: `${RELOCATED_SOURCES}/${s.dir}` })) : [];
}

/** cargo's `--config KEY=VALUE` is stable since 1.63; channels (stable, nightly-...) have it. */
function hasCargoConfigFlag(rustVersion: string): boolean {
  const m = /^1\.(\d+)/.exec(rustVersion);
  return m === null || Number(m[1]) >= 63;
}

/** The `--config` values that point cargo at the relocated sources (TOML basic strings). */
export function relocationConfig(relocated: readonly RelocatedSource[]): string[] {
  return relocated.map((r) => `source.${r.name}.directory=${JSON.stringify(r.to)}`);
}
