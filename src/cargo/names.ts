/**
 * cargo's rules for the names and versions written in a manifest, as cargo 1.95 applies them
 * when it loads the manifest (so `cargo metadata` fails on a violation too):
 *
 * - package and dependency names: Unicode XID characters and `-`; the first character is an
 *   XID start character or `_` (no digit, no `-`);
 * - feature names: the first character is an XID start character, `_` or a digit; then XID
 *   continue characters, `-`, `+` or `.`; never `dep:`-prefixed, never with `/`;
 * - `rust-version`: `MAJOR[.MINOR[.PATCH]]`, decimal numbers without leading zeros, no
 *   pre-release or build part, spaces around it ignored; at least the version the edition
 *   needs (2018: 1.31, 2021: 1.56, 2024: 1.85).
 *
 * Each check returns the problem as a sentence (null when the value is fine), so that the
 * caller, which knows the file and the key, builds the RustDockerError.
 */

const XID_START = /^\p{XID_Start}$/u;
const XID_CONTINUE = /^\p{XID_Continue}$/u;
const DIGIT = /^[0-9]$/;

/** cargo's package-name rules (also for the keys of dependency tables and `package = "..."`). */
export function packageNameProblem(name: string, what = 'package name'): string | null {
  if (name === '') {
    return `${what} cannot be empty.`;
  }
  const chars = [...name];
  if (/^\p{Nd}$/u.test(chars[0])) {
    return `invalid character \`${chars[0]}\` in ${what}: \`${name}\`, the name cannot start with a digit.`;
  }
  for (const [i, c] of chars.entries()) {
    const ok = i === 0 ? XID_START.test(c) || c === '_' : XID_CONTINUE.test(c) || c === '-';
    if (!ok) {
      return `invalid character \`${printable(c)}\` in ${what}: \`${printable(name)}\`, ` +
        (i === 0 ? 'the first character must be a Unicode XID start character (most letters or `_`).' : 'characters must be Unicode XID characters (numbers, `-`, `_`, or most letters).');
    }
  }
  return null;
}

/** cargo's feature-name rules (the keys of `[features]`, and the feature part of `dep/feature`). */
export function featureNameProblem(name: string): string | null {
  if (name === '') {
    return 'feature name cannot be empty.';
  }
  if (name.startsWith('dep:')) {
    return `feature named \`${printable(name)}\` is not allowed to start with \`dep:\`.`;
  }
  if (name.includes('/')) {
    return `invalid character \`/\` in feature name: \`${printable(name)}\`, feature name is not allowed to contain slashes.`;
  }
  for (const [i, c] of [...name].entries()) {
    const ok = i === 0
      ? XID_START.test(c) || c === '_' || DIGIT.test(c)
      : XID_CONTINUE.test(c) || c === '-' || c === '+' || c === '.';
    if (!ok) {
      return `invalid character \`${printable(c)}\` in feature name: \`${printable(name)}\`, ` +
        (i === 0
          ? 'the first character must be a Unicode XID start character or digit (most letters or `_` or `0` to `9`).'
          : 'characters must be Unicode XID characters, `-`, `+`, or `.` (numbers, `+`, `-`, `_`, `.`, or most letters).');
    }
  }
  return null;
}

/** The minimum `rust-version` of each edition (cargo: "rust-version X is incompatible with ..."). */
const EDITION_MIN_RUST: Record<string, number[]> = { 2018: [1, 31, 0], 2021: [1, 56, 0], 2024: [1, 85, 0] };

const U64_MAX = BigInt('18446744073709551615');

export type RustVersionResult =
  | { readonly ok: true; readonly version: string; readonly parts: bigint[] }
  | { readonly ok: false; readonly problem: string };

/**
 * Parses `rust-version` as cargo does: ASCII spaces around it are ignored (and dropped, as
 * `cargo metadata` reports it); one to three numbers separated by `.`.
 */
export function parseRustVersion(raw: string): RustVersionResult {
  const value = raw.replace(/^ +| +$/g, '');
  const expected = 'expected a version like "1.32"';
  if (/^(0|[1-9]\d*)(\.(0|[1-9]\d*)){0,2}-/.test(value)) {
    return { ok: false, problem: `unexpected prerelease field, ${expected}.` };
  }
  if (/^(0|[1-9]\d*)(\.(0|[1-9]\d*)){0,2}\+/.test(value)) {
    return { ok: false, problem: `unexpected build field, ${expected}.` };
  }
  if (/^[\^=~<>*]|[*xX]$|,/.test(value)) {
    return { ok: false, problem: `unexpected version requirement, ${expected}.` };
  }
  if (!/^(0|[1-9]\d*)(\.(0|[1-9]\d*)){0,2}$/.test(value)) {
    return { ok: false, problem: `${expected}.` };
  }
  const parts = value.split('.').map((p) => BigInt(p));
  if (parts.some((p) => p > U64_MAX)) {
    return { ok: false, problem: `${expected}.` };
  }
  return { ok: true, version: value, parts };
}

/** The problem when a valid `rust-version` is older than its edition allows, else null. */
export function rustVersionEditionProblem(parts: bigint[], version: string, edition: string): string | null {
  const min = EDITION_MIN_RUST[edition];
  if (!min) {
    return null;
  }
  const full = [0, 1, 2].map((i) => parts[i] ?? BigInt(0));
  for (let i = 0; i < 3; i++) {
    if (full[i] !== BigInt(min[i])) {
      return full[i] < BigInt(min[i])
        ? `rust-version ${version} is incompatible with the version (${min.join('.')}) required by the specified edition (${edition}).`
        : null;
    }
  }
  return null;
}

/** A value as it can be shown inside a one-line message: control characters escaped. */
export function printable(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/gu, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}
