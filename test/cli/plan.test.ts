import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import type { PlanReport } from '../../src/cli/plan-report';
import { cargoMetadata, cleanupTemp, copyFixture, FIXTURES, memberLockfile, rel, sorted, writeTree } from '../cargo/cargo-oracle';

afterAll(cleanupTemp);

function plan(args: string[], cwd = process.cwd()): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run(['plan', ...args], { out: (t) => (out += t), err: (t) => (err += t), cwd });
  return { code, out, err };
}

const fixtures = fs.readdirSync(FIXTURES).filter((name) => fs.existsSync(path.join(FIXTURES, name, 'Cargo.toml')));

describe('plan --json', () => {
  test('there are fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  test.each(fixtures)('%s: prints exactly one JSON object whose packages equal cargo metadata --no-deps', (fixture) => {
    const dir = copyFixture(fixture);
    const { code, out, err } = plan(['--dir', dir, '--json']);
    const report = JSON.parse(out) as PlanReport;
    // The inventory is printed whether or not the fixture can be planned (most have no Cargo.lock).
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['packages', 'selected', 'toolchain', 'workspaceRoot']));
    if (report.error === null) {
      expect([code, err]).toEqual([0, '']);
    } else {
      expect([code, err]).toEqual([1, `projen-rust-docker plan: ${report.error}\n`]);
      expect(report.selected).toBeNull();
    }

    const { meta } = cargoMetadata(dir);
    const root = meta.workspace_root;
    expect(fs.realpathSync(report.workspaceRoot)).toBe(fs.realpathSync(root));
    const members = meta.packages.filter((p) => meta.workspace_members.includes(p.id));
    const expected = sorted(members.map((p) => ({
      name: p.name,
      version: p.version,
      manifestPath: rel(root, p.manifest_path),
      rustVersion: p.rust_version,
      edition: p.edition,
      defaultRun: p.default_run,
      bins: sorted(p.targets.filter((t) => t.kind.includes('bin')).map((t) => ({
        name: t.name, path: rel(root, t.src_path), requiredFeatures: t['required-features'] ?? [],
      })), (b) => b.name),
    })), (p) => p.name);
    const actual = sorted(report.packages.map((p) => ({ ...p, bins: sorted(p.bins, (b) => b.name) })), (p) => p.name);
    expect(actual).toEqual(expected);
  });

  test('the JSON keys: the inventory, then what synthesis would generate', () => {
    const dir = copyFixture('single-crate');
    fs.writeFileSync(path.join(dir, 'Cargo.lock'), memberLockfile(dir));
    const report = JSON.parse(plan(['--dir', dir, '--json']).out) as PlanReport;
    expect(Object.keys(report)).toEqual(['workspaceRoot', 'packages', 'toolchain', 'selected', 'component', 'options', 'error',
      'files', 'stages', 'builder', 'linking', 'caching', 'cross', 'native', 'build', 'images', 'left']);
  });

  test('selects the only binary and names its builder image', () => {
    const dir = copyFixture('single-crate');
    fs.writeFileSync(path.join(dir, 'Cargo.lock'), memberLockfile(dir));
    const report = JSON.parse(plan(['--json', '--dir', dir]).out) as PlanReport;
    expect(report.selected).not.toBeNull();
    expect(report.selected!.builderImage).toMatch(/^rust:[0-9.]+-bookworm$/);
    expect(report.selected!.binary).toBe(report.packages[0].bins[0].name);
  });

  test('selected is null when the choice is ambiguous, and the summary says why', () => {
    const dir = writeTree({
      'Cargo.toml': '[workspace]\nmembers = ["a", "b"]\nresolver = "2"\n',
      'a/Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\nedition = "2021"\n',
      'a/src/main.rs': 'fn main() {}\n',
      'b/Cargo.toml': '[package]\nname = "b"\nversion = "0.1.0"\nedition = "2021"\n',
      'b/src/main.rs': 'fn main() {}\n',
    });
    fs.writeFileSync(path.join(dir, 'Cargo.lock'), memberLockfile(dir));
    const { code, out, err } = plan(['--json', '--dir', dir]);
    const report = JSON.parse(out) as PlanReport;
    expect(report.packages.map((p) => p.name)).toEqual(['a', 'b']);
    expect(report.selected).toBeNull();
    expect(code).toBe(1);
    expect(err).toContain('cannot choose a binary to build in the workspace at');
    const summary = plan(['--dir', dir]).out;
    expect(summary).toContain('Selected: none, because the workspace has 2 binaries and none of them is a default-run.');
    expect(summary).toContain('Candidates (package/binary): a/a, b/b.');
  });
});

describe('plan summary and usage', () => {
  test('the summary lists members, binaries, the toolchain and the selection', () => {
    const dir = copyFixture('multi-bin-default-run');
    fs.writeFileSync(path.join(dir, 'Cargo.lock'), memberLockfile(dir));
    const { code, out } = plan([], dir);
    expect(code).toBe(0);
    expect(out).toContain('Cargo workspace:');
    expect(out).toMatch(/Members \(\d+\):/);
    expect(out).toMatch(/ {4}bin \S+: src\//);
    expect(out).toContain('Toolchain file:');
    expect(out).toMatch(/Selected: binary '\S+' of package '\S+', because it is the default-run/);
  });

  test('a missing Cargo.toml exits 1 with the reason on stderr', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-empty-'));
    const { code, out, err } = plan(['--dir', dir]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/^projen-rust-docker plan: RustDockerImage \([^)]*Dockerfile\): .*Cargo\.toml/);
  });

  test('bad usage exits 2 and prints the usage', () => {
    expect(plan(['--frobnicate']).code).toBe(2);
    let err = '';
    expect(run(['deploy'], { out: () => undefined, err: (t) => (err += t), cwd: '.' })).toBe(2);
    expect(err).toContain('Usage: projen-rust-docker plan');
  });
});
