import type { RustDockerImageOptions } from '../../src';
import type { RustDockerError } from '../../src/core/errors';
import { validateOptions } from '../../src/plan/validate';
import { caught as caughtError } from '../support/errors';

/** Options as untyped JavaScript configuration may give them. */
function untyped(options: { [key: string]: unknown }): RustDockerImageOptions {
  return options as RustDockerImageOptions;
}

function caught(options: RustDockerImageOptions): RustDockerError {
  return caughtError(() => validateOptions(options));
}

const FIX = 'Use a signal name such as "SIGINT", "SIGQUIT" or "SIGRTMIN+3" (with "SIG", in capitals), or a number from 1 to 64; leave stopSignal out for Docker\'s SIGTERM.';

describe('stopSignal', () => {
  test.each(['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGUSR1', 'SIGWINCH', 'SIGKILL', 'SIGRTMIN', 'SIGRTMIN+15', 'SIGRTMAX-14', 'SIGRTMAX', '1', '15', '64'])(
    '%s is a signal', (signal) => {
      expect(() => validateOptions({ stopSignal: signal })).not.toThrow();
    });

  test.each([
    ['sigint', 'is "sigint", not a signal name as the kernel spells it.', 'Write it as "SIGINT".'],
    ['INT', 'is "INT", not a signal name as the kernel spells it.', 'Write it as "SIGINT".'],
    [' SIGTERM', 'is " SIGTERM", not a signal name as the kernel spells it.', 'Write it as "SIGTERM".'],
    ['SIGFOO', 'is "SIGFOO", which is not a Linux signal: Docker would refuse the Dockerfile ("invalid signal").', FIX],
    ['SIGRTMIN+16', 'is "SIGRTMIN+16", which is not a Linux signal: Docker would refuse the Dockerfile ("invalid signal").', FIX],
    ['0', 'is "0", which is not a Linux signal number (1 to 64, without leading zeros).', FIX],
    ['015', 'is "015", which is not a Linux signal number (1 to 64, without leading zeros).', FIX],
    ['65', 'is "65", which is not a Linux signal number (1 to 64).', FIX],
    ['-9', 'is "-9", which is not a signal name or number.', FIX],
    ['SIGTERM #', 'is "SIGTERM #", which is not a signal name or number.', FIX],
    ['$SIGNAL', 'is "$SIGNAL", which is not a signal name or number.', FIX],
    ['', 'is empty.', FIX],
    ['SIGINT\nRUN PWNED', 'contains a line break ("SIGINT\\nRUN PWNED"), which would break out of its Dockerfile line.', FIX],
  ])('%j is refused, naming the option, the problem and the fix', (signal, problem, fix) => {
    const e = caught({ stopSignal: signal });
    expect(e.option).toBe('stopSignal');
    expect(e.problem).toBe(problem);
    expect(e.fix).toBe(fix);
    expect(e.message).toBe(`option 'stopSignal' ${problem} ${fix}`);
  });

  test('a number instead of a string says how to write it', () => {
    const e = caught(untyped({ stopSignal: 15 }));
    expect(e.message).toBe(`option 'stopSignal' is the number 15, not a string. Write it as a string, "15". ${FIX}`);
  });
});

describe('init', () => {
  test('true and false are valid', () => {
    expect(() => validateOptions({ init: true })).not.toThrow();
    expect(() => validateOptions({ init: false })).not.toThrow();
  });

  test.each([['yes'], [1], [null]])('%j is refused as not a boolean', (value) => {
    const e = caught(untyped({ init: value }));
    expect(e.option).toBe('init');
    expect(e.problem).toMatch(/, not a boolean\.$/);
    expect(e.fix).toMatch(/^Use true or false/);
  });
});
