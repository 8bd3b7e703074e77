/**
 * The bench's `--crates registry`: the service's crates from a sparse registry (crates.io's
 * layout, test/e2e/support/sparse-registry.ts), so that the builder fetches them into CARGO_HOME
 * as from crates.io. The registry is built once per run from the vendored crates and served by
 * `python3 -m http.server` (static files, its own process: cargo runs synchronously here) on
 * every address, named by the host's first address, which the build containers of both engines
 * reach (the bridges' gateways route to it).
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CrateSource } from './fixture';
import { checkout, VENDORED } from './fixture';
import { cargoBinary } from '../../test/e2e/support/cargo';
import { freePort } from '../../test/e2e/support/http';
import { buildRegistry } from '../../test/e2e/support/sparse-registry';

export interface RunningRegistry {
  readonly source: CrateSource;
  /** `sparse+http://<host>:<port>/index/` */
  readonly index: string;
  readonly crates: number;
  stop(): void;
}

export async function startRegistry(log: (line: string) => void): Promise<RunningRegistry> {
  const vendored = checkout('registry-source', VENDORED);
  // Not tempDir: that is emptied after every Dockerfile, and the registry serves the whole run.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-bench-registry-'));
  const built = buildRegistry(path.join(vendored, 'vendor'), dir);
  const host = execFileSync('hostname', ['-I'], { encoding: 'utf8' }).trim().split(/\s+/)[0];
  const port = await freePort();
  const index = `sparse+http://${host}:${port}/index/`;
  fs.writeFileSync(path.join(dir, 'index', 'config.json'), JSON.stringify({ dl: `http://${host}:${port}/crates/{crate}-{version}.crate`, api: null }));
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '0.0.0.0', '--directory', dir], { stdio: 'ignore' });
  // Until it answers.
  for (let i = 0; i < 50; i++) {
    try {
      execFileSync('curl', ['-sf', '-o', '/dev/null', `http://${host}:${port}/index/config.json`]);
      break;
    } catch {
      execFileSync('sleep', ['0.1']);
    }
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-bench-cargo-home-'));
  const lock = (d: string) => {
    execFileSync(cargoBinary(), ['generate-lockfile'], { cwd: d, env: { ...process.env, CARGO_HOME: home }, stdio: 'pipe' });
  };
  const source: CrateSource = {
    name: 'registry',
    prepare: (d) => {
      fs.writeFileSync(path.join(d, '.cargo', 'config.toml'),
        `# Dependencies come from the bench's sparse registry (scripts/bench/registry.ts), as from crates.io.\n[source.crates-io]\nreplace-with = "bench-registry"\n\n[source.bench-registry]\nregistry = "${index}"\n`);
      lock(d);
    },
    relock: lock,
  };
  log(`crates: sparse registry ${index} (${built.entries.length} crates, from ${vendored}/vendor; python3 -m http.server pid ${server.pid})`);
  return {
    source,
    index,
    crates: built.entries.length,
    stop: () => {
      server.kill();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
