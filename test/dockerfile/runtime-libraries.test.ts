import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RUNTIME_PACKAGES_DIR, runtimeLibrariesScript } from '../../src/dockerfile/runtime-libraries';
import { NATIVE_LIBRARIES } from '../../src/plan/native/libraries';

const hasShellcheck = cp.spawnSync('shellcheck', ['--version']).status === 0;
const withShellcheck = hasShellcheck ? test : test.skip;

function shellcheck(script: string, shell: string): string {
  const result = cp.spawnSync('shellcheck', ['--shell', shell, '--severity', 'style', '-'], { input: script, encoding: 'utf8' });
  return result.status === 0 ? '' : result.stdout;
}

withShellcheck.each([
  ['Debian, no native crates', { builder: 'debian' as const, crates: [] }],
  ['Debian, pq-sys and openssl-sys', { builder: 'debian' as const, crates: ['openssl-sys', 'pq-sys'] }],
  ['Alpine, every crate of the table', { builder: 'alpine' as const, crates: NATIVE_LIBRARIES.flatMap((l) => l.crates) }],
])('the runtime-libraries script passes shellcheck (sh, dash): %s', (_name, spec) => {
  expect(shellcheck(runtimeLibrariesScript(spec), 'sh')).toBe('');
  expect(shellcheck(runtimeLibrariesScript(spec), 'dash')).toBe('');
});

// --- the script run on this machine (Debian: dpkg, readelf, ldd), its two paths moved to a temporary directory ---

const onDebian = ['dpkg', 'readelf', 'ldd'].every((tool) => cp.spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);
const withDebian = onDebian ? test : test.skip;

interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The package list written for the final stage. */
  readonly list: string;
}

/** Runs the script on a copy of `program` named `binary`, with the binary directory and the list directory under a temporary directory. */
function runScript(program: string, args: string[], crates: string[] = ['curl-sys', 'libz-sys', 'openssl-sys', 'pq-sys'], env: NodeJS.ProcessEnv = {}): Outcome {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-runtime-libraries-'));
  try {
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(program, path.join(dir, 'bin', args[0]));
    const script = runtimeLibrariesScript({ builder: 'debian', crates })
      .split('/usr/local/bin/').join(`${dir}/bin/`)
      .split(RUNTIME_PACKAGES_DIR).join(`${dir}/packages`)
      .split('/tmp/runtime-libraries.ldd').join(`${dir}/ldd.txt`);
    fs.writeFileSync(path.join(dir, 'script.sh'), script);
    const result = cp.spawnSync('sh', [path.join(dir, 'script.sh'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    const listFile = path.join(dir, 'packages', args[0]);
    return { status: result.status, stdout: result.stdout.split(dir).join('<dir>'), stderr: result.stderr.split(dir).join('<dir>'), list: fs.existsSync(listFile) ? fs.readFileSync(listFile, 'utf8') : '<none>' };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const CC = ['distroless-cc (gcr.io/distroless/cc-debian12:nonroot)', 'libc6', 'libgcc-s1', 'libgomp1', 'libssl3', 'libstdc++6'];

describe('the runtime-libraries script on real binaries of this machine', () => {
  withDebian('apt: the packages of the NEEDED libraries, sorted, one per line; the log names each library and its package', () => {
    const out = runScript('/usr/bin/curl', ['curlx', 'apt', 'debian-slim (debian:bookworm-slim)']);
    expect(out.status).toBe(0);
    expect(out.list.split('\n')).toEqual(expect.arrayContaining(['libc6', 'libcurl4', 'zlib1g']));
    expect(out.list).toBe([...new Set(out.list.trim().split('\n'))].sort().join('\n') + '\n');
    expect(out.stdout).toMatch(/^runtime-libraries: <dir>\/bin\/curlx needs .*libcurl\.so\.4 \(libcurl4\).*; the final stage installs them with apt\.\n$/);
  });

  withDebian('none: a library of a package the runtime does not carry fails, naming the library, its package, the crate and the fixes', () => {
    const out = runScript('/usr/bin/curl', ['curlx', 'none', ...CC]);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('error: <dir>/bin/curlx cannot start on runtime distroless-cc (gcr.io/distroless/cc-debian12:nonroot): it needs libcurl.so.4 (package libcurl4), ' +
      'which that runtime does not carry and cannot install (no package manager; its libraries come from: libc6 libgcc-s1 libgomp1 libssl3 libstdc++6).\n');
    expect(out.stderr).toContain('error:   libcurl.so.4 comes from crate curl-sys. Fix: enable the static-curl feature of curl (curl-sys); or use Runtime.DEBIAN_SLIM (or a custom runtime like it), which installs libcurl4 by itself.\n');
    expect(out.stderr).toContain('it needs libz.so.1 (package zlib1g)');
    expect(out.stderr).toContain('libz.so.1 comes from crate libz-sys. Fix: enable the static feature of libz-sys');
    expect(out.stdout).toBe('');
  });

  withDebian('none: a library no crate of the lock links gets the general fix', () => {
    const out = runScript('/usr/bin/curl', ['curlx', 'none', ...CC], []);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('error:   Find the crate that links libcurl.so.4 (cargo tree -i) and build the library into the binary; or use Runtime.DEBIAN_SLIM');
  });

  withDebian('none: every library carried: passes and says so, writes an empty list', () => {
    const libs = cp.execFileSync('sh', ['-c', 'readelf -d /bin/true | grep NEEDED'], { encoding: 'utf8' });
    expect(libs).toContain('libc.so.6');
    const out = runScript('/bin/true', ['app', 'none', ...CC]);
    expect(out).toMatchObject({ status: 0, stderr: '', list: '' });
    expect(out.stdout).toMatch(/^runtime-libraries: <dir>\/bin\/app needs .*libc\.so\.6 \(libc6\).*; runtime distroless-cc \(gcr\.io\/distroless\/cc-debian12:nonroot\) carries them all\.\n$/);
  });

  withDebian('a static binary needs nothing: an empty list, on every runtime', () => {
    const rustc = cp.spawnSync('rustc', ['--version']);
    if (rustc.status !== 0) {
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-static-'));
    try {
      fs.writeFileSync(path.join(dir, 'main.rs'), 'fn main() {}\n');
      const host = /host: (\S+)/.exec(cp.execFileSync('rustc', ['-vV'], { encoding: 'utf8' }))![1];
      cp.execFileSync('rustc', ['-C', 'target-feature=+crt-static', '--target', host, '-o', path.join(dir, 'static'), path.join(dir, 'main.rs')]);
      for (const args of [['app', 'none', 'scratch (scratch)'], ['app', 'apt', 'debian-slim (debian:bookworm-slim)']]) {
        expect(runScript(path.join(dir, 'static'), args)).toEqual({ status: 0, stdout: 'runtime-libraries: <dir>/bin/app is static: it needs no shared library.\n', stderr: '', list: '' });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// --- cross-compiled binaries: ldd cannot load a foreign binary, so LIBRARY_DIRS (written by the cross setup) names where its libraries are ---

/** A PATH whose `ldd` fails loudly, so a test proves the script never ran it. */
function withoutLdd(): { env: NodeJS.ProcessEnv; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-no-ldd-'));
  fs.writeFileSync(path.join(dir, 'ldd'), '#!/bin/sh\necho "ldd must not run" >&2\nexit 3\n', { mode: 0o755 });
  return { env: { PATH: `${dir}:${process.env.PATH}` }, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const MULTIARCH = cp.spawnSync('sh', ['-c', 'dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch'], { encoding: 'utf8' }).stdout.trim();

describe('the runtime-libraries script with LIBRARY_DIRS (cross-compiled binaries)', () => {
  withDebian('finds each library in the directories, in order, and never runs ldd: the same packages as the ldd path', () => {
    const byLdd = runScript('/usr/bin/curl', ['curlx', 'apt', 'debian-slim (debian:bookworm-slim)']);
    const noLdd = withoutLdd();
    try {
      const byDirs = runScript('/usr/bin/curl', ['curlx', 'apt', 'debian-slim (debian:bookworm-slim)'], undefined,
        { ...noLdd.env, LIBRARY_DIRS: `/nonexistent:/lib/${MULTIARCH}:/usr/lib/${MULTIARCH}` });
      expect(byDirs.stderr).toBe('');
      expect(byDirs.status).toBe(0);
      expect(byDirs.list).toBe(byLdd.list);
      expect(byDirs.list.split('\n')).toEqual(expect.arrayContaining(['libc6', 'libcurl4']));
    } finally {
      noLdd.cleanup();
    }
  });

  withDebian('a library in none of the directories fails, naming it as not found', () => {
    const out = runScript('/usr/bin/curl', ['curlx', 'apt', 'debian-slim (debian:bookworm-slim)'], undefined, { LIBRARY_DIRS: '/nonexistent' });
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('needs libcurl.so.4 (not found), which no package of the builder holds');
  });

  const armLibc = '/usr/aarch64-linux-gnu/lib/libm.so.6';
  (onDebian && fs.existsSync(armLibc) ? test : test.skip)('an arm64 ELF with Debian\'s cross libc (libc6-arm64-cross): its packages are the runtime\'s names (libc6)', () => {
    const noLdd = withoutLdd();
    try {
      const out = runScript(armLibc, ['app', 'none', ...CC], undefined, { ...noLdd.env, LIBRARY_DIRS: '/lib/aarch64-linux-gnu:/usr/lib/aarch64-linux-gnu:/usr/aarch64-linux-gnu/lib' });
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      expect(out.stdout).toContain('libc.so.6 (libc6)');
      expect(out.stdout).not.toContain('-cross');
    } finally {
      noLdd.cleanup();
    }
  });
});

test('the script holds no single quote, whatever the crates (each of its lines is one single-quoted word in the Dockerfile)', () => {
  for (const builder of ['debian', 'alpine'] as const) {
    expect(runtimeLibrariesScript({ builder, crates: NATIVE_LIBRARIES.flatMap((l) => l.crates) })).not.toContain('\'');
  }
});

test('the soname table holds no quote, backtick, $ or backslash (its texts go into double-quoted shell strings)', () => {
  for (const library of NATIVE_LIBRARIES) {
    for (const text of [...library.sonames, ...library.crates, library.fix]) {
      expect(text).toMatch(/^[^'"`$\\]+$/);
    }
  }
});
