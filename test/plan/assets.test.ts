import * as fs from 'fs';
import * as path from 'path';
import type { AssetOptions } from '../../src';
import { assetSources, planAssets } from '../../src/plan/assets';
import { planImage } from '../../src/plan/plan';
import { validateOptions } from '../../src/plan/validate';
import { planWorkspaceImages } from '../../src/workspace/plan';
import { validateWorkspaceOptions } from '../../src/workspace/validate';
import { caught } from '../support/errors';
import { bin, fakePackage, fakeWorkspace } from '../support/fake-workspace';
import { tempDir, writeTree } from '../support/temp-project';

const asset = (source: string, destination: string): AssetOptions => ({ source, destination });

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** The error validating `assets` gives: its option, and the message. */
function refused(assets: unknown): { option?: string; message: string } {
  const e = caught(() => validateOptions({ assets: assets as AssetOptions[] }));
  return { option: e.option, message: e.message };
}

describe('assets: validation of the option on its own', () => {
  test('ordinary assets pass: directories, files, nested destinations, unicode and spaces', () => {
    expect(() => validateOptions({
      assets: [
        asset('configuration', '/app/configuration'),
        asset('static/index.html', '/app/static/index.html'),
        asset('static/img', '/app/static/img'),
        asset('.well-known', '/srv/.well-known'),
        asset('migrations', '/usr/share/my-service/migrations'),
        asset('données/a b.toml', '/etc/my-service/a b.toml'),
        asset('certs/extra.pem', '/etc/ssl/certs/extra.pem'),
      ],
    })).not.toThrow();
    expect(() => validateOptions({ assets: [] })).not.toThrow();
  });

  test.each([
    ['not a list', 'static', 'assets', /is the string "static", not a list\. Give an array/],
    ['an entry that is not an object', ['static'], 'assets[0]', /is the string "static", not an object\./],
    ['a missing source', [{ destination: '/app/x' }], 'assets[0].source', /is undefined, not a string\./],
    ['a number destination', [{ source: 'x', destination: 8080 }], 'assets[0].destination', /is the number 8080, not a string\./],
    ['an empty source', [asset('', '/app/x')], 'assets[0].source', /is empty\./],
    ['an absolute source', [asset('/etc/passwd', '/app/passwd')], 'assets[0].source', /is "\/etc\/passwd", which is absolute: an asset is copied from the build context/],
    ['a source leaving the context', [asset('../secrets', '/app/secrets')], 'assets[0].source', /is "\.\.\/secrets", which leaves the build context \("\.\."\)/],
    ['a source climbing inside a path', [asset('static/../../x', '/app/x')], 'assets[0].source', /leaves the build context/],
    ['the whole context', [asset('.', '/app')], 'assets[0].source', /is "\.", the whole build context/],
    ['a source written with ./', [asset('./static', '/app/static')], 'assets[0].source', /is "\.\/static", which is not written in its plain form: write "static"/],
    ['a source with a trailing slash', [asset('static/', '/app/static')], 'assets[0].source', /write "static" \(no/],
    ['a source with //', [asset('static//img', '/app/img')], 'assets[0].source', /write "static\/img"/],
    ['a glob', [asset('static/*.html', '/app/static')], 'assets[0].source', /a pattern character \(\*, \? or \[ \]\), which COPY and \.dockerignore would match/],
    ['a variable', [asset('$HOME/x', '/app/x')], 'assets[0].source', /a "\$", which COPY would expand as a variable/],
    ['a line break', [asset('x\nRUN PWNED', '/app/x')], 'assets[0].source', /contains a line break or control character/],
    ['a NUL', [asset('x\u0000y', '/app/x')], 'assets[0].source', /is "x\\u0000y", which contains a line break or control character/],
    ['a backslash', [asset('static\\img', '/app/img')], 'assets[0].source', /contains a backslash/],
    ['a quote', [asset('a"b', '/app/x')], 'assets[0].source', /a character other than letters, digits, spaces/],
    ['a colon', [asset('a:b', '/app/x')], 'assets[0].source', /quotes and ":" included/],
    ['a leading space', [asset(' static', '/app/static')], 'assets[0].source', /a space at the start or end of a name/],
    ['a relative destination', [asset('static', 'app/static')], 'assets[0].destination', /is "app\/static", which is relative/],
    ['the root directory', [asset('static', '/')], 'assets[0].destination', /is "\/", the root directory/],
    ['a destination with ..', [asset('static', '/app/../etc')], 'assets[0].destination', /contains "\.\."/],
    ['a destination with a trailing slash', [asset('static', '/app/static/')], 'assets[0].destination', /write "\/app\/static"/],
    ['a destination with a variable', [asset('static', '/app/$X')], 'assets[0].destination', /COPY would expand as a variable/],
    ['/etc/passwd', [asset('passwd', '/etc/passwd')], 'assets[0].destination', /is "\/etc\/passwd", a file the image itself needs: the COPY could replace it/],
    ['/etc, above /etc/passwd', [asset('etc', '/etc')], 'assets[0].destination', /is "\/etc", a directory that holds \/etc\/passwd/],
    ['the CA bundle', [asset('ca.crt', '/etc/ssl/certs/ca-certificates.crt')], 'assets[0].destination', /a file the image itself needs/],
    ['/etc/ssl, above the CA bundle', [asset('ssl', '/etc/ssl')], 'assets[0].destination', /a directory that holds \/etc\/ssl\/certs\/ca-certificates\.crt/],
    ['the binary\'s directory', [asset('bin', '/usr/local/bin')], 'assets[0].destination', /is "\/usr\/local\/bin", a directory of programs or libraries \(the image's binary is \/usr\/local\/bin\/<binary>\)/],
    ['a file beside the binary', [asset('api', '/usr/local/bin/api')], 'assets[0].destination', /inside \/usr\/local\/bin, a directory of programs or libraries \(the image's binary/],
    ['/usr/local, above the binary', [asset('local', '/usr/local')], 'assets[0].destination', /a directory that holds \/usr\/local\/bin, a directory of programs or libraries \(the image's binary/],
    ['/usr', [asset('usr', '/usr')], 'assets[0].destination', /a directory that holds \/usr\/bin/],
    ['/lib', [asset('lib', '/lib/x86_64-linux-gnu/libc.so.6')], 'assets[0].destination', /inside \/lib, a directory of programs or libraries/],
    ['/proc', [asset('x', '/proc/x')], 'assets[0].destination', /inside \/proc, which the container engine mounts over/],
    ['/etc/resolv.conf', [asset('resolv.conf', '/etc/resolv.conf')], 'assets[0].destination', /is "\/etc\/resolv\.conf", which the container engine mounts over/],
    ['a repeated destination', [asset('a', '/app/x'), asset('b', '/app/x')], 'assets[1].destination', /is "\/app\/x", the destination of assets\[0\] too/],
  ])('%s is refused, naming the option', (_name, assets, option, message) => {
    const e = refused(assets);
    expect(e.option).toBe(option);
    expect(e.message).toMatch(message);
  });

  test('every refusal says how to fix it', () => {
    expect(refused([asset('/x', '/app/x')]).message).toMatch(/Give a file or directory of the build context \(the Cargo workspace root\) as a relative path/);
    expect(refused([asset('x', '/etc')]).message).toMatch(/Give the absolute path the asset gets in the image, in a directory of its own, e\.g\. "\/app\/static"/);
  });

  test('per binary of workspace images: the error names binaries.<name>.assets', () => {
    const e = caught(() => validateWorkspaceOptions({ binaries: { api: { assets: [asset('static', 'static')] } } }));
    expect(e.option).toBe('binaries.api.assets[0].destination');
  });
});

describe('assets: planning reads the build context', () => {
  const service = fakePackage({ name: 'svc' });

  function context(files: { [file: string]: string }): string {
    const root = tempDir('prd-assets-');
    temps.push(root);
    writeTree(root, files);
    return root;
  }

  test('files and directories are planned in the option\'s order, with their kind', () => {
    const root = context({ 'configuration/base.yaml': 'a', 'static/index.html': '<h1>' });
    const plan = planImage(fakeWorkspace([service], { root }), {
      assets: [asset('static/index.html', '/app/static/index.html'), asset('configuration', '/app/configuration')],
    });
    expect(plan.assets).toEqual([
      { source: 'static/index.html', destination: '/app/static/index.html', kind: 'file' },
      { source: 'configuration', destination: '/app/configuration', kind: 'directory' },
    ]);
    expect(planImage(fakeWorkspace([service], { root }), {}).assets).toEqual([]);
  });

  test('a missing source fails naming the option, the path, the context and the fix', () => {
    const root = context({ 'configuration/base.yaml': 'a' });
    const e = caught(() => planImage(fakeWorkspace([service], { root }), { assets: [asset('configuration', '/app/configuration'), asset('static', '/app/static')] }));
    expect(e.option).toBe('assets[1].source');
    expect(e.message).toBe(`option 'assets[1].source' is "static", which does not exist in the build context (${root}): the Dockerfile's COPY of it would fail. ` +
      'Create it, or correct the path (relative to the Cargo workspace root, the build context): a moved or renamed asset must be changed in the assets option too.');
  });

  test('nothing is cached: a renamed source fails the next planning, a restored one plans again', () => {
    const root = context({ 'static/index.html': 'x' });
    const ws = fakeWorkspace([service], { root });
    const options = { assets: [asset('static', '/app/static')] };
    expect(planImage(ws, options).assets[0].kind).toBe('directory');
    fs.renameSync(path.join(root, 'static'), path.join(root, 'public'));
    expect(caught(() => planImage(ws, options)).message).toMatch(/option 'assets\[0\]\.source' is "static", which does not exist/);
    fs.writeFileSync(path.join(root, 'static'), 'now a file');
    expect(planImage(ws, options).assets[0].kind).toBe('file');
  });

  test('a symbolic link inside the context is followed; one leading outside it is refused', () => {
    const outside = context({ 'secret.txt': 'x' });
    const root = context({ 'config/prod/app.toml': 'x' });
    fs.symlinkSync('config/prod', path.join(root, 'current'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'secret.txt'));
    fs.symlinkSync('.', path.join(root, 'self'));
    expect(planAssets(root, [asset('current', '/app/config')])).toEqual([{ source: 'current', destination: '/app/config', kind: 'directory' }]);
    const e = caught(() => planAssets(root, [asset('secret.txt', '/app/secret.txt')]));
    expect(e.option).toBe('assets[0].source');
    expect(e.message).toMatch(/resolves through a symbolic link to .*secret\.txt, outside the build context .*Docker cannot copy it from there\./);
    expect(caught(() => planAssets(root, [asset('self', '/app/all')])).message).toMatch(/the build context itself/);
  });

  test('a file\'s destination cannot hold another asset', () => {
    const root = context({ 'app.toml': 'x', 'extra/a.toml': 'y' });
    const e = caught(() => planAssets(root, [asset('app.toml', '/app/config'), asset('extra', '/app/config/extra')]));
    expect(e.option).toBe('assets[1].destination');
    expect(e.message).toMatch(/is "\/app\/config\/extra", inside "\/app\/config", where assets\[0\] copies the file "app\.toml": a file cannot hold other files\./);
    // A directory may: later assets are copied on top.
    expect(() => planAssets(root, [asset('extra', '/app/config'), asset('app.toml', '/app/config/app.toml')])).not.toThrow();
  });

  describe('workspace images', () => {
    const api = fakePackage({ name: 'api', dir: 'api', bins: [bin('api', 'api/src/main.rs')] });
    const worker = fakePackage({ name: 'worker', dir: 'worker', bins: [bin('worker', 'worker/src/main.rs')] });

    test('a binary\'s own list replaces the workspace-wide one; [] gives it none', () => {
      const root = context({ 'configuration/a.yaml': 'a', 'templates/t.html': 't' });
      const ws = fakeWorkspace([api, worker], { root });
      const plan = planWorkspaceImages(ws, {
        assets: [asset('configuration', '/app/configuration')],
        binaries: { api: { assets: [asset('configuration', '/app/configuration'), asset('templates', '/app/templates')] }, worker: { assets: [] } },
      });
      expect(plan.images.map((i) => [i.target, i.plan.assets.map((a) => a.source)])).toEqual([['api', ['configuration', 'templates']], ['worker', []]]);
      expect(planWorkspaceImages(ws, { assets: [asset('configuration', '/app/configuration')] }).images.map((i) => i.plan.assets.length)).toEqual([1, 1]);
    });

    test('a missing source names the binary\'s own option, or the workspace-wide one it inherits', () => {
      const root = context({});
      const ws = fakeWorkspace([api, worker], { root });
      expect(caught(() => planWorkspaceImages(ws, { binaries: { worker: { assets: [asset('jobs', '/app/jobs')] } } })).option).toBe('binaries.worker.assets[0].source');
      expect(caught(() => planWorkspaceImages(ws, { assets: [asset('static', '/app/static')] })).option).toBe('assets[0].source');
    });
  });
});

describe('assetSources: what the .dockerignore keeps', () => {
  test('workspace-wide and per-binary sources, sorted, once each', () => {
    expect(assetSources({
      assets: [asset('static', '/app/static'), asset('configuration', '/app/configuration')],
      binaries: { api: { assets: [asset('templates', '/app/t'), asset('static', '/srv/static')] }, worker: {} },
    })).toEqual(['configuration', 'static', 'templates']);
    expect(assetSources({})).toEqual([]);
  });
});
