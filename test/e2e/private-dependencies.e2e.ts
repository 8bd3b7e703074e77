/**
 * Private dependencies (issue 13 item 1): a crate that depends on
 *   (a) `corp-greeting` from an authenticated sparse registry (`auth-required`, every request
 *       needs the token), served on the host's address, declared as `[registries.corp]`, and
 *   (b) `wire`, a git repository served over SSH by sshd on the host's address,
 * built with the generated Dockerfile (`privateRegistries: [{ name: 'corp' }]`, `gitSsh` with the
 * server's pinned host key), LAYER and CACHE_MOUNT:
 *   - without the token (a wrong one) the registry refuses (401) and the build fails;
 *   - without the key (an empty agent) sshd refuses it and the build fails;
 *   - with both it builds and the binary prints what each dependency alone serves;
 *   - neither the token nor the private key is in any layer of the image or of the builder
 *     stage (their exported layers scanned byte for byte), nor in the image history; the
 *     pinned host key is, in the builder (the scan sees layer contents).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cargoBinary } from './support/cargo';
import type { RustDockerImageOptions } from '../../src';
import { DependencyCaching, KnownHost } from '../../src';
import { compiledCrates } from './support/build-log';
import type { BuildResult } from './support/docker';
import { docker, dockerOk, imageTag, runImage, trackImage } from './support/docker';
import { execOk, tail } from './support/exec';
import { copyFixture, scratchDir, synthesize } from './support/fixture';
import type { GitSshServer, SshAgent } from './support/git-ssh-server';
import { addRepository, clientKey, startAgent, startGitSshServer } from './support/git-ssh-server';
import { FIXTURES_DIR } from './support/paths';
import type { Recorder } from './support/report';
import { variant } from './support/report';
import { runId } from './support/run';
import type { RegistryServer } from './support/sparse-registry';
import { buildRegistry, serveRegistry } from './support/sparse-registry';
import { describeE2E } from './support/suite';

const FIXTURE = 'private-deps';
const SERVICE = 'e2e-private-deps';
const EXPECTED = 'corp-greeting 0.3.1 greets private deps via wire-over-ssh/1\n';

interface Servers {
  registry: RegistryServer;
  token: string;
  git: GitSshServer;
  key: { file: string; publicKey: string };
  agent: SshAgent;
  emptyAgent: SshAgent;
  dir: string;
}

/** Everything started, stopped after the suite. */
const running: Servers[] = [];


/**
 * A registry, a git server and the agents of their own. Each build below gets new ones: cargo
 * keys CARGO_HOME's registry and git caches by URL, and CACHE_MOUNT's cache mounts outlive a
 * build, so a refusal shown against servers an earlier build already fetched from would prove
 * nothing (the crates would come from the mount).
 */
async function startServers(): Promise<Servers> {
  const dir = scratchDir();
  const host = execFileSync('hostname', ['-I'], { encoding: 'utf8' }).trim().split(/\s+/)[0];
  // A token unique to the servers: the layer scan looks for exactly these bytes.
  const token = `prd-token-${runId()}-${Math.random().toString(36).slice(2)}`;
  const published = path.join(dir, 'published');
  fs.cpSync(path.join(FIXTURES_DIR, FIXTURE, 'published'), published, { recursive: true });
  const registry = await serveRegistry(buildRegistry(published, path.join(dir, 'registry')).dir, { host: '0.0.0.0', publicHost: host, token });
  const key = clientKey(dir, 'deploy-key');
  const git = await startGitSshServer(dir, host, key.publicKey);
  addRepository(dir, 'wire', path.join(FIXTURES_DIR, FIXTURE, 'git-repo', 'wire'));
  const agent = await startAgent(dir, 'agent', [key.file]);
  const emptyAgent = await startAgent(dir, 'empty-agent', []);
  const servers = { registry, token, git, key, agent, emptyAgent, dir };
  running.push(servers);
  return servers;
}

/** Stops every server and agent (inside the suite's describe: nothing runs when it is skipped). */
function stopServers(): void {
  afterAll(async () => {
    for (const s of running) {
      s.agent.stop();
      s.emptyAgent.stop();
      s.git.stop();
      await s.registry.close();
    }
  });
}

/** The fixture with the servers' URLs, its Cargo.lock resolved through them (with the credentials), and the Dockerfile. */
async function checkout(servers: Servers, slug: string, options: RustDockerImageOptions): Promise<string> {
  const dir = copyFixture(FIXTURE, slug);
  // The servers' sources are not part of the service.
  fs.rmSync(path.join(dir, 'published'), { recursive: true });
  fs.rmSync(path.join(dir, 'git-repo'), { recursive: true });
  const manifest = path.join(dir, 'Cargo.toml');
  fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('__GIT_URL__', servers.git.url('wire')));
  fs.mkdirSync(path.join(dir, '.cargo'));
  fs.writeFileSync(path.join(dir, '.cargo', 'config.toml'), `[registries.corp]\nindex = "${servers.registry.index}"\n`);
  const knownHosts = path.join(servers.dir, 'known_hosts');
  fs.writeFileSync(knownHosts, `${servers.git.knownHost}\n`);
  // Async: the registry is served from this process.
  await execOk(cargoBinary(), ['generate-lockfile'], {
    cwd: dir,
    env: {
      ...process.env,
      CARGO_HOME: path.join(scratchDir(), 'cargo-home'),
      CARGO_REGISTRIES_CORP_TOKEN: servers.token,
      CARGO_REGISTRIES_CORP_CREDENTIAL_PROVIDER: 'cargo:token',
      CARGO_NET_GIT_FETCH_WITH_CLI: 'true',
      SSH_AUTH_SOCK: servers.agent.socket,
      GIT_SSH_COMMAND: `ssh -o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes`,
    },
  });
  synthesize(dir, [{ ...options, privateRegistries: [{ name: 'corp' }], gitSsh: { knownHosts: [KnownHost.custom(servers.git.knownHost)] } }]);
  return dir;
}

/** `docker build` with the token (as a secret file) and an agent; `target` builds one stage. */
async function buildWith(dir: string, tag: string, credentials: { token?: string; agent?: SshAgent }, target?: string): Promise<BuildResult> {
  trackImage(tag);
  const secretFile = path.join(scratchDir(), 'token');
  fs.writeFileSync(secretFile, credentials.token ?? '');
  const args = [
    'build', '--progress=plain', '-t', tag, '--label', `org.projen-rust-docker.e2e.run=${runId()}`,
    ...(credentials.token !== undefined ? ['--secret', `id=cargo-registry-corp,src=${secretFile}`] : []),
    ...(credentials.agent ? ['--ssh', `default=${credentials.agent.socket}`] : []),
    ...(target ? ['--target', target] : []),
    dir,
  ];
  const result = await docker(args);
  return { ok: result.code === 0, log: result.stderr + result.stdout, seconds: result.seconds };
}

/** Every layer of the image, as files: `docker save` unpacked (each layer is a tar of the files it adds). */
async function layerTars(image: string): Promise<string[]> {
  const dir = scratchDir();
  const archive = path.join(dir, 'image.tar');
  await dockerOk(['save', '-o', archive, image]);
  execFileSync('tar', ['-xf', archive, '-C', dir]);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { Layers: string[] }[];
  return manifest[0].Layers.map((l) => path.join(dir, l));
}

/** The layers (by index) whose bytes contain `needle`. */
function layersWith(layers: string[], needle: string): number[] {
  const bytes = Buffer.from(needle);
  return layers.map((l, i) => (fs.readFileSync(l).includes(bytes) ? i : -1)).filter((i) => i >= 0);
}

async function privateDependencies(recorder: Recorder, slug: string, options: RustDockerImageOptions): Promise<void> {
  const tag = imageTag(`private-deps-${slug}`);

  // (a) A wrong token: the registry refuses every request.
  const a = await startServers();
  const dirA = await checkout(a, `${slug}-wrong-token`, options);
  const dockerfile = fs.readFileSync(path.join(dirA, 'Dockerfile'), 'utf8');
  expect(dockerfile).toContain('--mount=type=secret,id=cargo-registry-corp,required=true');
  expect(dockerfile).toContain('--mount=type=ssh,required=true');
  // (The lockfile was resolved on the host, with the token: only the build's requests count.)
  const seen = a.registry.requests.length;
  const wrongToken = await buildWith(dirA, tag, { token: 'not-the-token', agent: a.agent });
  expect(wrongToken.ok).toBe(false);
  expect(wrongToken.log).toMatch(/got 401/);
  const during = a.registry.requests.slice(seen);
  expect(during.filter((r) => r.startsWith('401 ')).length).toBeGreaterThan(0);
  expect(during.filter((r) => r.startsWith('200 '))).toEqual([]);
  recorder.note('wrong token', lastLines(wrongToken.log, /401/));

  // (b) No key in the agent: sshd refuses it.
  const b = await startServers();
  const dirB = await checkout(b, `${slug}-no-key`, options);
  const acceptedB = (b.git.log().match(/Accepted publickey/g) ?? []).length;
  const noKey = await buildWith(dirB, tag, { token: b.token, agent: b.emptyAgent });
  expect(noKey.ok).toBe(false);
  expect(noKey.log).toMatch(/Permission denied \(publickey\)/);
  // (The host's lockfile resolution logged in with the key; the build did not.)
  expect((b.git.log().match(/Accepted publickey/g) ?? []).length).toBe(acceptedB);
  recorder.note('no key', lastLines(noKey.log, /Permission denied/));

  // (c) No credential given at all: the required mounts stop the build before cargo runs.
  const c = await startServers();
  const dirC = await checkout(c, `${slug}-nothing`, options);
  const seenC = c.registry.requests.length;
  const nothing = await buildWith(dirC, tag, {});
  expect(nothing.ok).toBe(false);
  expect(c.registry.requests.slice(seenC)).toEqual([]);
  recorder.note('no credential', lastLines(nothing.log, /secret|ssh|required/i));

  // Both: it builds, and the binary has both dependencies.
  const d = await startServers();
  const dir = await checkout(d, slug, options);
  const ok = await buildWith(dir, tag, { token: d.token, agent: d.agent });
  if (!ok.ok) {
    throw new Error(`build with the credentials failed:\n${tail(ok.log, 60)}`);
  }
  recorder.note('build with credentials s', ok.seconds);
  expect(compiledCrates(ok.log)).toEqual(expect.arrayContaining(['corp-greeting', 'wire', SERVICE]));
  expect((await runImage(tag)).stdout).toBe(EXPECTED);
  expect((d.git.log().match(/Accepted publickey for root/g) ?? []).length).toBeGreaterThan(1);
  expect(d.registry.requests).toContainEqual(expect.stringMatching(/^200 \/crates\/corp-greeting-0\.3\.1\.crate$/));

  // Neither credential in any layer (the image's and the builder stage's) or in the history.
  const builderTag = imageTag(`private-deps-${slug}-builder`);
  const builder = await buildWith(dir, builderTag, { token: d.token, agent: d.agent }, 'builder');
  expect(builder.ok).toBe(true);
  const keyLines = fs.readFileSync(d.key.file, 'utf8').split('\n').filter((l) => l && !l.startsWith('-----'));
  for (const image of [tag, builderTag]) {
    const layers = await layerTars(image);
    recorder.note(`${image === tag ? 'image' : 'builder'} layers scanned`, layers.length);
    expect(layersWith(layers, d.token)).toEqual([]);
    for (const line of keyLines) {
      expect(layersWith(layers, line)).toEqual([]);
    }
    const history = await dockerOk(['history', '--no-trunc', '--format', '{{.CreatedBy}}', image]);
    expect(history).not.toContain(d.token);
    expect(history).not.toContain(keyLines[1]);
    if (image === builderTag) {
      // The scan reads layer contents: the pinned host key is in the builder's known_hosts layer.
      expect(layersWith(layers, d.git.knownHost.split(' ')[2]).length).toBeGreaterThan(0);
    }
  }
}

/** The last lines of a log that match, for the report. */
function lastLines(log: string, pattern: RegExp): string {
  return tail(log.split('\n').filter((l) => pattern.test(l)).join('\n'), 3);
}

describeE2E('private dependencies: an authenticated registry and git over SSH, credentials in no layer', () => {
  stopServers();

  variant('LAYER: refused without the token or the key, built with both, neither in a layer', async (recorder) => {
    await privateDependencies(recorder, 'layer', {});
  });

  variant('CACHE_MOUNT: the same', async (recorder) => {
    await privateDependencies(recorder, 'cache-mount', { caching: DependencyCaching.CACHE_MOUNT });
  });
});
