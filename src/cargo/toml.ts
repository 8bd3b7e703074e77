/**
 * Reading TOML files. `@iarna/toml` is a bundled dependency whose types must never leave this
 * folder: everything here returns plain `Record<string, unknown>` data.
 */
import * as fs from 'fs';
import * as TOML from '@iarna/toml';
import { isTomlParseError, messageOf, sentence, tomlSyntaxError } from './errors';
import { RustDockerError } from '../core/errors';

/** Parses TOML text; `file` is only used in error messages. */
export function parseToml(text: string, file: string): Record<string, unknown> {
  // A UTF-8 byte order mark is valid at the start of a TOML file; the parser rejects it.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return TOML.parse(source) as Record<string, unknown>;
  } catch (e) {
    if (isTomlParseError(e)) {
      throw tomlSyntaxError(file, e);
    }
    throw new RustDockerError({
      file,
      problem: `cannot parse TOML: ${sentence(messageOf(e))}`,
      fix: 'Fix the file so that it is valid TOML.',
    });
  }
}

/** Reads and parses a TOML file (symbolic links are followed). */
export function readTomlFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new RustDockerError({
      file,
      problem: `cannot read the file: ${sentence(messageOf(e))}`,
      fix: 'Make sure the file exists and is readable.',
    });
  }
  return parseToml(text, file);
}
