/**
 * The HTTP probe of `Healthcheck.http()` compiled with this machine's rustc, as the probe
 * stage compiles it (the same flags, dynamic and static glibc), and run against a tiny local
 * HTTP server. Skipped locally without rustc; CI has it (the cargo oracle needs it too).
 */
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { PROBE_SOURCE } from '../../src/dockerfile/healthcheck';

function findRustc(): string | undefined {
  const candidates = [process.env.RUSTC, path.join(os.homedir(), '.cargo', 'bin', 'rustc'), 'rustc'].filter((c): c is string => !!c);
  return candidates.find((c) => spawnSync(c, ['--version']).status === 0);
}

const rustc = findRustc();
if (!rustc && process.env.CI === 'true') {
  throw new Error('rustc is required in CI to compile the health check probe');
}
const describeWithRustc = rustc ? describe : describe.skip;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a binary without blocking the event loop (the server answers in this process). */
function run(file: string, args: string[]): Promise<Run> {
  const start = Date.now();
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - start });
    });
  });
}

describeWithRustc('the health check probe (compiled with rustc)', () => {
  let dir: string;
  let server: http.Server;
  let port: number;
  const requests: { line: string; host: string | undefined }[] = [];
  /** Sockets that are accepted and never answered. */
  let silent: net.Server;
  let silentPort: number;
  const held: net.Socket[] = [];

  const binaries: { [name: string]: string } = {};

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-probe-'));
    fs.writeFileSync(path.join(dir, 'healthcheck.rs'), PROBE_SOURCE);
    for (const [name, extra] of [['dynamic', []], ['static', ['-C', 'target-feature=+crt-static']]] as const) {
      const out = path.join(dir, `healthcheck-${name}`);
      // The flags of the probe stage (src/dockerfile/healthcheck.ts), with warnings as errors.
      const result = spawnSync(rustc!, ['-D', 'warnings', '-C', 'opt-level=s', '-C', 'panic=abort', '-C', 'link-arg=-s', ...extra, '-o', out, 'healthcheck.rs'], { cwd: dir, encoding: 'utf8' });
      if (result.status !== 0) {
        throw new Error(`rustc failed:\n${result.stderr}`);
      }
      binaries[name] = out;
    }
    server = http.createServer((req, res) => {
      requests.push({ line: `${req.method} ${req.url} HTTP/${req.httpVersion}`, host: req.headers.host });
      const status = req.url?.startsWith('/ok') ? 200 : req.url === '/created' ? 204 : req.url === '/moved' ? 301 : req.url === '/missing' ? 404 : 500;
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status === 204 ? undefined : 'body\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    silent = net.createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as AddressInfo).port;
  }, 120_000);

  afterAll(async () => {
    held.forEach((s) => s.destroy());
    await new Promise((resolve) => silent.close(resolve));
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the static probe is statically linked', () => {
    const file = spawnSync('file', [binaries.static], { encoding: 'utf8' });
    if (file.status === 0) {
      expect(file.stdout).toMatch(/static(-pie)? linked/);
    }
  });

  describe.each(['dynamic', 'static'])('%s', (kind) => {
    const probe = (args: string[]) => run(binaries[kind], args);

    test('a 2xx answer: exit 0, the status line printed; the request is GET <path> HTTP/1.0 with a Host', async () => {
      requests.length = 0;
      const result = await probe([`http://127.0.0.1:${port}/ok?full=1&x=%2F`, '5000']);
      expect(result).toMatchObject({ code: 0, stdout: 'HTTP/1.1 200 OK\n' });
      expect(requests).toEqual([{ line: 'GET /ok?full=1&x=%2F HTTP/1.0', host: `127.0.0.1:${port}` }]);
      expect((await probe([`http://127.0.0.1:${port}/created`, '5000'])).code).toBe(0);
    });

    test.each(['/fail', '/missing', '/moved'])('%s (500, 404, 301): exit 1', async (p) => {
      const result = await probe([`http://127.0.0.1:${port}${p}`, '5000']);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^HTTP\/1\.1 (500|404|301) /);
    });

    test('localhost is 127.0.0.1 (no resolver); no path means /', async () => {
      requests.length = 0;
      expect((await probe([`http://localhost:${port}`, '5000'])).code).toBe(1);
      expect(requests[0].line).toBe('GET / HTTP/1.0');
    });

    test('nothing listening: exit 1 with the reason', async () => {
      const closed = net.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const free = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const result = await probe([`http://127.0.0.1:${free}/ok`, '5000']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^healthcheck: http:\/\/127\.0\.0\.1:\d+\/ok: .*refused/);
    });

    test('a server that never answers: exit 1 after the timeout, not later', async () => {
      const result = await probe([`http://127.0.0.1:${silentPort}/ok`, '700']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no answer within 700 ms');
      expect(result.ms).toBeGreaterThanOrEqual(600);
      expect(result.ms).toBeLessThan(5000);
    });

    test('bad usage and bad URLs: exit 1 (never 2, which Docker reserves)', async () => {
      for (const args of [[], ['a', 'b', 'c'], ['https://127.0.0.1:1/'], ['http://127.0.0.1/'], ['http://example.com:80/'], [`http://127.0.0.1:${port}/ok`, '0'], [`http://127.0.0.1:${port}/ok`, 'x']]) {
        const result = await probe(args);
        expect({ args, code: result.code }).toEqual({ args, code: 1 });
        expect(result.stderr).not.toBe('');
      }
    });

    test('a path that would inject a header is refused before connecting', async () => {
      requests.length = 0;
      const result = await probe([`http://127.0.0.1:${port}/ok HTTP/1.0\r\nX-Evil: 1`, '5000']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('space or a control character');
      expect(requests).toEqual([]);
    });
  });
});
