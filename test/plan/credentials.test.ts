/**
 * Build credentials' options and plan (src/plan/credentials.ts, credentials-plan.ts): the pinned
 * host keys against the fingerprints their providers publish, the checks of every option, and
 * the plan the Dockerfile and the CI jobs render from. The engine proof is
 * test/e2e/private-dependencies.e2e.ts.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { loadWorkspace } from '../../src/cargo';
import { KnownHost, knownHostLineProblem } from '../../src/plan/credentials';
import { planCredentials, registryEnv, validateCredentialOptions } from '../../src/plan/credentials-plan';
import { planImage } from '../../src/plan/plan';
import { builderSummary } from '../../src/plan/summary';
import { caught } from '../support/errors';
import { fakePackage, fakeWorkspace } from '../support/fake-workspace';
import { crateFiles, tempDir, writeTree } from '../support/temp-project';

/** OpenSSH's SHA-256 fingerprint of a known_hosts line: base64 of the key blob's hash, unpadded. */
function fingerprint(line: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(line.split(' ')[2], 'base64')).digest('base64').replace(/=+$/, '')}`;
}

describe('KnownHost', () => {
  test('GITHUB: the keys hash to the fingerprints GitHub publishes (docs.github.com, "GitHub\'s SSH key fingerprints")', () => {
    expect(KnownHost.GITHUB.lines.map((l) => [l.split(' ')[1], fingerprint(l)])).toEqual([
      ['ssh-ed25519', 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU'],
      ['ecdsa-sha2-nistp256', 'SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM'],
      ['ssh-rsa', 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s'],
    ]);
    expect(KnownHost.GITHUB.hosts).toBe('github.com');
  });

  test('GITLAB: the keys hash to the fingerprints GitLab publishes', () => {
    expect(KnownHost.GITLAB.lines.map((l) => [l.split(' ')[1], fingerprint(l)])).toEqual([
      ['ssh-ed25519', 'SHA256:eUXGGm1YGsMAS7vkcx6JOJdOGHPem5gQp4taiCfCLB8'],
      ['ecdsa-sha2-nistp256', 'SHA256:HbW3g8zUjNSksFbqTiUWPWg2Bq1x8xdGUrliXFzSnUw'],
      ['ssh-rsa', 'SHA256:ROQFvPThGrW4RuWLoL9tq9I9zJ42fK4XywyRtbOz/EQ'],
    ]);
  });

  const KEY = KnownHost.GITHUB.lines[0].split(' ')[2];

  test('custom: known_hosts lines as ssh-keyscan prints them, any port, several hosts', () => {
    const host = KnownHost.custom(`[git.example.com]:2222 ssh-ed25519 ${KEY}`, `git.example.com,10.0.0.7 ssh-ed25519 ${KEY}`);
    expect(host.hosts).toBe('[git.example.com]:2222');
    expect(host.lines).toHaveLength(2);
  });

  test.each([
    ['a comment after the key', `git.example.com ssh-ed25519 ${KEY} me@laptop`, 'three fields'],
    ['a marker', `@cert-authority *.example.com ssh-ed25519 ${KEY}`, 'three fields'],
    ['a hashed host', `|1|abc=|def= ssh-ed25519 ${KEY}`, 'names the host'],
    ['a wildcard', `*.example.com ssh-ed25519 ${KEY}`, 'names the host'],
    ['a newline (a second line smuggled in)', `git.example.com ssh-ed25519 ${KEY}\nevil.com ssh-ed25519 ${KEY}`, 'three fields'],
    ['a quote', `git.example.com' ssh-ed25519 ${KEY}`, 'names the host'],
    ['an unknown key type', `git.example.com ssh-dss ${KEY}`, 'key type'],
    ['a key that is not base64', 'git.example.com ssh-ed25519 not$base64', 'not the base64'],
    ['a key too short to be one', 'git.example.com ssh-ed25519 AAAA', 'not the base64'],
  ])('custom refuses %s, naming the option and the fix', (_, line, problem) => {
    expect(knownHostLineProblem(line)).toContain(problem);
    const error = caught(() => KnownHost.custom(line));
    expect(error.message).toContain('KnownHost.custom');
    expect(error.message).toContain('ssh-keyscan');
  });

  test('custom with no line is an error', () => {
    expect(caught(() => KnownHost.custom()).message).toContain('was given no line');
  });
});

describe('validateCredentialOptions', () => {
  test.each([
    [{ privateRegistries: 'corp' }, 'privateRegistries', 'not a list'],
    [{ privateRegistries: [{ name: '9lives' }] }, 'privateRegistries[0].name', 'does not take as a registry name'],
    [{ privateRegistries: [{ name: 'corp,x' }] }, 'privateRegistries[0].name', 'does not take as a registry name'],
    [{ privateRegistries: [{ name: 'crates-io' }] }, 'privateRegistries[0].name', 'needs no token'],
    [{ privateRegistries: [{ name: 'my-corp' }, { name: 'my_corp' }] }, 'privateRegistries[1].name', 'same variable, CARGO_REGISTRIES_MY_CORP_TOKEN'],
    [{ privateRegistries: [{ name: 'corp', ciSecret: 'MY-TOKEN' }] }, 'privateRegistries[0].ciSecret', 'not a CI secret name'],
    [{ privateRegistries: [{ name: 'corp', ciSecret: 'GITHUB_TOKEN' }] }, 'privateRegistries[0].ciSecret', 'not a CI secret name'],
    [{ gitSsh: { knownHosts: [] } }, 'gitSsh.knownHosts', 'every git host is refused'],
    [{ gitSsh: { knownHosts: ['github.com ssh-ed25519 AAAA'] } }, 'gitSsh.knownHosts[0]', 'not a KnownHost'],
    [{ gitSsh: { knownHosts: [KnownHost.GITHUB], ciSecret: '$(id)' } }, 'gitSsh.ciSecret', 'not a CI secret name'],
  ])('%j: %s', (options, option, problem) => {
    const error = caught(() => validateCredentialOptions(options as any));
    expect(error.option).toBe(option);
    expect(error.message).toContain(problem);
  });

  test('valid options pass', () => {
    expect(() => validateCredentialOptions({ privateRegistries: [{ name: 'corp' }, { name: 'corp-mirror', ciSecret: 'MIRROR_TOKEN' }], gitSsh: { knownHosts: [KnownHost.GITHUB] } })).not.toThrow();
  });
});

describe('planCredentials', () => {
  const declared = (registries: string[]) => fakeWorkspace([fakePackage({ name: 'svc' })], { cargoConfig: { file: '.cargo/config.toml', sourceDirs: [], registries } });

  test('cargo\'s variables from the name (capitals, - as _), the secret id, the default CI secret', () => {
    expect(registryEnv('my-corp', 'TOKEN')).toBe('CARGO_REGISTRIES_MY_CORP_TOKEN');
    const plan = planCredentials({ privateRegistries: [{ name: 'my-corp' }, { name: 'mirror', ciSecret: 'MIRROR' }] }, declared(['mirror', 'my-corp']));
    expect(plan.registries).toEqual([
      { name: 'my-corp', secretId: 'cargo-registry-my-corp', tokenEnv: 'CARGO_REGISTRIES_MY_CORP_TOKEN', providerEnv: 'CARGO_REGISTRIES_MY_CORP_CREDENTIAL_PROVIDER', ciSecret: 'CARGO_REGISTRIES_MY_CORP_TOKEN' },
      { name: 'mirror', secretId: 'cargo-registry-mirror', tokenEnv: 'CARGO_REGISTRIES_MIRROR_TOKEN', providerEnv: 'CARGO_REGISTRIES_MIRROR_CREDENTIAL_PROVIDER', ciSecret: 'MIRROR' },
    ]);
    expect(plan.ssh).toBeUndefined();
  });

  test('ssh: every pinned line once, in order; the default CI secret', () => {
    const plan = planCredentials({ gitSsh: { knownHosts: [KnownHost.GITLAB, KnownHost.GITHUB, KnownHost.GITLAB] } }, declared([]));
    expect(plan.ssh).toEqual({ knownHosts: [...KnownHost.GITLAB.lines, ...KnownHost.GITHUB.lines], ciSecret: 'CARGO_GIT_SSH_KEY' });
  });

  test('a registry the cargo config does not declare: the file, what it declares, and the fix', () => {
    const error = caught(() => planCredentials({ privateRegistries: [{ name: 'corp' }] }, declared(['other'])));
    expect(error.option).toBe('privateRegistries[0].name');
    expect(error.message).toContain('.cargo/config.toml does not declare (it declares "other")');
    expect(error.message).toContain('[registries.corp] index = "sparse+https://');
    const none = caught(() => planCredentials({ privateRegistries: [{ name: 'corp' }] }, fakeWorkspace([fakePackage({ name: 'svc' })])));
    expect(none.message).toContain('there is no .cargo/config.toml');
  });

  test('the cargo config is read: [registries.*] names, sorted, and the image plan carries them', () => {
    const dir = tempDir();
    writeTree(dir, {
      ...crateFiles('svc'),
      '.cargo/config.toml': '[registries.zeta]\nindex = "sparse+https://z.example/"\n[registries.corp]\nindex = "sparse+https://c.example/"\n[registry]\ndefault = "corp"\n',
    });
    const ws = loadWorkspace(dir);
    expect(ws.cargoConfig.registries).toEqual(['corp', 'zeta']);
    const plan = planImage(ws, { privateRegistries: [{ name: 'zeta' }] });
    expect(plan.credentials.registries.map((r) => r.tokenEnv)).toEqual(['CARGO_REGISTRIES_ZETA_TOKEN']);
    fs.rmSync(path.join(dir, '.cargo'), { recursive: true });
    expect(loadWorkspace(dir).cargoConfig.registries).toEqual([]);
  });
});

describe('the synthesis log', () => {
  test('names the registries with their secrets, the pinned keys and cargo auditable', () => {
    const ws = fakeWorkspace([fakePackage({ name: 'svc' })], { cargoConfig: { file: '.cargo/config.toml', sourceDirs: [], registries: ['corp'] } });
    const lines = builderSummary(planImage(ws, { privateRegistries: [{ name: 'corp' }], gitSsh: { knownHosts: [KnownHost.GITHUB] }, auditable: true }));
    expect(lines).toContain('private registries corp (token: BuildKit secret cargo-registry-corp, CI secret CARGO_REGISTRIES_CORP_TOKEN), in the steps that fetch crates only');
    expect(lines).toContain('git over SSH: the build\'s SSH agent (CI secret CARGO_GIT_SSH_KEY), 3 pinned host keys');
    expect(lines).toContain('cargo auditable: the binary carries its dependency tree for image scanners');
    expect(builderSummary(planImage(ws, {})).join('\n')).not.toMatch(/private|SSH|auditable/);
  });
});
