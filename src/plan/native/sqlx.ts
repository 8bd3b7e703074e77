/**
 * sqlx services: the `query!` macros check every query at compile time, against the
 * database named by DATABASE_URL, or (with SQLX_OFFLINE=true) against the query data
 * `cargo sqlx prepare` wrote. An image build has no database, so when the macros are in
 * Cargo.lock and the data exists, the builder builds offline. Pure.
 */
import type { CargoWorkspace, LockedPackage } from '../../cargo/model';

/** The crates that expand sqlx's query macros (`sqlx-macros`, with `sqlx-macros-core` since 0.7). */
export const SQLX_MACRO_CRATES = ['sqlx-macros', 'sqlx-macros-core'] as const;

/** What planning knows about sqlx's compile-time queries. */
export interface SqlxPlan {
  /** The lock package that expands the query macros: `sqlx-macros`. */
  readonly crate: string;
  readonly version: string;
  /** How the built package reaches it in Cargo.lock. */
  readonly via: string[];
  /** The offline query data in the build context (`.sqlx`, `api/.sqlx`, `sqlx-data.json`); empty: none. */
  readonly data: string[];
  /** The builder sets SQLX_OFFLINE=true: the data exists. */
  readonly offline: boolean;
}

/** The sqlx plan for the reachable lock packages (null when no query-macro crate is reachable). */
export function detectSqlx(ws: CargoWorkspace, reach: ReadonlyMap<LockedPackage, string[]>): SqlxPlan | null {
  const entries = [...reach.entries()];
  for (const name of SQLX_MACRO_CRATES) {
    // The first reached (breadth first: by a shortest path), as Cargo.lock rarely holds two.
    const found = entries.find(([p]) => p.name === name);
    if (found) {
      const data = [...(ws.sqlxOfflineData ?? [])];
      return { crate: found[0].name, version: found[0].version, via: [...found[1]], data, offline: data.length > 0 };
    }
  }
  return null;
}

/** One line on what the builder does about sqlx, for `plan` and the Dockerfile comment. */
export function sqlxExplanation(sqlx: SqlxPlan): string {
  const macros = `${sqlx.crate} ${sqlx.version} (${sqlx.via.join(' -> ')})`;
  return sqlx.offline
    ? `${macros} checks query! macros at compile time; offline query data ${sqlx.data.join(', ')} is in the build context, so the builder sets SQLX_OFFLINE=true and needs no database`
    : `${macros} is in Cargo.lock but no offline query data (.sqlx/) exists: query! macros would need DATABASE_URL, which an image build does not have; ` +
      'run `cargo sqlx prepare --workspace` and commit .sqlx/ (then run npx projen)';
}

/** Why the builder sets SQLX_OFFLINE=true (one line), or nothing when it does not. */
export function sqlxOfflineReasons(sqlx: SqlxPlan | null): string[] {
  return sqlx?.offline ? [sqlxExplanation(sqlx)] : [];
}
