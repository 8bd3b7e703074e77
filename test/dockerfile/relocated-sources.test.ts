/**
 * Vendored crates read from a relocated copy (issue 12, source-edit time): the dependency
 * layer copies `cargo vendor`'s directory to /deps/<dir> and every cargo build points the
 * source there, so the build step's mounted sources (the checkout's file times) never touch what
 * cargo compiled from, and the real build settles nothing of them. With CACHE_MOUNT the copy
 * is a layer of its own whose file times are settled once per contents.
 */
import { renderImageDockerfile } from '../../src/dockerfile/dockerfile';
import { settleFileTimes } from '../../src/dockerfile/file-times';
import { DependencyCaching } from '../../src/plan/caching';
import { planImage } from '../../src/plan/plan';
import { renderWorkspaceDockerfile } from '../../src/workspace/dockerfile';
import { planWorkspaceImages } from '../../src/workspace/plan';
import { stageLines } from '../support/dockerfile-lint';
import { fakePackage, fakeWorkspace } from '../support/fake-workspace';

const svc = fakePackage({ name: 'svc' });
const CONFIG = '--config \'source.vendored-sources.directory="/deps/vendor"\'';

function workspace(name = 'vendored-sources', rustVersion?: string, pathDependencyDirs: string[] = []) {
  return fakeWorkspace([{ ...svc, rustVersion: rustVersion ?? null }], {
    cargoConfig: { file: '.cargo/config.toml', sourceDirs: ['vendor'], directorySources: [{ name, dir: 'vendor' }] },
    pathDependencyDirs,
  });
}

function builderRuns(text: string): string[] {
  return stageLines(text, 'builder').filter((l) => l.startsWith('RUN '));
}

describe('LAYER', () => {
  const text = renderImageDockerfile(planImage(workspace(), {}));
  const runs = builderRuns(text);
  const deps = runs.find((l) => l.includes('fn main() {}'))!;
  const final = runs.find((l) => l.includes('cp /target/'))!;

  test('the dependency layer copies the vendored directory to /deps, not into the build directory', () => {
    const lines = stageLines(text, 'builder');
    expect(lines).toContain('COPY vendor/ /deps/vendor/');
    expect(lines).not.toContain('COPY vendor/ vendor/');
  });

  test('both builds read it there, with the same command (so the dependency layer\'s artifacts are reused)', () => {
    const command = (run: string) => /cargo build [^&]*/.exec(run)![0].trim();
    expect(command(deps)).toContain(CONFIG);
    expect(command(final)).toBe(command(deps));
  });

  test('no step settles the vendored crates (the layer compiles its own copy; the mounted sources never touch it)', () => {
    expect(deps).not.toContain('vendor/*/');
    expect(final).not.toContain('vendor/*/');
    expect(text).toContain('# cargo reads the vendored crates from the dependency layer\'s copy (/deps/vendor),');
  });

  test('path dependencies are still settled in both steps', () => {
    const withPath = builderRuns(renderImageDockerfile(planImage(workspace(undefined, undefined, ['libs/wire']), {})));
    const loop = settleFileTimes(workspace(undefined, undefined, ['libs/wire']), { skipVendored: true, records: '/target/.file-times' }).join(' && ');
    expect(loop).toContain('for u in libs/wire/;');
    expect(withPath.filter((r) => r.includes(loop))).toHaveLength(2);
    expect(withPath.join('\n')).not.toContain('vendor/*/');
  });
});

describe('when the builder keeps the vendored directory in place (settled in both steps, as before)', () => {
  test.each([
    ['a source name --config cannot take bare', workspace('my.vendor')],
    ['a toolchain older than cargo --config (1.63)', workspace(undefined, '1.62')],
  ])('%s', (_name, ws) => {
    const text = renderImageDockerfile(planImage(ws, {}));
    expect(text).not.toContain('/deps/');
    expect(text).not.toContain('--config');
    expect(text).toContain('COPY vendor/ vendor/');
    expect(builderRuns(text).filter((r) => r.includes('for u in vendor/*/;'))).toHaveLength(2);
  });

  test('rust-version 1.63 relocates', () => {
    expect(renderImageDockerfile(planImage(workspace(undefined, '1.63'), {}))).toContain(CONFIG);
  });
});

describe('CACHE_MOUNT', () => {
  const text = renderImageDockerfile(planImage(workspace(), { caching: DependencyCaching.CACHE_MOUNT }));
  const lines = stageLines(text, 'builder');

  test('a layer of its own: COPY to /deps, then a step that settles only those crates, with the target/ mount (where the record is)', () => {
    const copy = lines.indexOf('COPY vendor/ /deps/vendor/');
    const settle = lines[copy + 1];
    expect(copy).toBeGreaterThan(0);
    expect(settle).toMatch(/^RUN --mount=type=cache,id=[a-z0-9-]+,target=\/app\/target,sharing=locked for u in \/deps\/vendor\/\*\/;/);
    // The build comes after, with the sources mounted (no COPY of them).
    expect(lines.findIndex((l) => l.startsWith('RUN --mount=type=bind,target=/app,rw'))).toBeGreaterThan(copy + 1);
    expect(lines).not.toContain('COPY . .');
  });

  test('the build reads them there and settles nothing of them', () => {
    const build = lines.find((l) => l.includes('cargo build'))!;
    expect(build).toContain(CONFIG);
    expect(build).not.toContain('vendor/*/');
  });
});

test('workspace images: the shared builder relocates too', () => {
  const ws = fakeWorkspace([fakePackage({ name: 'api', dir: 'api' }), fakePackage({ name: 'worker', dir: 'worker' })], {
    cargoConfig: { file: '.cargo/config.toml', sourceDirs: ['vendor'], directorySources: [{ name: 'vendored-sources', dir: 'vendor' }] },
  });
  const text = renderWorkspaceDockerfile(planWorkspaceImages(ws, {}));
  expect(text).toContain('COPY vendor/ /deps/vendor/');
  expect(text.split(CONFIG)).toHaveLength(3);
});
