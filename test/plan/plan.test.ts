import { RustDockerError } from '../../src/core/errors';
import { Linking } from '../../src/plan/linking';
import type { BinaryImageOptions } from '../../src/plan/options';
import { planImage } from '../../src/plan/plan';
import { Runtime } from '../../src/plan/runtime';
import { fakePackage, fakeWorkspace } from '../support/fake-workspace';

const svc = fakePackage({ name: 'svc', features: ['metrics', 'tls'] });

function planError(options: BinaryImageOptions, workspace = fakeWorkspace([svc])): RustDockerError {
  try {
    planImage(workspace, options);
  } catch (e) {
    expect(e).toBeInstanceOf(RustDockerError);
    return e as RustDockerError;
  }
  throw new Error('expected a RustDockerError');
}

describe('planning errors are RustDockerErrors', () => {
  test('an unknown feature: the option, the package, the known features and how to fix it', () => {
    const e = planError({ features: ['nope', 'tls'] });
    expect(e.option).toBe('features');
    expect(e.file).toBeUndefined();
    expect(e.problem).toBe("names 'nope', not a feature of package 'svc' (Cargo.toml).");
    expect(e.fix).toBe('Known features: metrics, tls. Use one of those, or declare the feature under [features] in Cargo.toml.');
    expect(e.message).toBe(
      "option 'features' names 'nope', not a feature of package 'svc' (Cargo.toml). " +
      'Known features: metrics, tls. Use one of those, or declare the feature under [features] in Cargo.toml.');
  });

  test('a package without features says so', () => {
    const e = planError({ features: ['x'] }, fakeWorkspace([fakePackage({ name: 'bare' })]));
    expect(e.fix).toMatch(/^Known features: \(none\)\. /);
  });

  test('a missing Cargo.lock is an error about that file', () => {
    const e = planError({}, fakeWorkspace([svc], { lockfile: null }));
    expect(e.file).toBe('/work/ws/Cargo.lock');
    expect(e.option).toBeUndefined();
    expect(e.line).toBeUndefined();
    expect(e.problem).toBe('Cargo.lock not found: the image builds with `cargo build --locked` so that it is reproducible.');
    expect(e.fix).toBe('Run `cargo generate-lockfile` (or any cargo build) in the workspace root and commit Cargo.lock.');
    expect(e.message).toBe(`/work/ws/Cargo.lock: ${e.problem} ${e.fix}`);
  });

  test('path dependencies outside the build context name the root and how to fix it', () => {
    const e = planError({}, fakeWorkspace([svc], { externalPathDependencies: ['../shared'] }));
    expect(e.problem).toBe('path dependencies outside the workspace root (/work/ws): ../shared. Docker cannot copy files from outside the build context.');
    expect(e.fix).toMatch(/^Move them into the workspace/);
    expect(e.message).toBe(`${e.problem} ${e.fix}`);
  });

  test('an undeclared custom profile is an error of the profile option', () => {
    const e = planError({ profile: 'fast' }, fakeWorkspace([svc], { profiles: ['production'] }));
    expect(e.option).toBe('profile');
    expect(e.problem).toBe("is 'fast', but /work/ws/Cargo.toml declares no [profile.fast] (custom profiles there: production).");
    expect(e.fix).toBe('Add [profile.fast] with inherits = "release" to the root Cargo.toml, or use "release" or "dev".');
    expect(e.message).toBe(`option 'profile' ${e.problem} ${e.fix}`);
  });

  test.each([
    ['scratch', Runtime.SCRATCH, /has no C library: the binary would fail with "No such file or directory"\.$/, /^Use linking: Linking\.STATIC_GLIBC/],
    ['alpine', Runtime.ALPINE, /uses musl, not glibc: the binary would fail with "error while loading shared libraries"\.$/, /^Use linking: Linking\.STATIC_MUSL/],
  ])('dynamic glibc on %s is an error of the linking option', (_name, runtime, problem, fix) => {
    const e = planError({ runtime, linking: Linking.DYNAMIC_GLIBC });
    expect(e.option).toBe('linking');
    expect(e.problem).toMatch(/^is DYNAMIC_GLIBC but runtime /);
    expect(e.problem).toMatch(problem);
    expect(e.fix).toMatch(fix);
    expect(e.message).toBe(`option 'linking' ${e.problem} ${e.fix}`);
  });

  test('a caller adds its context without rewriting the error', () => {
    let thrown: unknown;
    try {
      RustDockerError.context({ component: 'RustDockerImage', subject: 'Dockerfile' }, () => planImage(fakeWorkspace([svc]), { ports: [0] }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RustDockerError);
    const e = thrown as RustDockerError;
    expect([e.component, e.subject, e.option]).toEqual(['RustDockerImage', 'Dockerfile', 'ports[0]']);
    expect(e.message).toBe("RustDockerImage (Dockerfile): option 'ports[0]' is 0, which is not a port. Use whole numbers from 1 to 65535.");
  });
});
