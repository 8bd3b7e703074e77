import type { BinaryImageOptions } from './options';
import { RustDockerError } from '../core/errors';
import { FILE_NAME, IMAGE_REFERENCE as IMAGE, validPort } from '../core/rules';

/** Characters that would end a Dockerfile line or a shell word early. */
const LINE_BREAKERS = /[\r\n\u0000\u2028\u2029]/;
const VERSION = /^\d+\.\d+(\.\d+)?$/;
const NUMERIC_USER = /^\d+(:\d+)?$/;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/;
const CARGO_NAME = /^[A-Za-z0-9_][A-Za-z0-9_\-]*$/;
const FEATURE = /^[A-Za-z0-9_][A-Za-z0-9_\-+./]*$/;

/** `problem` is a sentence about the option's value: "is empty.", rendered after the option name. */
function fail(option: string, problem: string, fix: string): never {
  throw new RustDockerError({ option, problem, fix });
}

function check(option: string, value: string, pattern: RegExp | undefined, fix: string): void {
  if (value.trim() === '') {
    fail(option, 'is empty.', fix);
  }
  if (LINE_BREAKERS.test(value)) {
    fail(option, `contains a line break (${JSON.stringify(value)}), which would break out of its Dockerfile line.`, fix);
  }
  if (pattern && !pattern.test(value)) {
    fail(option, `is ${JSON.stringify(value)}, which is not valid.`, fix);
  }
}

/** Checks a key of a map option (`env`, `labels`); the error names the map, as the user writes it. */
function checkKey(option: string, key: string, pattern: RegExp, what: string, fix: string): void {
  if (key.trim() === '') {
    fail(option, `has an empty key (${JSON.stringify(key)}).`, fix);
  }
  if (LINE_BREAKERS.test(key)) {
    fail(option, `has the key ${JSON.stringify(key)}, which contains a line break and would break out of its Dockerfile line.`, fix);
  }
  if (!pattern.test(key)) {
    fail(option, `has the key ${JSON.stringify(key)}, which is not a valid ${what}.`, fix);
  }
}

/**
 * Validates every option on its own (combinations are checked while planning). Throws a
 * RustDockerError whose `option` is the first offending option.
 */
export function validateOptions(options: BinaryImageOptions): void {
  if (options.cargoDir !== undefined) {
    check('cargoDir', options.cargoDir, undefined, 'Give the directory of Cargo.toml relative to the project, e.g. "." or "rust".');
  }
  if (options.dockerfileName !== undefined) {
    check('dockerfileName', options.dockerfileName, FILE_NAME, 'Use a plain file name such as "Dockerfile" or "Dockerfile.api".');
  }
  if (options.binary !== undefined) {
    check('binary', options.binary, CARGO_NAME, 'Use the name of a [[bin]] target, as `cargo build --bin` takes it.');
  }
  if (options.package !== undefined) {
    check('package', options.package, CARGO_NAME, 'Use the [package] name of a workspace member.');
  }
  (options.features ?? []).forEach((feature, i) =>
    check(`features[${i}]`, feature, FEATURE, 'Use feature names as `cargo build --features` takes them, e.g. "tls" or "serde/derive".'));
  if (options.profile !== undefined) {
    check('profile', options.profile, CARGO_NAME, 'Use a Cargo profile name such as "release", "dev" or a [profile.<name>] of Cargo.toml.');
  }
  if (options.rustVersion !== undefined) {
    check('rustVersion', options.rustVersion, VERSION, 'Use a Rust version such as "1.80" or "1.80.1"; for nightly toolchains use rust-toolchain.toml.');
  }
  if (options.builderImage !== undefined) {
    check('builderImage', options.builderImage, IMAGE, 'Use an image reference such as "rust:1.80-bookworm" or "registry.example.com/rust@sha256:<digest>".');
  }
  if (options.runtime !== undefined) {
    check('runtime', options.runtime.image, IMAGE, 'Pass an image reference to Runtime.custom(), e.g. "registry.example.com/base:1.2".');
  }
  if (options.user !== undefined) {
    check('user', options.user, NUMERIC_USER, 'Use a numeric "uid" or "uid:gid" such as "10001" or "10001:10001", so that runAsNonRoot can verify it.');
  }
  (options.ports ?? []).forEach((port, i) => {
    if (!validPort(port)) {
      fail(`ports[${i}]`, `is ${port}, which is not a port.`, 'Use whole numbers from 1 to 65535.');
    }
  });
  for (const [key, value] of Object.entries(options.env ?? {})) {
    checkKey('env', key, ENV_KEY, 'environment variable name', 'Environment variable names are letters, digits and underscores, not starting with a digit.');
    checkValue(`env.${key}`, value);
  }
  (options.args ?? []).forEach((arg, i) => checkValue(`args[${i}]`, arg, true));
  for (const [key, value] of Object.entries(options.labels ?? {})) {
    checkKey('labels', key, LABEL_KEY, 'label key', 'Label keys are letters, digits, ".", "-", "_" and "/", e.g. "org.example.team".');
    checkValue(`labels.${key}`, value);
  }
}

function checkValue(option: string, value: string, allowEmpty = false): void {
  if (typeof value !== 'string') {
    fail(option, `is ${JSON.stringify(value)}, not a string.`, 'Give a string value.');
  }
  if (!allowEmpty && value === '') {
    fail(option, 'is empty.', 'Give a value, or leave the key out.');
  }
  if (LINE_BREAKERS.test(value)) {
    fail(option, `contains a line break (${JSON.stringify(value)}), which would break out of its Dockerfile line.`, 'Put the value on one line.');
  }
}

/** Whether a string is a plain Rust version (`1.80`, `1.80.1`). */
export function isRustVersion(value: string): boolean {
  return VERSION.test(value);
}
