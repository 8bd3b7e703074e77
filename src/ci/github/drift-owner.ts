import { RustDockerError } from '../../core/errors';

/** A workflow that could carry the repository's drift check. */
export interface DriftCandidate {
  /** How errors name it: its workflow file. */
  readonly label: string;
  /** The `driftCheck` option as given. */
  readonly driftCheck?: boolean;
}

/**
 * Which of a repository's image workflows (GitHub workflows only, in construction order)
 * carries the one drift check: the one whose option says `true`; else, unless the root
 * project's own build already fails on changed files, the first whose option is not `false`.
 * Returns its index, or -1 for none. Two explicit `true`s would give two identical jobs, so
 * they are an error that names both. Pure.
 */
export function driftOwner(candidates: DriftCandidate[], projectChecksDrift: boolean): number {
  const explicit = candidates.map((c, i) => (c.driftCheck === true ? i : -1)).filter((i) => i >= 0);
  if (explicit.length > 1) {
    throw explicitTwice(candidates[explicit[0]].label, candidates[explicit[1]].label);
  }
  if (explicit.length === 1) {
    return explicit[0];
  }
  if (projectChecksDrift) {
    return -1;
  }
  return candidates.findIndex((c) => c.driftCheck === undefined);
}

/** The error for a second workflow that asks for the drift check. */
export function explicitTwice(first: string, second: string): RustDockerError {
  return new RustDockerError({
    option: 'driftCheck',
    problem: `is true for both ${first} and ${second}, but one drift job checks every generated file of the repository, so two would run the same check twice.`,
    fix: 'Set driftCheck: true on one image workflow only (leave it unset on the others).',
  });
}
