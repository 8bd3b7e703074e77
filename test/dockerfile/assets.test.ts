/**
 * Assets in the generated files: the assets stage (modes set with a shell on the builder
 * image), the final stage's root-owned COPYs between the system setup and the binary, the
 * workspace's one shared stage, and the `.dockerignore` lines that keep every source.
 */
import * as fs from 'fs';
import ignore from '@balena/dockerignore';
import type { AssetOptions, RustDockerImageOptions } from '../../src';
import { Runtime } from '../../src';
import { loadWorkspace } from '../../src/cargo/workspace';
import { assetsStageName } from '../../src/dockerfile/assets';
import { renderImageDockerfile } from '../../src/dockerfile/dockerfile';
import { renderDockerignore } from '../../src/dockerfile/dockerignore';
import { planImage } from '../../src/plan/plan';
import { renderWorkspaceDockerfile } from '../../src/workspace/dockerfile';
import { planWorkspaceImages } from '../../src/workspace/plan';
import { lintDockerfile, stageLines } from '../support/dockerfile-lint';
import { crateFiles, tempDir, writeTree } from '../support/temp-project';
import { workspaceFiles } from '../workspace/support';

const asset = (source: string, destination: string): AssetOptions => ({ source, destination });

const ASSET_FILES = {
  'configuration/base.yaml': 'port: 8080\n',
  'configuration/env/prod.yaml': 'log: info\n',
  'static/index.html': '<h1>hi</h1>\n',
  'static/img/logo.svg': '<svg/>\n',
  'données/a b.toml': 'x = 1\n',
};

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function crate(): string {
  const dir = tempDir('prd-assets-df-');
  temps.push(dir);
  writeTree(dir, { ...crateFiles('svc'), ...ASSET_FILES });
  return dir;
}

const TWO = [asset('configuration', '/app/configuration'), asset('static/index.html', '/app/static/index.html')];

function render(options: RustDockerImageOptions): string {
  return renderImageDockerfile(planImage(loadWorkspace(crate()), { syntaxDirective: false, ...options }));
}

describe('single image', () => {
  test('the assets stage copies each source from the context and sets directories 0755, files 0644', () => {
    expect(stageLines(render({ assets: TWO }), 'assets')).toEqual([
      'FROM rust:1.95-bookworm AS assets',
      'COPY ["configuration", "/assets/configuration"]',
      'COPY ["static/index.html", "/assets/static/index.html"]',
      'RUN find /assets -type d -exec chmod 0755 {} + && find /assets -type f -exec chmod 0644 {} +',
    ]);
  });

  test('the final stage copies them owned by root, in the option\'s order, after the system setup and before the binary', () => {
    const runtime = stageLines(render({ assets: TWO }), 'runtime');
    const setup = runtime.findIndex((l) => l.startsWith('RUN --mount=type=bind,from=builder,source=/runtime-packages/svc,target=/tmp/runtime-packages apt-get update'));
    const copies = runtime.filter((l) => l.startsWith('COPY --from=assets'));
    expect(copies).toEqual([
      'COPY --from=assets --chown=0:0 ["/assets/configuration", "/app/configuration"]',
      'COPY --from=assets --chown=0:0 ["/assets/static/index.html", "/app/static/index.html"]',
    ]);
    const first = runtime.indexOf(copies[0]);
    expect(setup).toBeGreaterThan(0);
    expect(first).toBe(setup + 1);
    expect(runtime[first + 2]).toBe('COPY --from=builder /usr/local/bin/svc /usr/local/bin/svc');
  });

  test('the builder stage, and so the dependency layer, is the same with and without assets', () => {
    expect(stageLines(render({ assets: TWO }), 'builder')).toEqual(stageLines(render({}), 'builder'));
  });

  test('without assets there is no assets stage and no asset COPY', () => {
    const text = render({});
    expect(text).not.toMatch(/AS assets|--from=assets|\/assets\//);
    expect(render({ assets: [] })).toBe(text);
  });

  test('paths with spaces and non-ASCII letters are written in COPY\'s JSON form', () => {
    const text = render({ assets: [asset('données/a b.toml', '/etc/my app/a b.toml')] });
    expect(text).toContain('COPY ["données/a b.toml", "/assets/données/a b.toml"]\n');
    expect(text).toContain('COPY --from=assets --chown=0:0 ["/assets/données/a b.toml", "/etc/my app/a b.toml"]\n');
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('the same source copied to two places is staged once', () => {
    const text = render({ assets: [asset('static', '/app/static'), asset('static', '/srv/www')] });
    expect(text.match(/^COPY \["static", "\/assets\/static"\]$/gm)).toHaveLength(1);
    expect(text.match(/^COPY --from=assets --chown=0:0 \["\/assets\/static", /gm)).toHaveLength(2);
  });

  test.each([
    ['debian-slim', Runtime.DEBIAN_SLIM],
    ['distroless cc', Runtime.DISTROLESS_CC],
    ['distroless static', Runtime.DISTROLESS_STATIC],
    ['scratch', Runtime.SCRATCH],
    ['alpine', Runtime.ALPINE],
  ])('%s: the assets stage uses the builder image, the file lints clean, renders the same twice', (_name, runtime) => {
    const dir = crate();
    const plan = () => planImage(loadWorkspace(dir), { runtime, assets: TWO });
    const text = renderImageDockerfile(plan());
    expect(lintDockerfile(text)).toEqual([]);
    expect(renderImageDockerfile(plan())).toBe(text);
    const builder = /^FROM (\S+) AS builder$/m.exec(text)![1];
    expect(stageLines(text, 'assets')[0]).toBe(`FROM ${builder} AS assets`);
    const runtimeStage = stageLines(text, 'runtime');
    const binary = runtimeStage.findIndex((l) => l.startsWith('COPY --from=builder /usr/local/bin/'));
    expect(runtimeStage.slice(binary - 2, binary).every((l) => l.startsWith('COPY --from=assets --chown=0:0 '))).toBe(true);
    // Stage order: builder, assets, runtime (each FROM once).
    expect([...text.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1])).toEqual(['runtime-libraries', 'builder', 'assets', 'runtime']);
  });
});

describe('workspace images', () => {
  function workspace(): string {
    const dir = tempDir('prd-assets-ws-');
    temps.push(dir);
    writeTree(dir, workspaceFiles(['api', 'worker', { name: 'tools', bins: ['assets'] }], ASSET_FILES));
    return dir;
  }

  test('one assets stage holds every image\'s sources once; each image copies its own', () => {
    const text = renderWorkspaceDockerfile(planWorkspaceImages(loadWorkspace(workspace()), {
      exclude: ['assets'],
      assets: [asset('configuration', '/app/configuration')],
      binaries: { api: { assets: [asset('configuration', '/app/configuration'), asset('static', '/app/static')] } },
    }));
    expect(lintDockerfile(text)).toEqual([]);
    expect(stageLines(text, 'assets').slice(1)).toEqual([
      'COPY ["configuration", "/assets/configuration"]',
      'COPY ["static", "/assets/static"]',
      'RUN find /assets -type d -exec chmod 0755 {} + && find /assets -type f -exec chmod 0644 {} +',
    ]);
    const copies = (stage: string) => stageLines(text, stage).filter((l) => l.includes('--from=assets'));
    expect(copies('api')).toEqual([
      'COPY --from=assets --chown=0:0 ["/assets/configuration", "/app/configuration"]',
      'COPY --from=assets --chown=0:0 ["/assets/static", "/app/static"]',
    ]);
    expect(copies('worker')).toEqual(['COPY --from=assets --chown=0:0 ["/assets/configuration", "/app/configuration"]']);
    expect(copies('tools')).toEqual(copies('worker'));
  });

  test('a binary named "assets" keeps its target name; the assets stage takes another', () => {
    const text = renderWorkspaceDockerfile(planWorkspaceImages(loadWorkspace(workspace()), { assets: [asset('static', '/app/static')] }));
    const stages = [...text.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]);
    expect(stages).toContain('assets');
    expect(stages).toContain('image-assets');
    expect(stageLines(text, 'assets').filter((l) => l.startsWith('COPY'))).toEqual([
      'COPY --from=image-assets --chown=0:0 ["/assets/static", "/app/static"]',
      'COPY --from=builder /usr/local/bin/assets /usr/local/bin/assets',
    ]);
    expect(stageLines(text, 'image-assets')[1]).toBe('COPY ["static", "/assets/static"]');
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('no image with assets: no assets stage', () => {
    const text = renderWorkspaceDockerfile(planWorkspaceImages(loadWorkspace(workspace()), { exclude: ['assets'], binaries: { api: { assets: [] } } }));
    expect(text).not.toMatch(/\/assets\/|--from=\S*assets|AS \S*assets/);
  });

  test('stage names never collide', () => {
    expect(assetsStageName(['api'])).toBe('assets');
    expect(assetsStageName(['assets', 'image-assets', 'runtime-assets', 'assets-2'])).toBe('assets-3');
  });
});

describe('.dockerignore keeps every asset source', () => {
  function kept(patterns: string[], assets: string[], files: string[]): string[] {
    const dir = crate();
    const text = renderDockerignore(loadWorkspace(dir), ['Dockerfile'], patterns, assets);
    return ignore({ ignorecase: false }).add(text).filter(files).sort();
  }
  const FILES = ['Cargo.toml', 'Cargo.lock', 'src/main.rs', 'README.md', ...Object.keys(ASSET_FILES)];

  test('the sources are re-included last, in their own block, after the user\'s patterns', () => {
    const dir = crate();
    const text = renderDockerignore(loadWorkspace(dir), ['Dockerfile'], ['*', '!src'], ['static/index.html', 'configuration', 'src']);
    expect(text.endsWith([
      '# Always kept: the build needs these',
      '!/Cargo.lock',
      '!/Cargo.toml',
      '!/src',
      '',
      '# Always kept: the images copy these (assets)',
      '!/configuration',
      '!/static/index.html',
      '',
    ].join('\n'))).toBe(true);
  });

  test('an allow-list or a pattern naming them cannot drop the assets', () => {
    const assets = ['configuration', 'static/index.html', 'données/a b.toml'];
    expect(kept(['*', '!src', '!Cargo.toml'], assets, FILES)).toEqual(
      ['Cargo.lock', 'Cargo.toml', 'configuration/base.yaml', 'configuration/env/prod.yaml', 'données/a b.toml', 'src/main.rs', 'static/index.html'].sort());
    expect(kept(['configuration/', 'static/', '**/*.yaml', '*.html', 'données'], assets, FILES)).toEqual(
      expect.arrayContaining(['configuration/base.yaml', 'configuration/env/prod.yaml', 'static/index.html', 'données/a b.toml']));
    // What is not an asset still follows the user's patterns.
    expect(kept(['static/'], ['static/index.html'], FILES)).not.toContain('static/img/logo.svg');
  });

  test('without assets the file is as before', () => {
    const dir = crate();
    expect(renderDockerignore(loadWorkspace(dir), ['Dockerfile'], [], [])).toBe(renderDockerignore(loadWorkspace(dir), ['Dockerfile']));
    expect(renderDockerignore(loadWorkspace(dir), ['Dockerfile'], [], [])).not.toContain('assets');
  });
});
