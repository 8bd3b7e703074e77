import { Linking } from '../../src/plan/linking';
import { DEFAULT_RUST_VERSION, resolveToolchain } from '../../src/plan/toolchain';
import { fakePackage } from '../support/fake-workspace';

const none = { file: null, channel: null, components: [], targets: [] };
const file = (channel: string) => ({ file: 'rust-toolchain.toml', channel, components: ['clippy'], targets: ['wasm32-unknown-unknown'] });
const pkg = fakePackage({ name: 'svc', rustVersion: '1.74' });
const glibc = { linking: Linking.DYNAMIC_GLIBC };

describe('toolchain resolution', () => {
  test('option > toolchain file > rust-version > default', () => {
    expect(resolveToolchain(file('1.81.0'), pkg, { ...glibc, rustVersion: '1.79' })).toMatchObject({ rustVersion: '1.79', source: 'option', builderImage: 'rust:1.79-bookworm' });
    expect(resolveToolchain(file('1.81.0'), pkg, glibc)).toMatchObject({ rustVersion: '1.81.0', source: 'toolchain file', builderImage: 'rust:1.81.0-bookworm', installChannel: null });
    expect(resolveToolchain(none, pkg, glibc)).toMatchObject({ rustVersion: '1.74', source: 'rust-version', builderImage: 'rust:1.74-bookworm' });
    expect(resolveToolchain(none, fakePackage({ name: 'x' }), glibc)).toMatchObject({ rustVersion: DEFAULT_RUST_VERSION, source: 'default', builderImage: `rust:${DEFAULT_RUST_VERSION}-bookworm` });
  });

  test('musl builds use the alpine flavour of the same version', () => {
    expect(resolveToolchain(none, pkg, { linking: Linking.STATIC_MUSL }).builderImage).toBe('rust:1.74-alpine');
  });

  test('builderImage overrides the derived image but not the version', () => {
    expect(resolveToolchain(none, pkg, { ...glibc, builderImage: 'example.com/rust:pinned' })).toMatchObject({ rustVersion: '1.74', builderImage: 'example.com/rust:pinned' });
  });

  test('stable maps to the rust:1 image', () => {
    expect(resolveToolchain(file('stable'), pkg, glibc)).toMatchObject({ rustVersion: '1', builderImage: 'rust:1-bookworm', installChannel: null });
  });

  test('a nightly channel builds on the default image and installs the channel (no crash)', () => {
    const t = resolveToolchain(file('nightly-2024-05-01'), pkg, glibc);
    expect(t).toMatchObject({ rustVersion: 'nightly-2024-05-01', builderImage: `rust:${DEFAULT_RUST_VERSION}-bookworm`, installChannel: 'nightly-2024-05-01' });
    expect(t.explanation).toContain('installs it with rustup');
  });
});
