import { RustDockerError } from '../../src/core/errors';

/** The RustDockerError `fn` throws; fails the test when it throws nothing or another error. */
export function caught(fn: () => unknown): RustDockerError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RustDockerError);
    return e as RustDockerError;
  }
  throw new Error('expected a RustDockerError');
}
