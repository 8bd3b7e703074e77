import type { CargoPackage, CargoTarget, CargoWorkspace } from '../../src/cargo/model';

/** A hand-built Cargo model, for testing the layers above the Cargo reader in isolation. */
export function fakePackage(overrides: Partial<CargoPackage> & { name: string }): CargoPackage {
  const dir = overrides.dir ?? '.';
  const prefix = dir === '.' ? '' : `${dir}/`;
  const bins: CargoTarget[] = overrides.bins ?? [{ kind: 'bin', name: overrides.name, path: `${prefix}src/main.rs`, requiredFeatures: [] }];
  return {
    version: '0.1.0',
    edition: '2021',
    rustVersion: null,
    defaultRun: null,
    manifestPath: `${prefix}Cargo.toml`,
    dir,
    description: null,
    license: null,
    repository: null,
    homepage: null,
    authors: [],
    features: [],
    bins,
    targets: overrides.targets ?? bins,
    ...overrides,
  };
}

export function fakeWorkspace(members: CargoPackage[], overrides: Partial<CargoWorkspace> = {}): CargoWorkspace {
  return {
    root: '/work/ws',
    currentPackage: members.length === 1 ? members[0].name : null,
    members,
    defaultMembers: members.map((m) => m.name),
    manifests: [...new Set(['Cargo.toml', ...members.map((m) => m.manifestPath)])].sort(),
    pathDependencyDirs: [],
    externalPathDependencies: [],
    profiles: [],
    lockfile: 'Cargo.lock',
    toolchain: { file: null, channel: null, components: [], targets: [] },
    cargoConfig: { file: null, sourceDirs: [] },
    ...overrides,
  } as CargoWorkspace;
}

export function bin(name: string, path: string, requiredFeatures: string[] = []): CargoTarget {
  return { kind: 'bin', name, path, requiredFeatures };
}
