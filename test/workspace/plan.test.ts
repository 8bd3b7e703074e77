import type { ServiceSpec } from './support';
import { workspaceFiles, wsTempDir } from './support';
import type { RustWorkspaceImagesOptions } from '../../src';
import { DependencyCaching, Linking, Runtime } from '../../src';
import { loadWorkspace } from '../../src/cargo/workspace';
import type { WorkspacePlan } from '../../src/workspace/plan';
import { planWorkspaceImages } from '../../src/workspace/plan';
import { writeTree } from '../support/temp-project';

function plan(services: (string | ServiceSpec)[], options: RustWorkspaceImagesOptions = {}, extra: { [file: string]: string } = {}): WorkspacePlan {
  const dir = wsTempDir();
  writeTree(dir, workspaceFiles(services, extra));
  return planWorkspaceImages(loadWorkspace(dir), options);
}

const targets = (p: WorkspacePlan) => p.images.map((i) => i.target);

describe('binary selection', () => {
  test('every binary of every member, sorted; one build of the whole workspace', () => {
    const p = plan(['worker', 'api', { name: 'tools', bins: ['migrate'] }]);
    expect(targets(p)).toEqual(['api', 'migrate', 'tools', 'worker']);
    expect(p.builder.build.selection).toEqual(['--workspace', '--bins']);
    expect(p.builder.build.binaries).toEqual(['api', 'migrate', 'tools', 'worker']);
    expect(p.left).toEqual([]);
    expect(p.images.map((i) => i.plan.package.name)).toEqual(['api', 'tools', 'tools', 'worker']);
  });

  test('include: only those, built with an explicit --bin list; the rest is listed as left out', () => {
    const p = plan(['api', 'worker', 'admin'], { include: ['worker', 'api/api'] });
    expect(targets(p)).toEqual(['api', 'worker']);
    expect(p.builder.build.selection).toEqual(['--workspace', '--bin', 'api', '--bin', 'worker']);
    expect(p.left).toEqual(['admin/admin']);
  });

  test('exclude by binary name or package/binary', () => {
    expect(targets(plan(['api', 'worker', 'admin'], { exclude: ['admin'] }))).toEqual(['api', 'worker']);
    expect(targets(plan(['api', { name: 'tools', bins: ['migrate'] }], { exclude: ['tools/migrate'] }))).toEqual(['api', 'tools']);
  });

  test('unknown names in include, exclude and binaries fail and list the binaries', () => {
    expect(() => plan(['api'], { include: ['apii'] })).toThrow(/option 'include' names 'apii', which is not a binary of the workspace.*Binaries \(package\/binary\): api\/api/);
    expect(() => plan(['api'], { exclude: ['nope'] })).toThrow(/option 'exclude' names 'nope'/);
    expect(() => plan(['api'], { binaries: { apj: { ports: [1] } } })).toThrow(/option 'binaries' has options for 'apj'.*api\/api/);
  });

  test('nothing left, or no binary at all, fails', () => {
    expect(() => plan(['api'], { exclude: ['api'] })).toThrow(/option 'exclude' leaves no binary to build/);
    expect(() => plan([])).toThrow(/has no binary target/);
  });

  test('the same binary name in two packages fails with the fix; excluding one by package/binary works', () => {
    const services = [{ name: 'a', bins: ['cli'] }, { name: 'b', bins: ['cli'] }];
    expect(() => plan(services)).toThrow(/binary 'cli' exists in packages 'a' and 'b'.*exclude: \['b\/cli'\]/);
    expect(targets(plan(services, { exclude: ['b/cli'] }))).toEqual(['a', 'b', 'cli']);
  });
});

describe('target names', () => {
  test('lower case; names that start with no letter get bin-', () => {
    const p = plan([{ name: 'svc', bins: ['MyTool', '2fa', '_x'] }]);
    expect(targets(p)).toEqual(['bin-2fa', 'bin-_x', 'mytool', 'svc']);
    expect(p.builder.build.binaries).toEqual(['2fa', '_x', 'MyTool', 'svc']);
  });

  test('two binaries with the same lower-case name fail', () => {
    expect(() => plan([{ name: 'svc', bins: ['Tool', 'tool'] }])).toThrow(/would both be Docker target 'tool'/);
  });

  test("a binary called 'default' would clash with the bake group", () => {
    expect(() => plan(['default'])).toThrow(/would be bake target 'default'.*exclude: \['default\/default'\]/);
  });

  test("a binary called 'builder' renames the builder stage", () => {
    const p = plan(['builder', 'api']);
    expect(targets(p)).toEqual(['api', 'builder']);
    expect(p.builder.name).toBe('workspace-builder');
  });
});

describe('per-binary options', () => {
  test('override or extend the workspace-wide ones', () => {
    const p = plan(['api', 'worker'], {
      ports: [8080],
      env: { RUST_LOG: 'info', MODE: 'all' },
      labels: { team: 'core' },
      user: '10002',
      binaries: {
        worker: { ports: [], env: { MODE: 'worker' }, labels: { role: 'worker' }, user: '10003', args: ['--once'], runtime: Runtime.DISTROLESS_CC },
      },
    });
    const [api, worker] = p.images.map((i) => i.plan);
    expect(api.ports).toEqual([8080]);
    expect(api.env).toEqual([['MODE', 'all'], ['RUST_LOG', 'info']]);
    expect(api.user).toBe('10002');
    expect(api.runtime).toBe(Runtime.DEBIAN_SLIM);
    expect(worker.ports).toEqual([]);
    expect(worker.env).toEqual([['MODE', 'worker'], ['RUST_LOG', 'info']]);
    expect(worker.labels).toContainEqual(['team', 'core']);
    expect(worker.labels).toContainEqual(['role', 'worker']);
    expect(worker.user).toBe('10003');
    expect(worker.args).toEqual(['--once']);
    expect(worker.runtime).toBe(Runtime.DISTROLESS_CC);
  });

  test('features and required-features become package/feature in the one build', () => {
    const p = plan([
      { name: 'api', manifest: '\n[features]\ntls = []\nmetrics = []\n' },
      { name: 'tools', bins: ['admin'], manifest: '\n[features]\nadmin = []\n' },
    ], { binaries: { api: { features: ['tls'] } } }, {});
    expect(p.builder.build.features).toEqual(['api/tls']);
    expect(() => plan([{ name: 'api', manifest: '\n[features]\ntls = []\n' }], { binaries: { api: { features: ['tsl'] } } }))
      .toThrow(/'tsl', not a feature of package 'api'/);
  });

  test('a binary with required-features has them enabled', () => {
    const dir = wsTempDir();
    writeTree(dir, workspaceFiles([{ name: 'tools', manifest: '\n[features]\nadmin = []\n' }], {}));
    const manifest = 'crates/tools/Cargo.toml';
    const files = workspaceFiles([{ name: 'tools', manifest: '\n[features]\nadmin = []\n' }]);
    writeTree(dir, { [manifest]: files[manifest] + '\n[[bin]]\nname = "admin"\npath = "src/admin.rs"\nrequired-features = ["admin"]\n', 'crates/tools/src/admin.rs': 'fn main() {}\n' });
    const p = planWorkspaceImages(loadWorkspace(dir), {});
    expect(targets(p)).toEqual(['admin', 'tools']);
    expect(p.builder.build.features).toEqual(['tools/admin']);
  });
});

describe('the shared builder', () => {
  test('linking: the runtimes agree, or static glibc where glibc and libc-less runtimes mix', () => {
    expect(plan(['api', 'worker']).builder.linking).toBe(Linking.DYNAMIC_GLIBC);
    const mixed = plan(['api', 'worker'], { binaries: { worker: { runtime: Runtime.SCRATCH } } });
    expect(mixed.builder.linking).toBe(Linking.STATIC_GLIBC);
    expect(mixed.images.every((i) => i.plan.linking === Linking.STATIC_GLIBC)).toBe(true);
    expect(() => plan(['api', 'worker'], { binaries: { worker: { runtime: Runtime.ALPINE } } })).toThrow(/need different C libraries.*Linking.STATIC_MUSL/);
    expect(plan(['api', 'worker'], { linking: Linking.STATIC_MUSL, binaries: { worker: { runtime: Runtime.ALPINE } } }).builder.toolchain.builderImage).toBe('rust:1.95-alpine');
    expect(() => plan(['api'], { linking: Linking.DYNAMIC_GLIBC, runtime: Runtime.SCRATCH })).toThrow(/has no C library/);
  });

  test('toolchain: the highest rust-version of the packages built', () => {
    const p = plan([{ name: 'api', manifest: 'rust-version = "1.80"\n' }, { name: 'worker', manifest: 'rust-version = "1.82"\n' }, 'admin']);
    expect(p.builder.toolchain.builderImage).toBe('rust:1.95-bookworm');
    const q = plan([{ name: 'api', manifest: 'rust-version = "1.80"\n' }, { name: 'worker', manifest: 'rust-version = "1.100"\n' }]);
    expect(q.builder.toolchain.builderImage).toBe('rust:1.100-bookworm');
    expect(q.images.every((i) => i.plan.toolchain === q.builder.toolchain)).toBe(true);
    expect(plan(['api'], { rustVersion: '1.85' }).builder.toolchain.builderImage).toBe('rust:1.85-bookworm');
  });

  test('caching, profile and features are the build\'s; the cache-mount id is stable', () => {
    const p = plan(['api'], { caching: DependencyCaching.CACHE_MOUNT, profile: 'dev', noDefaultFeatures: true });
    expect(p.builder.caching).toBe(DependencyCaching.CACHE_MOUNT);
    expect(p.builder.build.profile).toBe('dev');
    expect(p.builder.build.profileDir).toBe('debug');
    expect(p.builder.build.noDefaultFeatures).toBe(true);
    expect(p.builder.cacheId).toMatch(/^workspace-[0-9a-f]{8}-dynamic-glibc-dev-[0-9a-f]{8}$/);
    expect(plan(['api'], { caching: DependencyCaching.CACHE_MOUNT, profile: 'dev' }).builder.cacheId).toBe(p.builder.cacheId);
  });

  test('without Cargo.lock it fails like a single image', () => {
    const dir = wsTempDir();
    const files = workspaceFiles(['api']);
    delete files['Cargo.lock'];
    writeTree(dir, files);
    expect(() => planWorkspaceImages(loadWorkspace(dir), {})).toThrow(/Cargo.lock not found/);
  });
});
