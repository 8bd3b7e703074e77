/**
 * Adoption of an existing repository, in-process: what is read from the fixtures shaped like
 * real repositories (test/fixtures/adoption), what is decided, and the .projenrc.ts written
 * for it. The real `projen new` on the same fixtures: adoption-new.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { Runtime } from '../../src';
import { dockerfileHints } from '../../src/project/adoption/dockerfile-hints';
import { readRepository } from '../../src/project/adoption/facts';
import type { Adoption } from '../../src/project/adoption/plan';
import { planAdoption, runtimeFor } from '../../src/project/adoption/plan';
import { renderProjenrc } from '../../src/project/adoption/projenrc';
import { ADOPTION_FIXTURES, fixtureCopy } from '../support/adoption-fixtures';

const FIXTURES = ADOPTION_FIXTURES;

function adopt(name: string): Adoption {
  return planAdoption(readRepository(fixtureCopy(name), '.'));
}

function option(adoption: Adoption, name: string) {
  return adoption.options.find((o) => o.name === name);
}

describe('dockerfileHints: what a hand-written Dockerfile says', () => {
  test('cargo-chef: the final stage image and its EXPOSE', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'chef-web-service', 'Dockerfile'), 'utf8');
    expect(dockerfileHints(text)).toEqual({ finalImage: 'debian:bookworm-slim', ports: [3000] });
  });

  test('docker init: a here-document body and ARG-based images are not instructions', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'docker-init', 'Dockerfile'), 'utf8');
    expect(dockerfileHints(text)).toEqual({ finalImage: 'debian:bookworm-slim', ports: [8000] });
    expect(dockerfileHints('FROM x AS build\nRUN <<EOF\nFROM scratch\nEXPOSE 1\nEOF\nEXPOSE 2\n')).toEqual({ finalImage: 'x', ports: [2] });
  });

  test('a final stage built on an earlier stage or a variable is not detected; EXPOSE forms', () => {
    expect(dockerfileHints('FROM rust AS base\nFROM base\nEXPOSE 80/tcp 443 53/udp 80\n')).toEqual({ ports: [80, 443, 53] });
    expect(dockerfileHints('from --platform=$BUILDPLATFORM ${IMG}\nexpose 9000 ${PORT} 70000\n')).toEqual({ ports: [9000] });
    expect(dockerfileHints('FROM a AS b\nEXPOSE 1\nFROM gcr.io/distroless/cc-debian12 \\\n  AS final\n')).toEqual({ finalImage: 'gcr.io/distroless/cc-debian12', ports: [] });
    expect(dockerfileHints('RUN echo <<< word\nFROM alpine:3.20\nEXPOSE 5\n')).toEqual({ finalImage: 'alpine:3.20', ports: [5] });
  });

  test('runtimes from final images', () => {
    expect(runtimeFor('scratch')?.runtime).toBe(Runtime.SCRATCH);
    expect(runtimeFor('gcr.io/distroless/static-debian12:nonroot')?.runtime).toBe(Runtime.DISTROLESS_STATIC);
    expect(runtimeFor('gcr.io/distroless/cc-debian12')?.expression).toBe('Runtime.DISTROLESS_CC');
    expect(runtimeFor('alpine:3.20')?.runtime).toBe(Runtime.ALPINE);
    expect(runtimeFor('docker.io/library/debian:bookworm-slim')?.runtime).toBe(Runtime.DEBIAN_SLIM);
    expect(runtimeFor('ubuntu:24.04')?.runtime).toBe(Runtime.DEBIAN_SLIM);
    expect(runtimeFor('nginx:1.27')).toBeUndefined();
  });
});

describe('planAdoption on repositories shaped like real ones', () => {
  test('chef-web-service: Dockerfile kept and renamed around, MIT kept, choices detected', () => {
    const a = adopt('chef-web-service');
    expect(a.workspace).toBe(false);
    expect(option(a, 'licensed')).toMatchObject({ scope: 'project', value: false });
    expect(option(a, 'ports')).toMatchObject({ scope: 'project', value: [3000] });
    expect(option(a, 'runtime')?.value).toMatchObject({ runtime: Runtime.DEBIAN_SLIM });
    expect(option(a, 'dockerfileName')).toMatchObject({ scope: 'image', value: 'Dockerfile.projen' });
    expect(option(a, 'workflowName')).toMatchObject({ scope: 'workflow', value: 'docker' });
    expect(option(a, 'imageName')).toMatchObject({ scope: 'workflow', value: 'ghcr.io/${{ github.repository }}' });
    expect(option(a, 'binary')).toMatchObject({ value: 'chef-web', hint: true });
    expect(option(a, 'rustVersion')).toMatchObject({ value: '1.95', hint: true });
    expect(a.merged.sort()).toEqual(['.dockerignore', '.gitattributes', '.gitignore']);
    const gitignore = fs.readFileSync(path.join(FIXTURES, 'chef-web-service', '.gitignore'), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(a.statements.find((s) => s.call === 'gitignore.addPatterns')?.args).toEqual(gitignore);
    expect(a.statements).toContainEqual(expect.objectContaining({ call: 'package.addField', args: ['license', 'MIT'] }));
    expect(a.packageJson).toBe(false);
  });

  test('symlinked-dockerfile: the link is noticed, dual license, allow-list .dockerignore carried', () => {
    const a = adopt('symlinked-dockerfile');
    expect(option(a, 'dockerfileName')?.comment).toContain('a symbolic link to docker/Dockerfile.debian');
    expect(a.statements).toContainEqual(expect.objectContaining({ call: 'package.addField', args: ['license', 'MIT OR Apache-2.0'] }));
    const lines = fs.readFileSync(path.join(FIXTURES, 'symlinked-dockerfile', '.dockerignore'), 'utf8').replace(/\n$/, '').split('\n');
    expect(option(a, 'dockerignorePatterns')?.value).toEqual(lines);
    expect(a.notes.join('\n')).toContain('LICENSE-APACHE, LICENSE-MIT stay as they are');
  });

  test('with-package-json: a workspace of two binaries; package.json merged field by field', () => {
    const a = adopt('with-package-json');
    expect(a.workspace).toBe(true);
    expect(a.packageJson).toBe(true);
    const pkg = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'with-package-json', 'package.json'), 'utf8'));
    for (const [name, command] of Object.entries(pkg.scripts)) {
      expect(a.statements).toContainEqual(expect.objectContaining({ call: 'package.setScript', args: [name, command] }));
    }
    const dev = a.statements.find((s) => s.call === 'addDevDeps')!.args;
    expect(dev).toEqual(Object.entries(pkg.devDependencies).map(([n, v]) => `${n}@${v}`));
    expect(a.statements).toContainEqual(expect.objectContaining({ call: 'package.addField', args: ['engines', pkg.engines] }));
    expect(a.statements).toContainEqual(expect.objectContaining({ call: 'package.addField', args: ['private', true] }));
    expect(a.statements.filter((s) => s.call === 'package.addField' && s.args[0] === 'license')).toEqual([
      expect.objectContaining({ args: ['license', 'Apache-2.0'] }),
    ]);
    expect(a.notes.join('\n')).toContain('acme-api (crates/api), acme-worker (crates/worker)');
  });

  test('docker-init: an existing docker.yml keeps its name; the workflow takes a free one', () => {
    const a = adopt('docker-init');
    expect(option(a, 'workflowName')).toMatchObject({ value: 'docker-image' });
    expect(option(a, 'workflowName')?.comment).toContain('.github/workflows/docker.yml stays yours');
    expect(option(a, 'ports')?.value).toEqual([8000]);
    expect(a.statements).toContainEqual(expect.objectContaining({ call: 'package.addField', args: ['license', 'BSD-3-Clause'] }));
  });

  test('a command-line option wins over what adoption detects', () => {
    const dir = fixtureCopy('chef-web-service');
    const a = planAdoption(readRepository(dir, '.'), { ports: [9999], dockerfileName: 'Dockerfile.rust', licensed: true });
    expect(option(a, 'ports')).toBeUndefined();
    expect(option(a, 'dockerfileName')).toBeUndefined();
    expect(option(a, 'licensed')).toBeUndefined();
    expect(a.keepLicense).toBe(false);
  });

  test('a package.json that is not a JSON object stops adoption before anything is written', () => {
    const dir = fixtureCopy('docker-init');
    fs.writeFileSync(path.join(dir, 'package.json'), '[1, 2]');
    expect(() => readRepository(dir, '.')).toThrow(/package\.json.*not a JSON object/s);
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": ');
    expect(() => readRepository(dir, '.')).toThrow(/package\.json/);
  });
});

describe('renderProjenrc', () => {
  test.each(['chef-web-service', 'symlinked-dockerfile', 'with-package-json', 'docker-init'])('%s: valid TypeScript that shows every choice', (name) => {
    const a = adopt(name);
    const text = renderProjenrc({ name, defaultReleaseBranch: 'main' }, a);
    const out = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS } });
    expect(out.diagnostics).toEqual([]);
    expect(text).toContain(`name: "${name}",`);
    for (const o of a.options) {
      expect(text).toContain(`// ${o.comment}`);
      expect(text).toMatch(new RegExp(`^\\s*${o.hint ? '// ' : ''}${o.name}: `, 'm'));
    }
    expect(text).toContain(a.workspace ? 'workspaceImagesOptions: {' : 'imageOptions: {');
    expect(text.trimEnd().endsWith('project.synth();')).toBe(true);
    expect(renderProjenrc({ name, defaultReleaseBranch: 'main' }, adopt(name))).toBe(text);
  });

  test('the JavaScript form requires the module', () => {
    const text = renderProjenrc({ name: 'x', defaultReleaseBranch: 'main' }, adopt('chef-web-service'), 'js');
    expect(text.split('\n')[0]).toBe('const { RustDockerProject, Runtime } = require("projen-rust-docker");');
  });
});
