/**
 * Fresh checkouts (issue 12 item 1): the builder settles the file times of vendored crates and
 * path dependencies, so a checkout's times never decide what cargo recompiles. The command is
 * checked as text in the Dockerfile, by shellcheck, and by running it in dash (the builder's
 * /bin/sh) on a real directory tree.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadWorkspace } from '../../src/cargo/workspace';
import { renderImageDockerfile } from '../../src/dockerfile/dockerfile';
import { FILE_TIMES_DIR, fileTimeUnits, fileTimesDir, settleFileTimes } from '../../src/dockerfile/file-times';
import { DependencyCaching } from '../../src/plan/caching';
import { planImage } from '../../src/plan/plan';
import { renderWorkspaceDockerfile } from '../../src/workspace/dockerfile';
import { planWorkspaceImages } from '../../src/workspace/plan';
import { shellcheck, withShellcheck } from '../ci/support';
import { stageLines } from '../support/dockerfile-lint';
import { fakePackage, fakeWorkspace } from '../support/fake-workspace';
import { tempDir, writeTree } from '../support/temp-project';

const svc = fakePackage({ name: 'svc' });
const vendored = fakeWorkspace([svc], { cargoConfig: { file: '.cargo/config.toml', sourceDirs: ['vendor', 'third party/crates'] }, pathDependencyDirs: ['libs/wire'] });
const plain = fakeWorkspace([svc]);

describe('the units', () => {
  test('every crate of each vendored directory (a glob) and each path dependency; quoted for the shell', () => {
    expect(fileTimeUnits(vendored)).toEqual(['vendor/*/', '\'third party/crates\'/*/', 'libs/wire/']);
  });

  test('none: no command, so the Dockerfile does not change for a workspace without them', () => {
    expect(settleFileTimes(plain)).toEqual([]);
    const text = renderImageDockerfile(planImage(plain, {}));
    expect(text).not.toContain('.file-times');
    expect(text).not.toContain('fresh checkout');
  });
});

describe('in the Dockerfile', () => {
  const loop = settleFileTimes(vendored).join(' && ');

  test('LAYER: in the dependency layer before the dependencies compile, and again before the real build; records in its target dir', () => {
    const builder = stageLines(renderImageDockerfile(planImage(vendored, {})), 'builder');
    const runs = builder.filter((l) => l.startsWith('RUN '));
    const deps = runs.find((l) => l.includes('fn main() {}'))!;
    const final = runs.find((l) => l.includes('cp /target/'))!;
    // The build step mounts the sources on /app, so the records live with the artifacts in /target.
    const layerLoop = settleFileTimes(vendored, { records: fileTimesDir('/target') }).join(' && ');
    expect(layerLoop).toContain('k="/target/.file-times/$u"');
    for (const run of [deps, final]) {
      expect(run).toContain(layerLoop);
      expect(run.indexOf(loop)).toBeLessThan(run.indexOf('cargo build'));
    }
    expect(final.indexOf(layerLoop)).toBeLessThan(final.indexOf('touch src/main.rs'));
  });

  test('CACHE_MOUNT: before the build, with git checkouts (not only the git database) in a cache mount', () => {
    const builder = stageLines(renderImageDockerfile(planImage(vendored, { caching: DependencyCaching.CACHE_MOUNT })), 'builder');
    const run = builder.find((l) => l.includes('--mount=type=cache'))!;
    expect(run).toContain(loop);
    expect(run.indexOf(loop)).toBeLessThan(run.indexOf('cargo build'));
    expect(run).toContain('--mount=type=cache,id=cargo-git,target=/usr/local/cargo/git,sharing=locked');
  });

  test('NONE: nothing (every build compiles everything anyway)', () => {
    expect(renderImageDockerfile(planImage(vendored, { caching: DependencyCaching.NONE }))).not.toContain(FILE_TIMES_DIR);
  });

  test('the comment says why', () => {
    expect(renderImageDockerfile(planImage(vendored, {}))).toContain('# A fresh checkout has the same dependency sources with new file times');
  });

  test('workspace images: the shared builder does the same', () => {
    const dir = tempDir('prd-times-ws-');
    writeTree(dir, {
      'Cargo.toml': '[workspace]\nmembers = ["api"]\nexclude = ["libs/wire"]\nresolver = "2"\n',
      'api/Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nwire = { path = "../libs/wire" }\n',
      'api/src/main.rs': 'fn main() {}\n',
      'libs/wire/Cargo.toml': '[package]\nname = "wire"\nversion = "0.1.0"\nedition = "2021"\n',
      'libs/wire/src/lib.rs': '\n',
      'Cargo.lock': 'version = 4\n\n[[package]]\nname = "api"\nversion = "0.1.0"\ndependencies = [\n "wire",\n]\n\n[[package]]\nname = "wire"\nversion = "0.1.0"\n',
    });
    expect(loadWorkspace(dir).pathDependencyDirs).toEqual(['libs/wire']);
    const text = renderWorkspaceDockerfile(planWorkspaceImages(loadWorkspace(dir), {}));
    expect(stageLines(text, 'builder').filter((l) => l.includes('for u in libs/wire/;'))).toHaveLength(2);
  });
});

withShellcheck('shellcheck finds nothing in the command', () => {
  expect(shellcheck(settleFileTimes(vendored).join(' && ') + '\n', 'sh')).toBe('');
});

// The alpine builder (Linking.STATIC_MUSL) has busybox's tools, not GNU's. Locally without
// busybox this is skipped; in CI (.ci/run installs it) it always runs.
const BUSYBOX = ['/usr/bin/busybox', '/bin/busybox'].find((p) => fs.existsSync(p));
if (!BUSYBOX && process.env.CI === 'true') {
  throw new Error('busybox is required in CI (apt-get install -y busybox)');
}
(BUSYBOX ? test : test.skip)('busybox (the alpine builder\'s sh, find, sort, xargs, sha256sum, touch) runs it the same way', () => {
  const dir = tempDir('prd-times-bb-');
  writeTree(dir, { 'vendor/libc/build.rs': 'fn main() {}\n', 'libs/wire/FORMAT': 'v3\n', 'third party/crates/x/lib.rs': '\n' });
  const bin = tempDir('prd-bb-bin-');
  for (const applet of ['sh', 'find', 'sort', 'xargs', 'sha256sum', 'cut', 'touch', 'cat', 'mkdir', 'printf', 'echo']) {
    fs.symlinkSync(BUSYBOX!, path.join(bin, applet));
  }
  const run = () => cp.spawnSync(BUSYBOX!, ['sh', '-ec', settleFileTimes(vendored).join(' && ')], { cwd: dir, encoding: 'utf8', env: { PATH: bin, TZ: 'UTC' } });
  for (let i = 0; i < 2; i++) {
    const result = run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }
  const settled = new Date(Date.UTC(1980, 0, 1)).getTime();
  for (const file of ['vendor/libc/build.rs', 'libs/wire/FORMAT', 'third party/crates/x/lib.rs']) {
    expect(fs.statSync(path.join(dir, file)).mtimeMs).toBe(settled);
  }
  expect(fs.readFileSync(path.join(dir, FILE_TIMES_DIR, 'libs/wire/sum'), 'utf8')).toMatch(/^[0-9a-f]{64} {2}-\n$/);
});

describe('run in dash on a real tree', () => {
  function tree(): string {
    const dir = tempDir('prd-times-');
    writeTree(dir, {
      'vendor/libc/build.rs': 'fn main() {}\n',
      'vendor/libc/src/lib.rs': '// libc\n',
      'vendor/serde/build.rs': 'fn main() {}\n',
      'third party/crates/odd name/src/lib.rs': '\n',
      'libs/wire/src/lib.rs': 'pub fn frame() {}\n',
      'libs/wire/FORMAT': 'v3\n',
    });
    return dir;
  }
  const settle = (dir: string) => {
    const result = cp.spawnSync('dash', ['-ec', settleFileTimes(vendored).join(' && ')], { cwd: dir, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  };
  const mtime = (dir: string, file: string) => fs.statSync(path.join(dir, file)).mtimeMs / 1000;
  // `touch -t 198001010000` reads the time in the shell's zone: UTC here.
  const settled = new Date(Date.UTC(1980, 0, 1)).getTime() / 1000;
  const FILES = ['vendor/libc/build.rs', 'vendor/serde/build.rs', 'third party/crates/odd name/src/lib.rs', 'libs/wire/FORMAT', 'libs/wire/src/lib.rs'];

  test('first time: nothing recorded, so every unit gets the current time and is recorded', () => {
    const dir = tree();
    const old = new Date(2001, 0, 1);
    FILES.forEach((f) => fs.utimesSync(path.join(dir, f), old, old));
    const before = Date.now() / 1000 - 5;
    settle(dir);
    FILES.forEach((f) => expect(mtime(dir, f)).toBeGreaterThan(before));
    // One record per unit, at FILE_TIMES_DIR/<unit>/sum.
    for (const unit of ['vendor/libc', 'vendor/serde', 'third party/crates/odd name', 'libs/wire']) {
      expect(fs.readFileSync(path.join(dir, FILE_TIMES_DIR, unit, 'sum'), 'utf8')).toMatch(/^[0-9a-f]{64} {2}-\n$/);
    }
  });

  test('same contents with new times (a fresh checkout): every unit gets the fixed old time', () => {
    const dir = tree();
    settle(dir);
    const later = new Date(Date.now() + 3600_000);
    FILES.forEach((f) => fs.utimesSync(path.join(dir, f), later, later));
    settle(dir);
    FILES.forEach((f) => expect(mtime(dir, f)).toBe(settled));
  });

  test('a changed unit gets the current time and its new contents are recorded; the others stay settled', () => {
    const dir = tree();
    settle(dir);
    settle(dir);
    fs.writeFileSync(path.join(dir, 'libs/wire/FORMAT'), 'v4\n');
    const before = Date.now() / 1000 - 5;
    settle(dir);
    expect(mtime(dir, 'libs/wire/FORMAT')).toBeGreaterThan(before);
    expect(mtime(dir, 'libs/wire/src/lib.rs')).toBeGreaterThan(before);
    expect(mtime(dir, 'vendor/libc/build.rs')).toBe(settled);
    settle(dir);
    expect(mtime(dir, 'libs/wire/FORMAT')).toBe(settled);
  });

  test('an old checkout of other contents (times older than the recorded build) is never settled', () => {
    const dir = tree();
    settle(dir);
    fs.writeFileSync(path.join(dir, 'vendor/serde/build.rs'), 'fn main() { println!("other"); }\n');
    const older = new Date(1999, 0, 1);
    fs.utimesSync(path.join(dir, 'vendor/serde/build.rs'), older, older);
    const before = Date.now() / 1000 - 5;
    settle(dir);
    expect(mtime(dir, 'vendor/serde/build.rs')).toBeGreaterThan(before);
  });

  test('a vendored directory with no crates, or missing: nothing to do, no error', () => {
    const dir = tempDir('prd-times-empty-');
    fs.mkdirSync(path.join(dir, 'vendor'));
    settle(dir);
    expect(fs.existsSync(path.join(dir, FILE_TIMES_DIR))).toBe(false);
  });

  test('a vendored crate is fingerprinted by its .cargo-checksum.json (cargo verifies the files against it): a new checksum file rebuilds it', () => {
    const dir = tree();
    fs.writeFileSync(path.join(dir, 'vendor/libc/.cargo-checksum.json'), '{"files":{"build.rs":"aa"},"package":"11"}');
    settle(dir);
    settle(dir);
    expect(mtime(dir, 'vendor/libc/build.rs')).toBe(settled);
    // `cargo vendor` after a Cargo.lock change: new files and a new checksum file.
    fs.writeFileSync(path.join(dir, 'vendor/libc/build.rs'), 'fn main() { /* 0.2.140 */ }\n');
    fs.writeFileSync(path.join(dir, 'vendor/libc/.cargo-checksum.json'), '{"files":{"build.rs":"bb"},"package":"22"}');
    const before = Date.now() / 1000 - 5;
    settle(dir);
    expect(mtime(dir, 'vendor/libc/build.rs')).toBeGreaterThan(before);
    expect(mtime(dir, 'vendor/serde/build.rs')).toBe(settled);
  });
});
