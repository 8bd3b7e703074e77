import { cleanupTemps, lockedFixture, plan, planJson, writeFiles } from './support';
import { usage } from '../../src/cli/args';

afterAll(cleanupTemps);

function withAssets(): string {
  return writeFiles(lockedFixture('single-crate'), { 'static/index.html': '<h1>hi</h1>\n', 'config, prod/app.toml': 'x = 1\n' });
}

describe('--asset SOURCE:DEST', () => {
  test('repeatable; each value is one asset (commas are part of a path); the report lists them with their stage', () => {
    const { code, err, report } = planJson(['--asset', 'static:/app/static', '--asset=config, prod/app.toml:/etc/svc/app.toml'], withAssets());
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(report.options).toEqual({ assets: ['static:/app/static', 'config, prod/app.toml:/etc/svc/app.toml'] });
    expect(report.images[0].assets).toEqual([
      { source: 'static', destination: '/app/static', kind: 'directory' },
      { source: 'config, prod/app.toml', destination: '/etc/svc/app.toml', kind: 'file' },
    ]);
    expect(report.images[0].assetsStage).toBe('assets');
    expect(report.stages.map((s) => s.name)).toEqual(['runtime-libraries', 'builder', 'assets', 'runtime']);
  });

  test('the summary lists the assets, and the workspace summary names each image', () => {
    const { out } = plan(['--asset', 'static:/app/static'], withAssets());
    expect(out).toContain('  Assets:   static -> /app/static (directory, owned by root, read-only)\n');
    expect(out).toContain('  Stages:   FROM rust:1.95-bookworm AS runtime-libraries\n            FROM rust:1.95-bookworm AS builder\n            FROM rust:1.95-bookworm AS assets\n            FROM debian:bookworm-slim AS runtime\n');
    const ws = writeFiles(lockedFixture('virtual-globs'), { 'static/index.html': 'x' });
    const summary = plan(['--workspace', '--include', 'api,tools-cli', '--asset', 'static:/app/static'], ws).out;
    expect(summary).toContain('  Assets:   api: static -> /app/static (directory, owned by root, read-only)\n' +
      '            tools-cli: static -> /app/static (directory, owned by root, read-only)\n');
  });

  test('without ":" or with a bad path: bad usage naming the flag and the option', () => {
    const dir = withAssets();
    const noColon = plan(['--asset', 'static'], dir);
    expect(noColon.code).toBe(2);
    expect(noColon.err).toMatch(/^projen-rust-docker plan: --asset 'static' is not SOURCE:DEST: give the path in the build context, ":", and the absolute path in the image, e\.g\. --asset static:\/app\/static\./);
    const absolute = plan(['--asset', '/etc:/app/etc'], dir);
    expect(absolute.code).toBe(2);
    expect(absolute.err).toMatch(/^projen-rust-docker plan: --asset: option 'assets\[0\]\.source' is "\/etc", which is absolute/);
    const system = plan(['--asset', 'static:/usr/local/bin'], dir);
    expect(system.err).toMatch(/--asset: option 'assets\[0\]\.destination' is "\/usr\/local\/bin", a directory of programs or libraries/);
  });

  test('a missing source is the planning error synthesis gives (exit 1)', () => {
    const { code, report, err } = planJson(['--asset', 'public:/app/public'], withAssets());
    expect(code).toBe(1);
    expect(report.error).toMatch(/^RustDockerImage \(Dockerfile\): option 'assets\[0\]\.source' is "public", which does not exist in the build context/);
    expect(err).toBe(`projen-rust-docker plan: ${report.error}\n`);
  });

  test('the usage text documents the flag', () => {
    expect(usage()).toMatch(/\n {2}--asset SOURCE:DEST +Copy a file or directory of the build context to DEST in the image \(root-owned, read-only\); repeatable\.\n/);
  });
});
