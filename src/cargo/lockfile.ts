/**
 * Cargo.lock, read only as far as planning needs it: the name, version and dependencies of
 * every `[[package]]`. `cargo metadata --no-deps` never reads the file, so nothing here throws:
 * what would make `cargo build --locked` fail to read it is recorded as a problem, and
 * planning turns it (and a lockfile that lacks a member) into an error.
 */
import { isTomlParseError, messageOf, sentence } from './errors';
import { tryReadText } from './fsutil';
import type { LockedPackage, LockfileContents } from './model';
import { parseToml } from './toml';
import { isTable } from './values';
import { RustDockerError } from '../core/errors';

/** Reads the Cargo.lock at `file`; null when there is none (or it cannot be read). */
export function readLockfile(file: string): LockfileContents | null {
  const text = tryReadText(file);
  if (text === null) {
    return null;
  }
  let raw: Record<string, unknown>;
  try {
    raw = parseToml(text, file);
  } catch (e) {
    if (RustDockerError.is(e)) {
      return { packages: [], problem: { message: e.problem, line: e.line, column: e.column } };
    }
    return { packages: [], problem: { message: isTomlParseError(e) ? e.message : sentence(messageOf(e)) } };
  }
  const list = raw.package;
  if (list === undefined) {
    return { packages: [] };
  }
  if (!Array.isArray(list)) {
    return { packages: [], problem: { message: '`package` must be an array of tables (`[[package]]`).' } };
  }
  const packages: LockedPackage[] = [];
  for (const [i, entry] of list.entries()) {
    const name = isTable(entry) ? entry.name : undefined;
    const version = isTable(entry) ? entry.version : undefined;
    if (typeof name !== 'string' || typeof version !== 'string') {
      return { packages, problem: { message: `\`[[package]]\` number ${i + 1} has no string \`name\` and \`version\`.` } };
    }
    // Dependencies only inform planning (native crates): entries that are not strings are left out.
    const deps = isTable(entry) && Array.isArray(entry.dependencies) ? entry.dependencies : [];
    packages.push({ name, version, dependencies: deps.filter((d): d is string => typeof d === 'string') });
  }
  return { packages };
}
