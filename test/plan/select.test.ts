import { RustDockerError } from '../../src/core/errors';
import { selectBinary, trySelectBinary } from '../../src/plan/select';
import { caught } from '../support/errors';
import { bin, fakePackage, fakeWorkspace } from '../support/fake-workspace';

const api = fakePackage({ name: 'api', dir: 'services/api', bins: [bin('api', 'services/api/src/main.rs')] });
const worker = fakePackage({
  name: 'worker',
  dir: 'services/worker',
  bins: [bin('worker', 'services/worker/src/main.rs'), bin('migrate', 'services/worker/src/bin/migrate.rs', ['db'])],
});
const lib = fakePackage({ name: 'shared', dir: 'shared', bins: [] });

describe('binary selection', () => {
  test('the only binary of the workspace is chosen', () => {
    const s = selectBinary(fakeWorkspace([api, lib], { currentPackage: null }), {});
    expect([s.package.name, s.binary.name]).toEqual(['api', 'api']);
    expect(s.reason).toBe('it is the only binary of the workspace');
  });

  test('an explicit binary is chosen across packages', () => {
    const s = selectBinary(fakeWorkspace([api, worker], { currentPackage: null }), { binary: 'migrate' });
    expect([s.package.name, s.binary.name, s.binary.requiredFeatures]).toEqual(['worker', 'migrate', ['db']]);
  });

  test('package narrows the scope to one member', () => {
    const ws = fakeWorkspace([api, worker], { currentPackage: null });
    expect(selectBinary(ws, { package: 'api' }).binary.name).toBe('api');
    expect(() => selectBinary(ws, { package: 'worker' })).toThrow(/package 'worker' has 2 binaries and none of them is a default-run.*worker\/worker, worker\/migrate/);
  });

  test('default-run decides between several binaries', () => {
    const ws = fakeWorkspace([{ ...worker, defaultRun: 'migrate' }]);
    const s = selectBinary(ws, {});
    expect(s.binary.name).toBe('migrate');
    expect(s.reason).toBe("it is the default-run of package 'worker'");
  });

  test('an ambiguous workspace fails, listing the candidates and how to choose', () => {
    const ws = fakeWorkspace([api, worker], { currentPackage: null });
    let error: unknown;
    try {
      selectBinary(ws, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RustDockerError);
    const e = error as RustDockerError;
    expect(e.option).toBeUndefined();
    expect(e.problem).toBe('cannot choose a binary to build in the workspace at /work/ws: the workspace has 3 binaries and none of them is a default-run.');
    expect(e.fix).toBe("Candidates (package/binary): api/api, worker/worker, worker/migrate. Set the 'binary' option (and 'package' when a name is in several packages).");
    expect(e.message).toBe(`${e.problem} ${e.fix}`);
  });

  test('an unknown binary or package fails with the candidates', () => {
    const ws = fakeWorkspace([api, worker], { currentPackage: null });
    expect(() => selectBinary(ws, { binary: 'nope' })).toThrow(/the workspace has no binary named 'nope'.*api\/api/);
    expect(() => selectBinary(ws, { package: 'nope' })).toThrow(/option 'package' is 'nope', which is not a member.*members: api, worker/);
  });

  test('an unknown binary or package is an error of that option', () => {
    const ws = fakeWorkspace([api, worker], { currentPackage: null });
    const noBinary = caught(() => selectBinary(ws, { binary: 'nope' }));
    expect(noBinary.option).toBe('binary');
    expect(noBinary.problem).toBe("is 'nope', but the workspace has no binary named 'nope'.");
    expect(noBinary.fix).toMatch(/^Candidates \(package\/binary\): api\/api, worker\/worker, worker\/migrate\. /);
    expect(noBinary.message).toBe(`option 'binary' ${noBinary.problem} ${noBinary.fix}`);

    const noPackage = caught(() => selectBinary(ws, { package: 'nope' }));
    expect(noPackage.option).toBe('package');
    expect(noPackage.problem).toBe("is 'nope', which is not a member of the workspace at /work/ws.");
    expect(noPackage.fix).toBe('Use the [package] name of one of its members: api, worker.');
    expect(noPackage.message).toBe("option 'package' is 'nope', which is not a member of the workspace at /work/ws. Use the [package] name of one of its members: api, worker.");

    const noBins = caught(() => selectBinary(fakeWorkspace([api, lib], { currentPackage: null }), { package: 'shared' }));
    expect(noBins.problem).toBe("cannot choose a binary to build in the workspace at /work/ws: package 'shared' has no binary target.");
    expect(noBins.fix).toBe("Add a binary target (src/main.rs or a [[bin]] section) to package 'shared'.");
  });

  test('a binary name found in two packages asks for package', () => {
    const other = fakePackage({ name: 'api2', dir: 'x', bins: [bin('api', 'x/src/main.rs')] });
    expect(() => selectBinary(fakeWorkspace([api, other], { currentPackage: null }), { binary: 'api' })).toThrow(/exists in several packages \(api, api2\).*'package'/);
  });

  test('a member directory as Cargo directory scopes to that package, like cargo run there', () => {
    const ws = fakeWorkspace([api, worker], { currentPackage: 'api' });
    expect(selectBinary(ws, {}).binary.name).toBe('api');
  });

  test('a workspace without binaries says so', () => {
    const result = trySelectBinary(fakeWorkspace([lib]), {});
    expect(result.selection).toBeUndefined();
    expect(result.reason).toBe("package 'shared' has no binary target");
  });
});
