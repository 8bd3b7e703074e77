/**
 * The Renovate rules that keep base-image lock files current. Renovate updates a digest in the
 * lock (a regex custom manager on the lock's JSON) and in the generated Dockerfile (its own
 * dockerfile manager, `FROM` and `# syntax=`) in ONE pull request, so the synthesis that CI's
 * drift check runs gives exactly the Dockerfile Renovate wrote. Tags are not Renovate's to
 * change: they follow Cargo.toml and the options (`npx projen`), so only digest updates are
 * enabled for these files. Pure.
 */

/** One update group: the lock files and the Dockerfiles they pin, relative to the repository root. */
export interface RenovateFiles {
  readonly locks: readonly string[];
  readonly dockerfiles: readonly string[];
}

/** A lock entry: `"name:tag": { "digest": "sha256:..." }` as renderImageLock writes it (the name may carry a registry port). */
export const LOCK_MATCH_STRING = '"(?<depName>[^"@:]+(?::[0-9]+/[^"@:]+)?):(?<currentValue>[^"@:]+)": \\{\\s*"digest": "(?<currentDigest>sha256:[a-f0-9]{64})"';

/** The group name of the pull requests. */
export const RENOVATE_GROUP = 'base image digests (projen-rust-docker)';

function exactPath(file: string): string {
  return `/^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$/`;
}

/** The custom manager (one for every lock file). */
export function renovateCustomManager(files: RenovateFiles): Record<string, unknown> {
  return {
    customType: 'regex',
    description: 'Base-image lock files of projen-rust-docker (npx projen docker:pin writes them)',
    managerFilePatterns: files.locks.map(exactPath),
    matchStrings: [LOCK_MATCH_STRING],
    datasourceTemplate: 'docker',
    versioningTemplate: 'docker',
  };
}

/** The package rules: digests only, lock and Dockerfiles in one group. */
export function renovatePackageRules(files: RenovateFiles): Record<string, unknown>[] {
  const matchFileNames = [...files.locks, ...files.dockerfiles];
  return [
    {
      description: 'projen-rust-docker: image tags follow Cargo.toml and .projenrc (npx projen), not Renovate',
      matchFileNames,
      matchUpdateTypes: ['major', 'minor', 'patch', 'pin', 'pinDigest'],
      enabled: false,
    },
    {
      description: 'projen-rust-docker: a new digest goes into the lock and the Dockerfile in one pull request, as npx projen would write it',
      matchFileNames,
      matchUpdateTypes: ['digest'],
      groupName: RENOVATE_GROUP,
    },
  ];
}
