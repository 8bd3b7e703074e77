import type { CargoWorkspace } from '../cargo/model';

export interface StubFile {
  /** Path relative to the workspace root. */
  readonly path: string;
  /** `main` files hold `fn main() {}`; `lib` files are empty. */
  readonly kind: 'main' | 'lib';
}

/**
 * The stub source files that let cargo compile every dependency before the real sources
 * are copied: one per target of every member (libraries empty, everything with a `main`
 * gets `fn main() {}`). Derived from the Cargo model, so it follows every manifest edit.
 */
export function stubFiles(ws: CargoWorkspace): StubFile[] {
  const byPath = new Map<string, StubFile['kind']>();
  for (const pkg of ws.members) {
    for (const target of pkg.targets) {
      const kind = target.kind === 'lib' ? 'lib' : 'main';
      // A file shared by a lib and a main-style target must still have a main.
      if (byPath.get(target.path) !== 'main') {
        byPath.set(target.path, kind);
      }
    }
  }
  return [...byPath.entries()]
    .map(([path, kind]) => ({ path, kind }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Directories that must exist before the stub files are written. */
export function stubDirs(stubs: StubFile[]): string[] {
  const dirs = new Set<string>();
  for (const stub of stubs) {
    const i = stub.path.lastIndexOf('/');
    if (i > 0) {
      dirs.add(stub.path.slice(0, i));
    }
  }
  return [...dirs].sort();
}
