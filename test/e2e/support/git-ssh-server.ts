/**
 * A git server over SSH for the end-to-end suite: OpenSSH's sshd (unpacked from Debian's
 * package by scripts/ssh-server.sh, never installed as a service) on a free port of every
 * address, with its own host key and one authorized client key, serving bare repositories
 * from a directory as `ssh://root@<host>:<port>/<dir>/<name>.git`. And SSH agents: one with the
 * client key (what CI loads), one empty (a build without the credential).
 */
import type { ChildProcess } from 'child_process';
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { freePort } from './http';
import { SCRIPTS_DIR } from './paths';

export interface GitSshServer {
  /** The server's `known_hosts` line, `[<host>]:<port> ssh-ed25519 AAAA...`. */
  readonly knownHost: string;
  /** `ssh://root@<host>:<port><dir>/<name>.git` of a repository `addRepository` made. */
  url(name: string): string;
  /** What sshd logged (accepted and refused keys). */
  log(): string;
  stop(): void;
}


function keygen(file: string, comment: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

/** A new ed25519 key pair in `dir`: the private key file and the public key line. */
export function clientKey(dir: string, name: string): { readonly file: string; readonly publicKey: string } {
  const file = path.join(dir, name);
  keygen(file, name);
  return { file, publicKey: fs.readFileSync(`${file}.pub`, 'utf8').trim() };
}

/**
 * Commits the files of `source` into a new bare repository `<dir>/repos/<name>.git` (one commit,
 * fixed author and time), for `server.url(name)`.
 */
export function addRepository(dir: string, name: string, source: string): void {
  const work = path.join(dir, 'work', name);
  fs.cpSync(source, work, { recursive: true });
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'e2e',
    GIT_AUTHOR_EMAIL: 'e2e@example.invalid',
    GIT_COMMITTER_NAME: 'e2e',
    GIT_COMMITTER_EMAIL: 'e2e@example.invalid',
    GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  };
  const git = (args: string[], cwd: string) => execFileSync('git', args, { cwd, env, stdio: 'pipe' });
  git(['init', '-q', '-b', 'main'], work);
  git(['add', '.'], work);
  git(['commit', '-q', '-m', `${name}: initial`], work);
  fs.mkdirSync(path.join(dir, 'repos'), { recursive: true });
  git(['clone', '-q', '--bare', work, path.join(dir, 'repos', `${name}.git`)], dir);
}

/** Starts sshd on `host` (an address the build containers reach) with `authorizedKey` as root's only key. */
export async function startGitSshServer(dir: string, host: string, authorizedKey: string): Promise<GitSshServer> {
  const binary = JSON.parse(execFileSync('bash', [path.join(SCRIPTS_DIR, 'ssh-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { sshd: string; libraryPath: string };
  const hostKey = path.join(dir, 'ssh_host_ed25519_key');
  keygen(hostKey, 'e2e-git-server');
  fs.writeFileSync(path.join(dir, 'authorized_keys'), `${authorizedKey}\n`);
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(config, [
    `Port ${port}`,
    'ListenAddress 0.0.0.0',
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The temporary directory is world-writable: sshd's permission check would refuse the key file.
    'StrictModes no',
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    'LogLevel VERBOSE',
    '',
  ].join('\n'));
  const logs: Buffer[] = [];
  const child: ChildProcess = spawn(binary.sshd, ['-D', '-e', '-f', config], {
    env: { ...process.env, LD_LIBRARY_PATH: binary.libraryPath },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk));
  // Until it accepts connections.
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, host, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) {
      break;
    }
    if (child.exitCode !== null) {
      throw new Error(`sshd exited with ${child.exitCode}: ${Buffer.concat(logs).toString('utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const [type, key] = fs.readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ');
  return {
    url: (name) => `ssh://root@${host}:${port}${path.join(dir, 'repos', `${name}.git`)}`,
    knownHost: `[${host}]:${port} ${type} ${key}`,
    log: () => Buffer.concat(logs).toString('utf8'),
    stop: () => {
      child.kill();
    },
  };
}

/** A running ssh-agent: its socket, and `stop`. */
export interface SshAgent {
  readonly socket: string;
  stop(): void;
}

/** Starts `ssh-agent -D -a <dir>/<name>.sock` and adds `keys` to it. */
export async function startAgent(dir: string, name: string, keys: string[]): Promise<SshAgent> {
  const socket = path.join(dir, `${name}.sock`);
  const child = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !fs.existsSync(socket); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const key of keys) {
    execFileSync('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'pipe' });
  }
  return { socket, stop: () => child.kill() };
}
