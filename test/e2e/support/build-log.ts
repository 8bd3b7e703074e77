/** Reading BuildKit's plain-progress build logs. */

/** Names of the crates cargo compiled during the build (`Compiling <name> v<version>`), sorted, unique. */
export function compiledCrates(log: string): string[] {
  const names = new Set<string>();
  for (const match of log.matchAll(/\bCompiling ([A-Za-z0-9_-]+) v\d/g)) {
    names.add(match[1]);
  }
  return [...names].sort();
}
