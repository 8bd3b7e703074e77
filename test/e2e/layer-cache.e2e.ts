/**
 * The default LAYER caching, proven on a service with a real vendored crates.io dependency
 * (itoa, from Debian's librust-itoa-dev, vendored through .cargo/config.toml):
 *   1. it builds and runs;
 *   2. a source-only edit rebuilds the crate alone (no `Compiling itoa`) and the image holds
 *      the REAL binary with the new text (never the stub from the dependency layer);
 *   3. a Cargo.toml/Cargo.lock edit (a second vendored crate, fnv) rebuilds the dependencies.
 * The three steps share one fixture copy and run in order.
 */
import { compiledCrates } from './support/build-log';
import { generateLockfile, vendorFromDebian } from './support/cargo';
import { buildOk, startService } from './support/docker';
import { copyFixture, editFile, readText, synthesize } from './support/fixture';
import { waitForHttp } from './support/http';
import { expectServiceRunsAs } from './support/identity';
import { buildTwice, checkAndRecord } from './support/measure';
import { variant } from './support/report';
import { runId } from './support/run';
import { describeE2E } from './support/suite';

const USER = '10001:10001';

describeE2E('LAYER dependency caching: vendored dependencies', () => {
  let dir: string;
  let tag: string;
  const edited = `edited-${runId()}`;

  variant('vendored dependency (itoa) via .cargo/config.toml, LAYER', async (recorder) => {
    dir = copyFixture('vendored-service', 'layer');
    vendorFromDebian(dir);
    synthesize(dir, [{ ports: [8080] }]);
    // The dependency layer copies the vendored crates out of the way of COPY . . (cargo reads them there).
    expect(readText(dir, 'Dockerfile')).toContain('COPY vendor/ /deps/vendor/');
    expect(readText(dir, 'Dockerfile')).toContain('--config \'source.vendored-sources.directory="/deps/vendor"\'');
    const built = await buildTwice(recorder, dir, 'layer-vendored');
    tag = built.tag;
    expect(compiledCrates(built.cold.log)).toEqual(['e2e-vendored', 'itoa']);

    await checkAndRecord(recorder, tag, { runtime: 'debian-slim', binary: 'e2e-vendored', user: USER, caCertificates: true });
    const service = await startService(tag);
    expect(await waitForHttp(`${service.url}/`)).toBe('hello from e2e-vendored 0.1.0, itoa says 1234567\n');
    await expectServiceRunsAs(service.container, USER);
  });

  variant('LAYER: source-only edit reuses compiled dependencies', async (recorder) => {
    editFile(dir, 'src/main.rs', 'const GREETING: &str = "hello";', `const GREETING: &str = "${edited}";`);
    const rebuild = await buildOk(dir, tag);
    recorder.note('rebuild s', rebuild.seconds);
    recorder.note('compiled', compiledCrates(rebuild.log));
    // Only the workspace crate compiles again; the vendored crate comes from the cached layer.
    expect(compiledCrates(rebuild.log)).toEqual(['e2e-vendored']);
    // The stub trap: the image must hold the real binary with the new text.
    const service = await startService(tag);
    expect(await waitForHttp(`${service.url}/`)).toBe(`${edited} from e2e-vendored 0.1.0, itoa says 1234567\n`);
  });

  variant('LAYER: Cargo.toml + Cargo.lock edit rebuilds dependencies', async (recorder) => {
    editFile(dir, 'Cargo.toml', 'itoa = "1"\n', 'itoa = "1"\nfnv = "1"\n');
    generateLockfile(dir);
    expect(readText(dir, 'Cargo.lock')).toContain('name = "fnv"');
    vendorFromDebian(dir);
    synthesize(dir, [{ ports: [8080] }]);
    const rebuild = await buildOk(dir, tag);
    recorder.note('rebuild s', rebuild.seconds);
    recorder.note('compiled', compiledCrates(rebuild.log));
    expect(compiledCrates(rebuild.log)).toEqual(['e2e-vendored', 'fnv', 'itoa'].sort());
    const service = await startService(tag);
    expect(await waitForHttp(`${service.url}/`)).toBe(`${edited} from e2e-vendored 0.1.0, itoa says 1234567\n`);
  });
});
