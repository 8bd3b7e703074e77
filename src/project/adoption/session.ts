import type { Adoption } from './plan';

/**
 * An adoption started by `projen-rust-docker adopt` rather than `projen new`: the project
 * constructed while it runs adopts the repository exactly as `projen new` would (same code),
 * and hands back what it decided so the command can report it.
 */
export interface AdoptionSession {
  /** The options of the written projenrc, as `projen new` passes its command line. */
  readonly args: { [key: string]: unknown };
  /** Set by the project: what it adopted. */
  adoption?: Adoption;
}

let current: AdoptionSession | undefined;

/** Runs `fn` (which constructs and synthesizes the project) inside an adoption session. */
export function withAdoptionSession<T>(session: AdoptionSession, fn: () => T): T {
  current = session;
  try {
    return fn();
  } finally {
    current = undefined;
  }
}

/** The session in progress, if any. */
export function adoptionSession(): AdoptionSession | undefined {
  return current;
}
