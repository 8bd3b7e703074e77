/**
 * The toolchain file in the workspace root, read as rustup reads it:
 * - `rust-toolchain` wins over `rust-toolchain.toml` when both can be read (rustup warns);
 * - symbolic links are followed; a file that cannot be read (missing, dangling link,
 *   directory) counts as absent;
 * - `rust-toolchain` of exactly one line is the legacy format: the trimmed line is the
 *   channel. Anything else, and `rust-toolchain.toml` always, is TOML with a `[toolchain]`
 *   table (`channel`, `path`, `components`, `targets`, `profile`);
 * - an empty file, or a TOML file that sets none of those keys, is an error.
 */
import * as path from 'path';
import { tryReadText } from './fsutil';
import type { ToolchainInfo } from './model';
import { parseToml } from './toml';
import { optString, optStringArray, optTable } from './values';
import { RustDockerError } from '../core/errors';

export const NO_TOOLCHAIN: ToolchainInfo = { file: null, channel: null, components: [], targets: [] };

/** Rust's `str::lines().count()`: a trailing newline does not start another line. */
function lineCount(text: string): number {
  if (text === '') {
    return 0;
  }
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
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
    const channel = text.trim();
    if (channel === '') {
      throw emptyError();
    }
    return { file: name, channel, components: [], targets: [] };
  }
  const raw = parseToml(text, file);
  const t = optTable(raw, 'toolchain', file) ?? {};
  const channel = optString(t, 'channel', file, 'toolchain.channel') ?? null;
  const components = optStringArray(t, 'components', file, 'toolchain.components') ?? [];
  const targets = optStringArray(t, 'targets', file, 'toolchain.targets') ?? [];
  const other = ['path', 'profile'].some((k) => t[k] !== undefined);
  if (channel === null && components.length === 0 && targets.length === 0 && !other) {
    throw new RustDockerError({
      file,
      problem: 'the toolchain file sets nothing: it needs a `[toolchain]` table with `channel`, `path`, `components`, `targets` or `profile` (rustup refuses it).',
      fix: 'Add `[toolchain]` and `channel = "..."`, or delete the file.',
    });
  }
  return { file: name, channel, components, targets };
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
