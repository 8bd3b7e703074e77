/**
 * Cross-compilation without QEMU (issue 12 item 4): an image with `platforms: [linux/amd64,
 * linux/arm64]` is built with `--platform linux/arm64` on this amd64 machine. The builder runs on
 * $BUILDPLATFORM and cross-compiles; this machine has no binfmt_misc, so any RUN step on arm64
 * would fail with "exec format error": a successful build proves nothing was emulated.
 *
 * The fixture is native-openssl (openssl 0.10 from Debian's librust-*-dev, vendored): a C
 * library, so the cross path also installs libssl-dev:arm64 (multiarch) and links it.
 *   - static glibc on scratch: the image is arm64, its binary is an AArch64 static executable
 *     and runs under qemu-aarch64-static with the expected output; a source edit rebuilt for
 *     arm64 compiles only the service (the dependency layer is per platform and cached);
 *   - dynamic glibc: the builder stage (amd64, with Debian's arm64 libraries) holds an
 *     AArch64 binary that needs libssl3 and runs under qemu-aarch64-static with those
 *     libraries; the runtime-libraries check, reading LIBRARY_DIRS instead of ldd, lists
 *     libc6 and libssl3 (package names of the runtime);
 *   - the same Dockerfile without --platform builds and runs natively (linux/amd64).
 *
 * The builder is a stand-in (scripts/cross-standin.sh): Debian's rustc 1.96 with the arm64
 * standard library installed, where the real rust:1.96-bookworm would `rustup target add`
 * (no rustup download is reachable here). The final images of debian-slim and distroless need
 * arm64 base images, which cannot be pulled here: not built.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Linking, Platform, Runtime } from '../../src';
import type { RustDockerImageOptions } from '../../src';
import { compiledCrates } from './support/build-log';
import { vendorFromDebian } from './support/cargo';
import { docker, dockerOk, imageTag, readImageFile, RUN_LABEL, runImage } from './support/docker';
import { tail } from './support/exec';
import { copyFixture, editFile, readText, synthesize } from './support/fixture';
import type { Recorder } from './support/report';
import { variant } from './support/report';
import { runId } from './support/run';
import { describeE2E } from './support/suite';

const STANDIN = 'projen-rust-docker/rust-cross-standin:1.96-bookworm';
const BINARY = 'e2e-native-openssl';
const OUTPUT = /^OpenSSL 3\.\d+\.\d+.*; sha256\(abc\) = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n$/;
const QEMU = '/usr/bin/qemu-aarch64-static';

function prepare(slug: string, options: RustDockerImageOptions): string {
  const dir = copyFixture('native-openssl', `cross-${slug}`);
  vendorFromDebian(dir);
  synthesize(dir, [{ platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64], builderImage: STANDIN, ...options }]);
  return dir;
}

/** `docker build --progress=plain [--platform P] [--target T] -t TAG DIR`. */
async function buildFor(dir: string, tag: string, platform?: string, target?: string): Promise<{ log: string; seconds: number }> {
  const args = ['build', '--progress=plain', ...(platform ? ['--platform', platform] : []), ...(target ? ['--target', target] : []),
    '-t', tag, '--label', `${RUN_LABEL}=${runId()}`, dir];
  const result = await docker(args);
  const log = result.stderr + result.stdout;
  if (result.code !== 0) {
    throw new Error(`docker ${args.join(' ')} failed:\n${tail(log, 60)}`);
  }
  return { log, seconds: result.seconds };
}

/** The binary copied out of the image to a host file. */
async function binaryOf(tag: string): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'prd-e2e-cross-')), BINARY);
  fs.writeFileSync(file, await readImageFile(tag, `/usr/local/bin/${BINARY}`), { mode: 0o755 });
  return file;
}

/** `readelf -h` and `-d` of a host file: its machine and whether it has an interpreter (dynamic). */
function elf(file: string): { machine: string; dynamic: boolean } {
  const header = execFileSync('readelf', ['-h', file], { encoding: 'utf8' });
  const program = execFileSync('readelf', ['-l', file], { encoding: 'utf8' });
  return { machine: /Machine:\s+(.*)/.exec(header)![1].trim(), dynamic: program.includes('INTERP') };
}

async function architecture(tag: string): Promise<string> {
  return (await dockerOk(['image', 'inspect', '--format', '{{.Architecture}}', tag])).trim();
}

describeE2E('cross-compilation: arm64 images built on amd64 without emulation', () => {
  variant('static glibc on scratch: an arm64 image whose AArch64 static binary runs under qemu-aarch64-static', async (recorder: Recorder) => {
    const dir = prepare('scratch', { runtime: Runtime.SCRATCH });
    const dockerfile = readText(dir, 'Dockerfile');
    expect(dockerfile).toContain(`FROM --platform=$BUILDPLATFORM ${STANDIN} AS builder`);
    expect(dockerfile).toContain('libc6-dev-arm64-cross libssl-dev:arm64');
    const tag = imageTag('cross-scratch');
    const cold = await buildFor(dir, tag, 'linux/arm64');
    recorder.note('arm64 cold build s', cold.seconds);
    recorder.note('compiled (cold)', compiledCrates(cold.log));
    expect(compiledCrates(cold.log)).toEqual(expect.arrayContaining(['openssl-sys', 'openssl', BINARY]));
    expect(await architecture(tag)).toBe('arm64');

    const binary = await binaryOf(tag);
    expect(elf(binary)).toEqual({ machine: 'AArch64', dynamic: false });
    const out = execFileSync(QEMU, [binary], { encoding: 'utf8' });
    expect(out).toMatch(OUTPUT);
    recorder.note('qemu-aarch64-static output', out.trim());

    // A source edit, arm64 again: the per-platform dependency layer is reused.
    editFile(dir, 'src/main.rs', 'sha256(abc)', 'sha256(abc) on arm64');
    const edit = await buildFor(dir, tag, 'linux/arm64');
    recorder.note('arm64 source edit s', edit.seconds);
    expect(compiledCrates(edit.log)).toEqual([BINARY]);
    expect(execFileSync(QEMU, [await binaryOf(tag)], { encoding: 'utf8' })).toContain('sha256(abc) on arm64 = ba7816bf');

    // The same Dockerfile, no --platform: a native amd64 image that runs here.
    const native = await buildFor(dir, imageTag('cross-scratch-native'));
    recorder.note('amd64 build s', native.seconds);
    expect(await architecture(imageTag('cross-scratch-native'))).toBe('amd64');
    const run = await runImage(imageTag('cross-scratch-native'));
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('sha256(abc) on arm64 = ba7816bf');
  });

  variant('dynamic glibc: the builder holds an AArch64 binary needing libssl3, found by LIBRARY_DIRS, that runs under qemu with Debian\'s arm64 libraries', async (recorder: Recorder) => {
    const dir = prepare('dynamic', { runtime: Runtime.DEBIAN_SLIM, linking: Linking.DYNAMIC_GLIBC });
    const tag = imageTag('cross-dynamic-builder');
    const built = await buildFor(dir, tag, 'linux/arm64', 'builder');
    recorder.note('arm64 builder s', built.seconds);
    const line = /^#\d+ [\d.]+ (runtime-libraries: .*)$/m.exec(built.log)?.[1];
    recorder.note('builder', line ?? '(no line)');
    expect(line).toMatch(/libssl\.so\.3 \(libssl3\)/);
    expect(line).toMatch(/libc\.so\.6 \(libc6\)/);
    expect(line).not.toContain('-cross');
    // The builder stage ran on the build platform: its files are amd64 programs plus Debian's
    // arm64 libraries, though the image built with --platform linux/arm64 is labelled arm64.
    // Run qemu in it, with those libraries (the engine may warn that the label is not the host's).
    const inBuilder = async (args: string[]) => {
      const result = await docker(['run', '--rm', '--platform', 'linux/arm64', ...args]);
      return { ...result, stderr: result.stderr.split('\n').filter((l) => l && !/requested image's platform/.test(l)).join('\n') };
    };
    recorder.note('builder image label', await architecture(tag));
    const packages = await inBuilder([tag, 'cat', `/runtime-packages/${BINARY}`]);
    expect(packages.stdout.split('\n')).toEqual(expect.arrayContaining(['libc6', 'libssl3']));
    const binary = await binaryOf(tag);
    expect(elf(binary)).toEqual({ machine: 'AArch64', dynamic: true });
    const run = await inBuilder(['-v', `${QEMU}:/qemu-aarch64-static:ro`, tag, '/qemu-aarch64-static', `/usr/local/bin/${BINARY}`]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(OUTPUT);
    recorder.note('qemu-aarch64-static output', run.stdout.trim());
  });
});
