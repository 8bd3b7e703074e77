/**
 * The toolchain file in the workspace root, read as rustup reads it:
 * - `rust-toolchain` wins over `rust-toolchain.toml` when both can be read (rustup warns);
 * - symbolic links are followed; a file that cannot be read (missing, dangling link,
 *   directory) counts as absent;
 * - `rust-toolchain` of exactly one line is the legacy format: the trimmed line is the
 *   channel. Anything else, and `rust-toolchain.toml` always, is TOML with a `[toolchain]`
 *   table (`channel`, `path`, `components`, `targets`, `profile`);
 * - an empty file, or a TOML file that sets none of those keys, is an error; so are `channel`
 *   and `path` together, and a `profile` other than `minimal`, `default` or `complete`.
 *
 * The channel must be an official toolchain name, in rustup's grammar:
 * `stable`, `beta`, `nightly` or a version (`1.80`, `1.80.1`, `1.80.0-beta.2`), then
 * optionally a date (`nightly-2024-05-01`) and a host (`1.80-x86_64-unknown-linux-gnu`).
 * rustup would take any other name as a custom toolchain linked on this machine, which no
 * builder image has. Components and targets are plain names (`rust-src`, `wasm32-wasip1`).
 * These values reach the generated Dockerfile, so nothing else (spaces, newlines, `$`) passes.
 */
import * as path from 'path';
import { tryReadText } from './fsutil';
import type { ToolchainInfo } from './model';
import { printable } from './names';
import { parseToml } from './toml';
import type { Table } from './values';
import { optString, optStringArray, optTable } from './values';
import { RustDockerError } from '../core/errors';

export const NO_TOOLCHAIN: ToolchainInfo = { file: null, channel: null, components: [], targets: [], path: null };

/** rustup's channel names: `stable`, `beta`, `nightly`, or a version (one-digit major, as rustup). */
const CHANNEL_NAME = String.raw`(?:stable|beta|nightly|\d\.\d{1,3}(?:\.\d{1,2}(?:-beta(?:\.\d{1,2})?)?)?)`;
const DATE = String.raw`\d{4}-\d{2}-\d{2}`;
/** A (partial) host triple: `x86_64-unknown-linux-gnu`, `aarch64-unknown-linux-musl`, `gnu`. */
const HOST = String.raw`[a-z][a-z0-9_.]*(?:-[a-z0-9_.]+)*`;
const CHANNEL = new RegExp(`^(${CHANNEL_NAME})(?:-(${DATE}))?(?:-(${HOST}))?$`);
/** Component and target names: `rust-src`, `llvm-tools-preview`, `thumbv8m.main-none-eabi`. */
const PLAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const PROFILES = ['minimal', 'default', 'complete'];

/** A toolchain channel split into rustup's parts. */
export interface ParsedChannel {
  /** `stable`, `beta`, `nightly` or a version such as `1.80.1`. */
  readonly name: string;
  readonly date: string | null;
  /** The host triple (partial or full) after the name and date, if any. */
  readonly host: string | null;
}

/** Splits a channel written in rustup's grammar; null when it is not an official toolchain name. */
export function parseChannel(channel: string): ParsedChannel | null {
  const m = CHANNEL.exec(channel);
  return m ? { name: m[1], date: m[2] ?? null, host: m[3] ?? null } : null;
}

/** Rust's `str::trim`: Unicode White_Space only (a byte order mark is not trimmed). */
function rustTrim(text: string): string {
  const ws = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
  return text.replace(new RegExp(`^${ws}+|${ws}+$`, 'gu'), '');
}

/** Rust's `str::lines().count()`: a trailing newline does not start another line. */
function lineCount(text: string): number {
  if (text === '') {
    return 0;
  }
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

function checkChannel(channel: string, file: string, key: string): void {
  if (parseChannel(channel) !== null) {
    return;
  }
  const lineBreak = /[\r\n\u0085\u2028\u2029]/u.test(channel);
  throw new RustDockerError({
    file,
    problem: lineBreak
      ? `${key} ${JSON.stringify(channel)} contains a line break: it is not a toolchain name (rustup refuses it).`
      : `${key} ${JSON.stringify(channel)} is not an official toolchain name: rustup takes it for a custom toolchain linked on this machine, which no builder image has.`,
    fix: 'Use `stable`, `beta`, `nightly`, a version such as `1.80` or `1.80.1`, optionally with a date (`nightly-2024-05-01`) or a host (`1.80-x86_64-unknown-linux-gnu`).',
  });
}

function plainNames(t: Table, key: string, file: string): string[] {
  const values = optStringArray(t, key, file, `toolchain.${key}`) ?? [];
  for (const v of values) {
    if (!PLAIN_NAME.test(v)) {
      throw new RustDockerError({
        file,
        problem: `\`toolchain.${key}\` entry ${JSON.stringify(v)} is not a ${key === 'components' ? 'component' : 'target'} name.`,
        fix: key === 'components'
          ? 'List rustup components by name, e.g. `components = ["rustfmt", "clippy", "rust-src"]`.'
          : 'List target triples, e.g. `targets = ["x86_64-unknown-linux-musl", "wasm32-unknown-unknown"]`.',
      });
    }
  }
  return values;
}

/** Parses the contents of a toolchain file; `legacyAllowed` is false for `rust-toolchain.toml`. */
export function parseToolchainFile(text: string, file: string, name: string, legacyAllowed: boolean): ToolchainInfo {
  const lines = lineCount(text);
  const emptyError = () => new RustDockerError({
    file,
    problem: 'the toolchain file is empty (rustup refuses it).',
    fix: 'Write a channel such as `1.80.0` or `stable`, or a `[toolchain]` table with `channel = "..."`, or delete the file.',
  });
  if (lines === 0) {
    throw emptyError();
  }
  if (lines === 1 && legacyAllowed) {
    const channel = rustTrim(text);
    if (channel === '') {
      throw emptyError();
    }
    checkChannel(channel, file, 'the channel');
    return { file: name, channel, components: [], targets: [], path: null };
  }
  const raw = parseToml(text, file);
  const t = optTable(raw, 'toolchain', file) ?? {};
  const channel = optString(t, 'channel', file, 'toolchain.channel') ?? null;
  const toolchainPath = optString(t, 'path', file, 'toolchain.path') ?? null;
  const components = plainNames(t, 'components', file);
  const targets = plainNames(t, 'targets', file);
  const profile = optString(t, 'profile', file, 'toolchain.profile');
  if (channel === null && toolchainPath === null && components.length === 0 && targets.length === 0 && profile === undefined) {
    throw new RustDockerError({
      file,
      problem: 'the toolchain file sets nothing: it needs a `[toolchain]` table with `channel`, `path`, `components`, `targets` or `profile` (rustup refuses it).',
      fix: 'Add `[toolchain]` and `channel = "..."`, or delete the file.',
    });
  }
  if (channel !== null && toolchainPath !== null) {
    throw new RustDockerError({
      file,
      problem: `\`toolchain.channel\` and \`toolchain.path\` are both set: rustup refuses to use both (cannot specify both channel (${printable(channel)}) and path (${printable(toolchainPath)}) simultaneously).`,
      fix: 'Keep `channel` (a container build can install it) and remove `path`.',
    });
  }
  if (profile !== undefined && !PROFILES.includes(profile)) {
    throw new RustDockerError({
      file,
      problem: `\`toolchain.profile\` ${JSON.stringify(profile)} is not a rustup profile (rustup refuses it).`,
      fix: `Use one of ${PROFILES.map((p) => `\`${p}\``).join(', ')}, or remove \`profile\`.`,
    });
  }
  if (channel !== null) {
    checkChannel(channel, file, '`toolchain.channel`');
  }
  return { file: name, channel, components, targets, path: toolchainPath };
}

/** The toolchain file of the directory `dir` (the workspace root). */
export function readToolchain(dir: string): ToolchainInfo {
  const legacyFile = path.join(dir, 'rust-toolchain');
  const tomlFile = path.join(dir, 'rust-toolchain.toml');
  const legacy = tryReadText(legacyFile);
  if (legacy !== null) {
    return parseToolchainFile(legacy, legacyFile, 'rust-toolchain', true);
  }
  const toml = tryReadText(tomlFile);
  if (toml !== null) {
    return parseToolchainFile(toml, tomlFile, 'rust-toolchain.toml', false);
  }
  return NO_TOOLCHAIN;
}
