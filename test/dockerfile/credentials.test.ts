/**
 * Build credentials in the Dockerfile (src/dockerfile/credentials.ts): the known-hosts step, and
 * the secret and SSH mounts on exactly the steps that fetch crates, in every caching mode and for
 * workspace images. The step's shell lines are run in dash against a stand-in secret file.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildFlags, knownHostsSetup, withCredentials } from '../../src/dockerfile/credentials';
import { renderImageDockerfile } from '../../src/dockerfile/dockerfile';
import { ins } from '../../src/dockerfile/model';
import { DependencyCaching } from '../../src/plan/caching';
import { KnownHost } from '../../src/plan/credentials';
import type { BuildCredentials } from '../../src/plan/credentials-plan';
import { NO_CREDENTIALS, planCredentials } from '../../src/plan/credentials-plan';
import { Linking } from '../../src/plan/linking';
import { planImage } from '../../src/plan/plan';
import { Runtime } from '../../src/plan/runtime';
import { renderWorkspaceDockerfile } from '../../src/workspace/dockerfile';
import { planWorkspaceImages } from '../../src/workspace/plan';
import { lintDockerfile } from '../support/dockerfile-lint';
import { fakePackage, fakeWorkspace } from '../support/fake-workspace';

const ws = fakeWorkspace([fakePackage({ name: 'svc' })], { cargoConfig: { file: '.cargo/config.toml', sourceDirs: [], registries: ['corp', 'mirror'] } });
const OPTIONS = { privateRegistries: [{ name: 'corp' }, { name: 'mirror' }], gitSsh: { knownHosts: [KnownHost.GITHUB] } };
const BOTH: BuildCredentials = planCredentials(OPTIONS, ws);

/** The RUN instructions (continuations joined) that carry a secret mount. */
function stepsWithSecrets(dockerfile: string): string[] {
  return dockerfile.replace(/\s*\\\n\s*/g, ' ').split('\n').filter((l) => l.startsWith('RUN ') && l.includes('type=secret'));
}

describe('withCredentials', () => {
  test('no credentials: the step is unchanged', () => {
    const step = ins.run(['cargo build'], { flags: ['--mount=type=bind,target=/app'] });
    expect(withCredentials(step, NO_CREDENTIALS)).toBe(step);
  });

  test('a secret mount per registry and the SSH mount before the step\'s own; the variables first', () => {
    const step = withCredentials(ins.run(['cargo build'], { flags: ['--mount=type=bind,target=/app'] }), BOTH);
    expect(step.flags).toEqual([
      '--mount=type=secret,id=cargo-registry-corp,required=true',
      '--mount=type=secret,id=cargo-registry-mirror,required=true',
      '--mount=type=ssh,required=true',
      '--mount=type=bind,target=/app',
    ]);
    expect(step.args).toEqual([
      'CARGO_REGISTRIES_CORP_TOKEN="$(cat /run/secrets/cargo-registry-corp)"',
      'CARGO_REGISTRIES_MIRROR_TOKEN="$(cat /run/secrets/cargo-registry-mirror)"',
      'export CARGO_REGISTRIES_CORP_CREDENTIAL_PROVIDER=cargo:token CARGO_REGISTRIES_MIRROR_CREDENTIAL_PROVIDER=cargo:token CARGO_REGISTRIES_CORP_TOKEN CARGO_REGISTRIES_MIRROR_TOKEN CARGO_NET_GIT_FETCH_WITH_CLI=true',
      'cargo build',
    ]);
    expect(step.comments!.join('\n')).toContain('build with --secret id=cargo-registry-corp,env=CARGO_REGISTRIES_CORP_TOKEN --secret id=cargo-registry-mirror,env=CARGO_REGISTRIES_MIRROR_TOKEN --ssh default.');
    expect(buildFlags(BOTH)).toEqual([
      '--secret id=cargo-registry-corp,env=CARGO_REGISTRIES_CORP_TOKEN',
      '--secret id=cargo-registry-mirror,env=CARGO_REGISTRIES_MIRROR_TOKEN',
      '--ssh default',
    ]);
  });

  test('in dash: cargo\'s variables hold the secret files\' contents; a missing file fails the step', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-secrets-'));
    fs.writeFileSync(path.join(dir, 'cargo-registry-corp'), 's3cret corp\n');
    fs.writeFileSync(path.join(dir, 'cargo-registry-mirror'), 'mirror-token');
    const script = (args: string[]) => [...args.map((a) => a.replace(/\/run\/secrets\//g, `${dir}/`)), 'env'].join(' && ');
    const step = withCredentials(ins.run([]), BOTH);
    const env = cp.execFileSync('dash', ['-c', script(step.args)], { encoding: 'utf8', env: {} });
    expect(env).toContain('CARGO_REGISTRIES_CORP_TOKEN=s3cret corp\n');
    expect(env).toContain('CARGO_REGISTRIES_MIRROR_TOKEN=mirror-token\n');
    expect(env).toContain('CARGO_REGISTRIES_CORP_CREDENTIAL_PROVIDER=cargo:token\n');
    expect(env).toContain('CARGO_NET_GIT_FETCH_WITH_CLI=true\n');
    fs.rmSync(path.join(dir, 'cargo-registry-mirror'));
    expect(cp.spawnSync('dash', ['-c', script(step.args)], { env: {} }).status).not.toBe(0);
  });
});

describe('knownHostsSetup', () => {
  test('none without gitSsh', () => {
    expect(knownHostsSetup(NO_CREDENTIALS, 'debian')).toEqual([]);
  });

  test('Debian: checks for git and ssh, writes every pinned line; in dash the file holds exactly them', () => {
    const [step] = knownHostsSetup(BOTH, 'debian');
    expect(step.args[0]).toContain('command -v git');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-known-'));
    const write = step.args[2].replace('/etc/ssh/ssh_known_hosts', path.join(dir, 'known_hosts'));
    cp.execFileSync('dash', ['-c', write]);
    expect(fs.readFileSync(path.join(dir, 'known_hosts'), 'utf8')).toBe(`${KnownHost.GITHUB.lines.join('\n')}\n`);
  });

  test('a custom [host]:port line survives the shell quoting', () => {
    const line = `[git.internal]:2222 ${KnownHost.GITHUB.lines[0].split(' ').slice(1).join(' ')}`;
    const [step] = knownHostsSetup(planCredentials({ gitSsh: { knownHosts: [KnownHost.custom(line)] } }, ws), 'debian');
    const out = cp.execFileSync('dash', ['-c', step.args[2].replace(/ > \/etc\/ssh\/ssh_known_hosts$/, '')], { encoding: 'utf8' });
    expect(out).toBe(`${line}\n`);
  });

  test('alpine: installs git and the SSH client', () => {
    expect(knownHostsSetup(BOTH, 'alpine')[0].args[0]).toBe('apk add --no-cache git openssh-client');
  });
});

describe('the generated Dockerfile', () => {
  const render = (caching: DependencyCaching, extra = {}) =>
    renderImageDockerfile(planImage(ws, { ...OPTIONS, caching, syntaxDirective: false, ...extra }));

  test('LAYER: the dependency layer\'s build alone fetches, so it alone gets the credentials; the known hosts come before it', () => {
    const text = render(DependencyCaching.LAYER);
    const steps = stepsWithSecrets(text);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toContain('--target-dir /target');
    expect(steps[0]).not.toContain('type=bind,target=/app');
    expect(text.indexOf('/etc/ssh/ssh_known_hosts')).toBeLessThan(text.indexOf('type=secret'));
    expect(lintDockerfile(text)).toEqual([]);
  });

  test.each([DependencyCaching.CACHE_MOUNT, DependencyCaching.NONE])('%s: the one build step gets them', (caching) => {
    const text = render(caching);
    const steps = stepsWithSecrets(text);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toContain('--mount=type=ssh,required=true');
    expect(steps[0]).toContain('cargo build');
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('no credential option: no secret, no SSH, no known hosts', () => {
    const text = renderImageDockerfile(planImage(ws, { syntaxDirective: false }));
    expect(text).not.toMatch(/type=secret|type=ssh|known_hosts|CARGO_REGISTRIES/);
  });

  test('musl (alpine builder): git and the SSH client are installed with the known hosts', () => {
    const text = render(DependencyCaching.LAYER, { runtime: Runtime.ALPINE, linking: Linking.STATIC_MUSL });
    expect(text).toContain('apk add --no-cache git openssh-client');
  });

  test('workspace images: the shared builder carries the workspace-wide credentials once', () => {
    const two = fakeWorkspace([fakePackage({ name: 'api' }), fakePackage({ name: 'worker' })], { cargoConfig: ws.cargoConfig });
    const text = renderWorkspaceDockerfile(planWorkspaceImages(two, { ...OPTIONS, syntaxDirective: false }));
    expect(stepsWithSecrets(text)).toHaveLength(1);
    expect(text.match(/ssh_known_hosts/g)).toHaveLength(1);
  });
});
