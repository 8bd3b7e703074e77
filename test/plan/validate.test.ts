import type { RustDockerImageOptions } from '../../src';
import { RustDockerError } from '../../src/core/errors';
import { Runtime } from '../../src/plan/runtime';
import { validateOptions } from '../../src/plan/validate';

describe('option validation', () => {
  const bad: [string, RustDockerImageOptions, RegExp][] = [
    ['port out of range', { ports: [8080, 70000] }, /option 'ports\[1\]' is 70000, which is not a port\. Use whole numbers from 1 to 65535/],
    ['port zero', { ports: [0] }, /ports\[0\]/],
    ['fractional port', { ports: [80.5] }, /ports\[0\]/],
    ['empty binary', { binary: '' }, /option 'binary' is empty/],
    ['blank package', { package: '  ' }, /option 'package' is empty/],
    ['newline in env value', { env: { A: 'x\nRUN rm -rf /' } }, /option 'env\.A' contains a line break/],
    ['newline in arg', { args: ['ok', 'a\nb'] }, /option 'args\[1\]' contains a line break/],
    ['newline in label', { labels: { team: 'a\r\nb' } }, /option 'labels\.team' contains a line break/],
    ['bad env key', { env: { 'A B': 'x' } }, /option 'env' has the key "A B", which is not a valid environment variable name\. Environment variable names/],
    ['empty env key', { env: { '': 'x' } }, /option 'env' has an empty key/],
    ['newline in env key', { env: { 'A\nB': 'x' } }, /option 'env' has the key "A\\nB", which contains a line break/],
    ['quote in label key', { labels: { 'a"b': 'x' } }, /option 'labels' has the key "a\\"b", which is not a valid label key\. Label keys/],
    ['non-numeric user', { user: 'app' }, /option 'user' is "app", which is not valid\. Use a numeric "uid" or "uid:gid"/],
    ['rust version not a version', { rustVersion: 'nightly' }, /option 'rustVersion'.*rust-toolchain\.toml/],
    ['builder image with an uppercase repository', { builderImage: 'Rust:1.80' }, /option 'builderImage'/],
    ['builder image with two tags', { builderImage: 'rust:1.80:x' }, /option 'builderImage'/],
    ['builder image with a space', { builderImage: 'rust:1.80 AS x' }, /option 'builderImage'/],
    ['builder image with a newline', { builderImage: 'rust:1.80\nRUN x' }, /option 'builderImage' contains a line break/],
    ['feature with a quote', { features: ["tls'"] }, /option 'features\[0\]'/],
    ['binary with a space', { binary: 'my bin' }, /option 'binary'/],
    ['profile with a slash', { profile: '../x' }, /option 'profile'/],
    ['dockerfile name with a slash', { dockerfileName: '../Dockerfile' }, /option 'dockerfileName'/],
    ['empty cargoDir', { cargoDir: '' }, /option 'cargoDir' is empty/],
  ];

  test.each([
    ['a quote', 'base"x'],
    ['an upper-case repository', 'Registry.example.com/Base:1'],
    ['a line break', 'base:1\nRUN x'],
    ['a space', 'base:1 AS builder'],
    ['nothing', ''],
  ])('Runtime.custom with %s fails at the call, naming the factory and the fix', (_name, image) => {
    expect(() => Runtime.custom(image)).toThrow(/^Runtime\.custom\(.*\): the image is not an image reference\. Give a reference such as/);
  });

  test('Runtime.custom refuses a like that is not a Runtime, naming the option', () => {
    expect(() => Runtime.custom('example.com/base:1', { like: 'alpine' as unknown as Runtime }))
      .toThrow(/^Runtime\.custom\("example\.com\/base:1"\): option 'like' is "alpine", not a Runtime\. Name a built-in runtime/);
  });

  test('Runtime.custom keeps a valid reference and the traits of the runtime it is like', () => {
    const custom = Runtime.custom('registry.example.com:5000/base/static:1.0', { like: Runtime.SCRATCH });
    expect(custom.image).toBe('registry.example.com:5000/base/static:1.0');
    expect(custom.name).toBe('custom (like scratch)');
    expect(custom._traits).toEqual(Runtime.SCRATCH._traits);
  });

  test.each(bad)('%s fails, naming the option', (_name, options, message) => {
    expect(() => validateOptions(options)).toThrow(message);
  });

  function caught(options: RustDockerImageOptions): RustDockerError {
    try {
      validateOptions(options);
    } catch (e) {
      expect(e).toBeInstanceOf(RustDockerError);
      return e as RustDockerError;
    }
    throw new Error('expected a RustDockerError');
  }

  test('an option error carries the option, the problem and the fix, and renders them once', () => {
    const e = caught({ ports: [8080, 70000] });
    expect(e.option).toBe('ports[1]');
    expect(e.problem).toBe('is 70000, which is not a port.');
    expect(e.fix).toBe('Use whole numbers from 1 to 65535.');
    expect([e.file, e.line, e.component]).toEqual([undefined, undefined, undefined]);
    expect(e.message).toBe("option 'ports[1]' is 70000, which is not a port. Use whole numbers from 1 to 65535.");
  });

  test('every check names an option and says how to fix it', () => {
    const cases: RustDockerImageOptions[] = [
      { cargoDir: ' ' }, { user: 'app' }, { env: { A: '' } }, { env: { '1A': 'x' } }, { labels: { 'a b': 'x' } },
      { args: ['a\nb'] }, { features: ['x y'] }, { env: { A: 1 as unknown as string } },
    ];
    for (const options of cases) {
      const e = caught(options);
      expect(e.option).toMatch(/^(cargoDir|user|env(\.A)?|labels|args\[0\]|features\[0\])$/);
      expect(e.problem).toMatch(/\.$/);
      expect(e.fix).toMatch(/\.$/);
      expect(e.message).toBe(`option '${e.option}' ${e.problem} ${e.fix}`);
    }
  });

  test('a map key error names the map, so that a caller can prefix it', () => {
    const e = caught({ env: { 'A B': 'x' } }).within({ optionPrefix: 'binaries.api' });
    expect(e.option).toBe('binaries.api.env');
    expect(e.message).toMatch(/^option 'binaries\.api\.env' has the key "A B"/);
  });

  test('sound options pass', () => {
    expect(() => validateOptions({
      cargoDir: 'rust',
      binary: 'my-bin',
      package: 'my_pkg',
      features: ['tls', 'serde/derive'],
      profile: 'release-lto',
      rustVersion: '1.80.1',
      builderImage: 'registry.example.com:5000/rust:1.80-bookworm',
      user: '10001:10001',
      ports: [1, 65535],
      env: { RUST_LOG: 'info,hyper=warn' },
      args: ['--flag', 'with "quotes"', ''],
      labels: { 'org.example/team': 'x' },
      runtime: Runtime.custom(`example.com/base@sha256:${'0'.repeat(64)}`),
    })).not.toThrow();
    expect(() => validateOptions({ builderImage: 'registry.example.com:5000/team/rust:1.80-Bookworm_LTS' })).not.toThrow();
    expect(() => validateOptions({
      runtime: Runtime.custom(`example.com:443/base:v1@sha256:${'0'.repeat(64)}`),
    })).not.toThrow();
  });
});
