import type { RustDockerErrorOptions } from '../../src/core/errors';
import { RustDockerError } from '../../src/core/errors';

describe('RustDockerError rendering', () => {
  test.each<[string, RustDockerErrorOptions, string]>([
    ['problem only', { problem: 'it broke.' }, 'it broke.'],
    ['problem and fix', { problem: 'it broke.', fix: 'Mend it.' }, 'it broke. Mend it.'],
    ['a multi-line problem puts the fix on its own line', { problem: 'it broke:\n1> x', fix: 'Mend it.' }, 'it broke:\n1> x\nMend it.'],
    ['file', { file: '/w/Cargo.toml', problem: 'bad.' }, '/w/Cargo.toml: bad.'],
    ['file and line', { file: '/w/Cargo.toml', line: 3, problem: 'bad.' }, '/w/Cargo.toml:3: bad.'],
    ['file, line and column', { file: '/w/Cargo.toml', line: 3, column: 7, problem: 'bad.', fix: 'Do this.' }, '/w/Cargo.toml:3:7: bad. Do this.'],
    ['a column without a line is not rendered', { file: 'f', column: 7, problem: 'bad.' }, 'f: bad.'],
    ['a line without a file is not rendered', { line: 3, problem: 'bad.' }, 'bad.'],
    ['option', { option: 'user', problem: 'is "app", which is not valid.', fix: 'Use a uid.' }, 'option \'user\' is "app", which is not valid. Use a uid.'],
    ['component', { component: 'RustDockerImage', problem: 'bad.' }, 'RustDockerImage: bad.'],
    ['component and subject', { component: 'RustDockerImage', subject: 'Dockerfile', problem: 'bad.' }, 'RustDockerImage (Dockerfile): bad.'],
    ['a subject without a component is not rendered', { subject: 'Dockerfile', problem: 'bad.' }, 'bad.'],
    [
      'everything, in order',
      { component: 'C', subject: 'S', file: 'f', line: 1, column: 2, option: 'o', problem: 'p.', fix: 'F.' },
      "C (S): f:1:2: option 'o' p. F.",
    ],
  ])('%s', (_name, options, message) => {
    const e = new RustDockerError(options);
    expect(e.message).toBe(message);
    expect(e.name).toBe('RustDockerError');
    expect(e).toBeInstanceOf(Error);
    expect(e.problem).toBe(options.problem);
  });

  test('fields returns every field as given', () => {
    const options: RustDockerErrorOptions = {
      problem: 'p.', fix: 'F.', file: 'f', line: 1, column: 2, option: 'o', component: 'C', subject: 'S',
    };
    expect(new RustDockerError(options).fields).toEqual(options);
  });
});

describe('RustDockerError.within', () => {
  const inner = new RustDockerError({ option: 'user', problem: 'is "app", which is not valid.', fix: 'Use a uid.' });

  test('returns a new error with the context, leaving the original untouched', () => {
    const outer = inner.within({ component: 'RustWorkspaceImages', subject: 'docker-bake.hcl', optionPrefix: 'binaries.api' });
    expect(outer).not.toBe(inner);
    expect(outer).toBeInstanceOf(RustDockerError);
    expect(outer.option).toBe('binaries.api.user');
    expect([outer.component, outer.subject]).toEqual(['RustWorkspaceImages', 'docker-bake.hcl']);
    expect(outer.message).toBe('RustWorkspaceImages (docker-bake.hcl): option \'binaries.api.user\' is "app", which is not valid. Use a uid.');
    expect([outer.problem, outer.fix]).toEqual([inner.problem, inner.fix]);

    expect(inner.option).toBe('user');
    expect(inner.component).toBeUndefined();
    expect(inner.subject).toBeUndefined();
    expect(inner.message).toBe('option \'user\' is "app", which is not valid. Use a uid.');
  });

  test('prefixes nest from the inside out', () => {
    const e = inner.within({ optionPrefix: 'api' }).within({ optionPrefix: 'binaries' });
    expect(e.option).toBe('binaries.api.user');
  });

  test('a prefix is not invented for an error without an option', () => {
    const e = new RustDockerError({ file: 'f', problem: 'bad.' }).within({ optionPrefix: 'binaries.api' });
    expect(e.option).toBeUndefined();
    expect(e.message).toBe('f: bad.');
  });

  test('keeps the innermost component and its subject', () => {
    const raised = new RustDockerError({ component: 'DockerWorkflow', subject: 'Dockerfile', problem: 'bad.' });
    const e = raised.within({ component: 'RustDockerImage', subject: 'Dockerfile.api' });
    expect([e.component, e.subject]).toEqual(['DockerWorkflow', 'Dockerfile']);
    expect(e.message).toBe('DockerWorkflow (Dockerfile): bad.');
  });

  test('an inner component without a subject does not take the caller\'s subject', () => {
    const e = new RustDockerError({ component: 'Registry.custom(\'x\')', problem: 'bad.' }).within({ component: 'RustDockerImage', subject: 'Dockerfile' });
    expect([e.component, e.subject]).toEqual(['Registry.custom(\'x\')', undefined]);
  });

  test('a subject set without a component is kept', () => {
    const e = new RustDockerError({ subject: 'Dockerfile.x', problem: 'bad.' }).within({ component: 'RustDockerImage', subject: 'Dockerfile' });
    expect([e.component, e.subject]).toEqual(['RustDockerImage', 'Dockerfile.x']);
  });

  test('keeps the file position', () => {
    const e = new RustDockerError({ file: 'f', line: 2, column: 3, problem: 'bad.' }).within({ component: 'C' });
    expect([e.file, e.line, e.column]).toEqual(['f', 2, 3]);
    expect(e.message).toBe('C: f:2:3: bad.');
  });

  test('the stack trace shows the new message', () => {
    const e = inner.within({ component: 'C' });
    expect(e.stack).toContain("C: option 'user'");
  });
});

describe('RustDockerError.context and is', () => {
  test('returns the value of the function', () => {
    expect(RustDockerError.context({ component: 'C' }, () => 42)).toBe(42);
  });

  test('adds the context to an error of the library', () => {
    const original = new RustDockerError({ option: 'ports[0]', problem: 'is 0.' });
    let thrown: unknown;
    try {
      RustDockerError.context({ component: 'C', optionPrefix: 'binaries.api' }, () => {
        throw original;
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RustDockerError);
    expect(thrown).not.toBe(original);
    expect((thrown as RustDockerError).message).toBe("C: option 'binaries.api.ports[0]' is 0.");
    expect(original.message).toBe("option 'ports[0]' is 0.");
  });

  test('passes other errors through unchanged, as the same object', () => {
    const plain = new TypeError('not ours');
    let thrown: unknown;
    try {
      RustDockerError.context({ component: 'C', optionPrefix: 'x' }, () => {
        throw plain;
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(plain);
    expect(plain.message).toBe('not ours');

    const value = { not: 'an error' };
    expect(() => RustDockerError.context({ component: 'C' }, () => {
      throw value;
    })).toThrow(expect.objectContaining({ not: 'an error' }));
  });

  test('is recognises the class, and a copy of it from another module instance, but not look-alikes', () => {
    expect(RustDockerError.is(new RustDockerError({ problem: 'p.' }))).toBe(true);
    const copy = Object.assign(new Error('x'), { name: 'RustDockerError', problem: 'p.' });
    expect(RustDockerError.is(copy)).toBe(true);
    expect(RustDockerError.is(Object.assign(new Error('x'), { name: 'RustDockerError' }))).toBe(false);
    expect(RustDockerError.is(new Error('RustDockerError'))).toBe(false);
    expect(RustDockerError.is({ name: 'RustDockerError', problem: 'p.' })).toBe(false);
    expect(RustDockerError.is(undefined)).toBe(false);
  });
});
