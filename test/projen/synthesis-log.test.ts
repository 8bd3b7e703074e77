/**
 * Every `npx projen` says what the components generated and the choices they made (projen's
 * log at level INFO, which projen switches off in tests unless asked for, as here).
 */
import { github, LogLevel, Project } from 'projen';
import { Runtime, RustDockerImage, RustWorkspaceImages } from '../../src';
import { loadWorkspace } from '../../src/cargo/workspace';
import { planImage } from '../../src/plan/plan';
import { imageSummary } from '../../src/plan/summary';
import { crateFiles, tempDir, writeTree } from '../support/temp-project';
import { workspaceFiles } from '../workspace/support';

/** What projen's logger printed (to stderr) while `fn` ran. */
function logged(fn: () => void): string {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  // Strip colours.
  // eslint-disable-next-line no-control-regex
  return lines.join('\n').replace(/\u001b\[[0-9;]*m/g, '');
}

function project(files: { [path: string]: string }, gh = false): Project {
  const outdir = tempDir('prd-log-');
  writeTree(outdir, files);
  const p = new Project({ name: 'svc', outdir, logging: { level: LogLevel.INFO } });
  if (gh) {
    new github.GitHub(p, { mergify: false, pullRequestLint: false });
  }
  return p;
}

describe('the synthesis log', () => {
  test('RustDockerImage: the files, the binary and why, the toolchain and where it comes from, runtime, linking, caching', () => {
    const p = project(crateFiles('hello', {}, 'rust-version = "1.82"\n'), true);
    new RustDockerImage(p, { runtime: Runtime.DISTROLESS_CC, ports: [8080] });
    const out = logged(() => p.synth());
    expect(out).toContain('RustDockerImage: generated Dockerfile, .dockerignore\n' +
      '  binary hello of package hello (it is the only binary of package \'hello\')\n' +
      '  Rust 1.82 in rust:1.82-bookworm (rust-version of package \'hello\'); layer dependency caching\n' +
      '  runtime distroless-cc (gcr.io/distroless/cc-debian12:nonroot), dynamic-glibc linking, user 65532, ports 8080');
    expect(out).toMatch(/DockerWorkflow: generated \.github\/workflows\/docker\.yml \(jobs build, push, drift\)/);
  });

  test('RustWorkspaceImages: the bake file too, the shared builder, one line per image', () => {
    const p = project(workspaceFiles(['api', 'worker']));
    new RustWorkspaceImages(p, { workflow: { enabled: false } });
    const out = logged(() => p.synth());
    expect(out).toContain('RustWorkspaceImages: generated Dockerfile, docker-bake.hcl, .dockerignore\n  images api, worker\n  one builder stage compiles them all: Rust ');
    expect(out).toContain('\n  api: binary api of package api, runtime debian-slim (debian:bookworm-slim), dynamic-glibc linking\n');
    expect(out).not.toContain('WorkspaceImagesWorkflow');
  });

  test('nothing is printed when projen\'s logging is off (its default in tests)', () => {
    const outdir = tempDir('prd-log-off-');
    writeTree(outdir, crateFiles('quiet'));
    const p = new Project({ name: 'quiet', outdir });
    new RustDockerImage(p);
    expect(logged(() => p.synth())).toBe('');
  });
});

describe('imageSummary', () => {
  test('native crates and sqlx get their lines', () => {
    const dir = tempDir('prd-log-native-');
    writeTree(dir, {
      ...crateFiles('db'),
      'Cargo.lock': 'version = 4\n\n[[package]]\nname = "db"\nversion = "0.1.0"\ndependencies = [\n "pq-sys",\n "prost-build",\n "sqlx-macros",\n]\n\n' +
        '[[package]]\nname = "pq-sys"\nversion = "0.4.6"\n\n[[package]]\nname = "prost-build"\nversion = "0.13.5"\n\n[[package]]\nname = "sqlx-macros"\nversion = "0.8.2"\n',
      '.sqlx/query-1.json': '{}',
    });
    const lines = imageSummary(planImage(loadWorkspace(dir), {}));
    expect(lines).toContain('builder installs protobuf-compiler libprotobuf-dev: prost-build 0.13.5 (needs protoc and the well-known .proto files)');
    expect(lines).toContain('links C libraries through pq-sys: the builder reads the shared libraries off the binary, the runtime gets them or the build fails there');
    expect(lines.find((l) => l.startsWith('sqlx: sqlx-macros 0.8.2 (db -> sqlx-macros) checks query! macros at compile time'))).toBeDefined();
  });
});
