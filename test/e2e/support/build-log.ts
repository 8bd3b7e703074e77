/** Reading BuildKit's plain-progress build logs. */

/** Names of the crates cargo compiled during the build (`Compiling <name> v<version>`), sorted, unique. */
export function compiledCrates(log: string): string[] {
  return [...new Set(compilingLines(log))].sort();
}

/**
 * Every crate cargo compiled, once per `Compiling` line, in log order (not deduplicated: a
 * workspace built three times shows its crates three times; the stub and the real build of a
 * member show twice).
 */
export function compilingLines(log: string): string[] {
  return [...log.matchAll(/\bCompiling ([A-Za-z0-9_-]+) v\d/g)].map((m) => m[1]);
}
