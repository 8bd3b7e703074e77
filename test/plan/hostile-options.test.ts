import type { RustDockerImageOptions } from '../../src';
import { RustDockerError } from '../../src/core/errors';
import { DependencyCaching } from '../../src/plan/caching';
import { Linking } from '../../src/plan/linking';
import { Runtime } from '../../src/plan/runtime';
import { validateOptions } from '../../src/plan/validate';

/** Options as untyped JavaScript configuration may give them. */
function untyped(options: { [key: string]: unknown }): RustDockerImageOptions {
  return options as RustDockerImageOptions;
}

function caught(options: RustDockerImageOptions): RustDockerError {
  try {
    validateOptions(options);
  } catch (e) {
    expect(RustDockerError.is(e)).toBe(true);
    return e as RustDockerError;
  }
  throw new Error(`expected a RustDockerError for ${JSON.stringify(options)}`);
}

describe('user: root and system accounts', () => {
  test.each([
    ['root', '0', /^is "0", which runs the binary as root: /, /Use an unprivileged id such as "10001".*or set allowSystemUser: true to run as root on purpose\.$/],
    ['uid 0 with a group', '0:10001', /^is "0:10001", which runs the binary as root \(uid 0; gid 10001\)/, /allowSystemUser: true/],
    ['root with root group', '0:0', /^is "0:0", which runs the binary as root: /, /a runtime that does not create the user \(debian-slim does\) with allowSystemUser: true\.$/],
    ['group root', '10001:0', /^is "10001:0", which runs the binary in group 0, root's group: /, /use a runtime that does not create the user \(debian-slim does\) with allowSystemUser: true\.$/],
    ['nobody (a bare uid is also the gid)', '65534', /^is "65534", which gives the binary uid 65534, the user "nobody" of Debian, Alpine and distroless/, /Use an unprivileged id such as "10001" \(1000 and up, except 65533 to 65535\)/],
    ['nogroup', '10001:65534', /^is "10001:65534", which gives the binary gid 65534, the group "nogroup"\/"nobody"/, /10001/],
    ['Alpine nogroup', '10001:65533', /gid 65533, the id of Alpine's group "nogroup"/, /10001/],
    ['16-bit no-id', '65535', /uid 65535, the 16-bit "\(uid_t\) -1"/, /10001/],
    ['Debian www-data', '33', /uid 33, below 1000, the range Debian and Alpine keep for system accounts: it would share/, /10001/],
    ['top of the system range', '999:999', /uid 999, below 1000/, /10001/],
  ])('%s is refused, naming the option, the problem and the fix', (_name, user, problem, fix) => {
    const e = caught({ user });
    expect(e.option).toBe('user');
    expect(e.problem).toMatch(problem);
    expect(e.fix).toMatch(fix);
    expect(e.message).toBe(`option 'user' ${e.problem} ${e.fix}`);
  });

  test('the runtimes\' defaults and ordinary ids stay valid', () => {
    for (const runtime of [Runtime.DEBIAN_SLIM, Runtime.DISTROLESS_CC, Runtime.DISTROLESS_STATIC, Runtime.SCRATCH, Runtime.ALPINE]) {
      expect(() => validateOptions({ runtime, user: runtime._traits.defaultUser })).not.toThrow();
      expect(() => validateOptions({ runtime, user: `${runtime._traits.defaultUser}:${runtime._traits.defaultUser}` })).not.toThrow();
      expect(() => validateOptions({ runtime })).not.toThrow();
    }
    for (const user of ['1000', '10001:10001', '20000:30000', '65532', '65536', '4294967294']) {
      expect(() => validateOptions({ user })).not.toThrow();
    }
  });

  test('the fix suggests the runtime\'s own default user, and allowSystemUser where it can help', () => {
    expect(caught({ runtime: Runtime.DISTROLESS_CC, user: '65534' }).fix).toBe(
      'Use an unprivileged id such as "65532" (1000 and up, except 65533 to 65535), or set allowSystemUser: true to run as that system account on purpose.');
    expect(caught({ runtime: Runtime.SCRATCH, user: '1000680000:0' }).fix).toBe('Use an unprivileged id such as "10001" (1000 and up, except 65533 to 65535), ' +
      'or set allowSystemUser: true to run as group root (e.g. for OpenShift, which runs images with an arbitrary uid in group 0) on purpose.');
  });

  test('leading zeros cannot hide root', () => {
    const e = caught({ user: '00', allowSystemUser: true });
    expect(e.message).toBe('option \'user\' is "00", whose uid 00 has a leading zero. Write the id without leading zeros, e.g. "0".');
    expect(caught({ user: '10001:010001' }).problem).toBe('is "10001:010001", whose gid 010001 has a leading zero.');
  });

  test('an id above the largest is refused even when system users are allowed: (uid_t) -1 means "no id"', () => {
    const e = caught({ user: '4294967295', allowSystemUser: true });
    expect(e.problem).toBe('is "4294967295", whose uid 4294967295 is not an id: the largest is 4294967294 (4294967295 means "no id" to the kernel).');
    expect(e.fix).toMatch(/numeric "uid" or "uid:gid"/);
  });

  test('allowSystemUser lets distroless and scratch run as root or a system account', () => {
    for (const runtime of [Runtime.DISTROLESS_CC, Runtime.DISTROLESS_STATIC, Runtime.SCRATCH, Runtime.custom('example.com/base:1', { like: Runtime.SCRATCH })]) {
      for (const user of ['0', '0:0', '65534', '10001:0', '1000680000:0', '33:33']) {
        expect(() => validateOptions({ runtime, user, allowSystemUser: true })).not.toThrow();
      }
    }
  });

  test('allowSystemUser lets debian-slim and alpine run as root ("0" creates no account)', () => {
    for (const runtime of [Runtime.DEBIAN_SLIM, Runtime.ALPINE]) {
      expect(() => validateOptions({ runtime, user: '0', allowSystemUser: true })).not.toThrow();
    }
  });

  test.each([
    [Runtime.DEBIAN_SLIM, '65534', 'groupadd and useradd'],
    [Runtime.DEBIAN_SLIM, '0:0', 'groupadd and useradd'],
    [Runtime.ALPINE, '10001:0', 'addgroup and adduser'],
    [Runtime.custom('example.com/hardened:1'), '100:100', 'groupadd and useradd'],
  ])('on %s, whose Dockerfile creates the account, allowSystemUser cannot make %s work', (runtime, user, tools) => {
    const e = caught({ runtime, user, allowSystemUser: true });
    expect(e.option).toBe('user');
    expect(e.problem).toContain(`allowSystemUser is true, but the ${runtime.name} runtime's Dockerfile creates the user and group with ${tools}`);
    expect(e.fix).toMatch(/"0" to run as root, or a runtime that does not create the user \(Runtime\.DISTROLESS_CC/);
  });

  test('allowSystemUser must be a boolean', () => {
    const e = caught(untyped({ user: '0', allowSystemUser: 'true' }));
    expect(e.message).toBe('option \'allowSystemUser\' is the string "true", not a boolean. Use true or false without quotes (a non-empty string would count as true).');
  });
});

describe('type errors say the type', () => {
  test('a port given as a string says it is a string and must be a number', () => {
    const e = caught(untyped({ ports: ['8080'] }));
    expect(e.message).toBe('option \'ports[0]\' is the string "8080", not a number. Write the port as a number, without quotes: 8080.');
  });

  test.each([
    ['ports not a list', { ports: 8080 }, 'ports', 'is the number 8080, not a list.', 'Give an array, e.g. [8080].'],
    ['a port that is not a number', { ports: [null] }, 'ports[0]', 'is null, not a number.', 'Use whole numbers from 1 to 65535.'],
    ['an env value that is a number', { env: { PORT: 8080 } }, 'env.PORT', 'is the number 8080, not a string.', 'Write it as a string, "8080".'],
    ['an env value that is a boolean', { env: { DEBUG: true } }, 'env.DEBUG', 'is the boolean true, not a string.', 'Write it as a string, "true".'],
    ['env not an object', { env: ['A=1'] }, 'env', 'is an array, not an object of names to strings.', 'Give an object, e.g. { RUST_LOG: "info" }.'],
    ['env as a string', { env: 'A=1' }, 'env', 'is the string "A=1", not an object of names to strings.', 'Give an object, e.g. { RUST_LOG: "info" }.'],
    ['an arg that is a number', { args: ['--port', 8080] }, 'args[1]', 'is the number 8080, not a string.', 'Write it as a string, "8080".'],
    ['args as a string', { args: '--port 8080' }, 'args', 'is the string "--port 8080", not a list.', 'Give an array, e.g. ["--port", "8080"].'],
    ['a label value that is an object', { labels: { team: { name: 'x' } } }, 'labels.team', 'is an object, not a string.', 'Give a string value.'],
    ['labels as null', { labels: null }, 'labels', 'is null, not an object of names to strings.', 'Give an object, e.g. { "org.example.team": "payments" }.'],
    ['a feature that is a number', { features: [1] }, 'features[0]', 'is the number 1, not a string.', 'Write it as a string, "1". Use feature names as `cargo build --features` takes them, e.g. "tls" or "serde/derive".'],
    ['features as a string', { features: 'tls' }, 'features', 'is the string "tls", not a list.', 'Give an array, e.g. ["tls"].'],
    ['user as a number', { user: 10001 }, 'user', 'is the number 10001, not a string.', 'Write it as a string, "10001". Use a numeric "uid" or "uid:gid" such as "10001" or "10001:10001", so that runAsNonRoot can verify it.'],
    ['rustVersion as a number', { rustVersion: 1.8 }, 'rustVersion', 'is the number 1.8, not a string.', 'Write it as a string, "1.8". Use a Rust version such as "1.80" or "1.80.1"; for nightly toolchains use rust-toolchain.toml.'],
    ['binary as an array', { binary: ['api'] }, 'binary', 'is an array, not a string.', 'Use the name of a [[bin]] target, as `cargo build --bin` takes it.'],
    ['cargoDir as a boolean', { cargoDir: true }, 'cargoDir', 'is the boolean true, not a string.', 'Give the directory of Cargo.toml relative to the project, e.g. "." or "rust".'],
    ['dockerfileName as a number', { dockerfileName: 1 }, 'dockerfileName', 'is the number 1, not a string.', 'Write it as a string, "1". Use a plain file name such as "Dockerfile" or "Dockerfile.api".'],
    ['runtime as a string', { runtime: 'alpine' }, 'runtime', 'is the string "alpine", not a Runtime.',
      'Use Runtime.DEBIAN_SLIM, Runtime.DISTROLESS_CC, Runtime.DISTROLESS_STATIC, Runtime.SCRATCH, Runtime.ALPINE or Runtime.custom("<image>").'],
    ['linking as an unknown string', { linking: 'static' }, 'linking', 'is the string "static", which is not a Linking.', 'Use one of Linking.DYNAMIC_GLIBC, Linking.STATIC_GLIBC, Linking.STATIC_MUSL.'],
    ['caching as a number', { caching: 0 }, 'caching', 'is the number 0, not a DependencyCaching.', 'Use one of DependencyCaching.LAYER, DependencyCaching.CACHE_MOUNT, DependencyCaching.NONE.'],
    ['caCertificates as a string', { caCertificates: 'false' }, 'caCertificates', 'is the string "false", not a boolean.', 'Use true or false without quotes (a non-empty string would count as true).'],
    ['noDefaultFeatures as a number', { noDefaultFeatures: 1 }, 'noDefaultFeatures', 'is the number 1, not a boolean.', 'Use true or false.'],
    ['syntaxDirective as null', { syntaxDirective: null }, 'syntaxDirective', 'is null, not a boolean.', 'Use true or false.'],
  ])('%s', (_name, options, option, problem, fix) => {
    const e = caught(untyped(options));
    expect({ option: e.option, problem: e.problem, fix: e.fix }).toEqual({ option, problem, fix });
  });

  test('enum values and runtimes of the right kind pass', () => {
    expect(() => validateOptions({ linking: Linking.STATIC_MUSL, caching: DependencyCaching.NONE, runtime: Runtime.ALPINE })).not.toThrow();
    // What jsii gives for the string enums from other languages: their values.
    expect(() => validateOptions(untyped({ linking: 'static-glibc', caching: 'cache-mount' }))).not.toThrow();
  });
});

describe('values that cannot go on a generated line', () => {
  test.each([
    ['NUL in an env value', { env: { A: 'a\u0000b' } }, 'env.A', /^contains the control character U\+0000/],
    ['escape in a label value', { labels: { team: 'a\u001b[31m' } }, 'labels.team', /^contains the control character U\+001B/],
    ['next-line in an arg', { args: ['a\u0085b'] }, 'args[0]', /^contains a line break/],
    ['NUL in cargoDir', { cargoDir: 'rust\u0000' }, 'cargoDir', /^contains the control character U\+0000/],
    ['a line separator in an env key', { env: { 'A\u2028B': 'x' } }, 'env', /^has the key "A\u2028B", which contains a line break/],
  ])('%s', (_name, options, option, problem) => {
    const e = caught(options);
    expect(e.option).toBe(option);
    expect(e.problem).toMatch(problem);
    expect(e.fix).toMatch(/\.$/);
  });

  test('a tab stays allowed in values', () => {
    expect(() => validateOptions({ env: { A: 'a\tb' }, args: ['a\tb'], labels: { x: 'a\tb' } })).not.toThrow();
  });
});

describe('dockerfileName', () => {
  test.each([
    ['.', 'is ".", which names a directory (the build context itself), not a file.'],
    ['..', 'is "..", which names a directory (the parent of the build context), not a file.'],
    ['Cargo.toml', 'is "Cargo.toml", which is a Cargo file of the workspace root that the build reads: it would be overwritten.'],
    ['Cargo.lock', 'is "Cargo.lock", which is a Cargo file of the workspace root that the build reads: it would be overwritten.'],
    // Case-insensitive file systems (macOS, Windows): cargo.lock is Cargo.lock.
    ['cargo.lock', 'is "cargo.lock", which is a Cargo file of the workspace root that the build reads: it would be overwritten.'],
    ['build.rs', 'is "build.rs", which is a Cargo file of the workspace root that the build reads: it would be overwritten.'],
    ['rust-toolchain.toml', 'is "rust-toolchain.toml", which is a Cargo file of the workspace root that the build reads: it would be overwritten.'],
    ['.DockerIgnore', 'is ".DockerIgnore", which is the .dockerignore the components generate for the build context.'],
    ['.dockerignore', 'is ".dockerignore", which is the .dockerignore the components generate for the build context.'],
    ['a/Dockerfile', 'is "a/Dockerfile", which is not a plain file name (letters, digits, ".", "_" and "-", no directory).'],
  ])('%j is refused', (name, problem) => {
    const e = caught({ dockerfileName: name });
    expect(e.message).toBe(`option 'dockerfileName' ${problem} Use a plain file name such as "Dockerfile" or "Dockerfile.api".`);
  });

  test('names with dots stay valid', () => {
    for (const name of ['Dockerfile', 'Dockerfile.api', '...', '.Dockerfile', 'api.Dockerfile']) {
      expect(() => validateOptions({ dockerfileName: name })).not.toThrow();
    }
  });
});
