/**
 * Workspace member globs, expanded the way cargo expands them: with the `glob` crate and its
 * default options. The pattern is split into `/`-separated components and matched one
 * directory level at a time:
 *
 * - `*` any run of characters, `?` one character, `[abc]`, `[a-z]`, `[!abc]` one character of
 *   (or not of) a set; `[*]` escapes a metacharacter; `]` first in a set is literal;
 * - `**` (a whole component only) matches any number of directories below the current one,
 *   including none when more components follow; a trailing `**` yields the subdirectories
 *   themselves (recursively) but not the directory it starts from;
 * - names starting with `.` are matched by wildcards too (`require_literal_leading_dot` is off);
 *   a component starting with a literal `.` can also match the special entries `.` and `..`;
 * - a component without metacharacters is looked up directly (no directory listing);
 * - symbolic links are followed; results are returned in the crate's (sorted) order.
 *
 * Why not picomatch/minimatch: they follow shell rules (dotfiles skipped, `**` also matching
 * its own directory, different bracket parsing) where cargo's `glob` crate does not, and
 * member discovery must equal cargo's. The oracle tests pin these differences.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDirectory as isDir } from './fsutil';

type CharSpec = { readonly from: string; readonly to: string };
type Token =
  | { readonly t: 'char'; readonly c: string }
  | { readonly t: 'any' }
  | { readonly t: 'star' }
  | { readonly t: 'within'; readonly specs: CharSpec[] }
  | { readonly t: 'except'; readonly specs: CharSpec[] };

interface Component {
  readonly recursive: boolean;
  readonly tokens: Token[];
  /** The text when the component has no metacharacters. */
  readonly literal: string | null;
}

/**
 * A pattern the `glob` crate refuses; `position` is 0-based in the pattern string.
 * Internal: `expandGlob` does not know which file or key the pattern comes from, so its caller
 * (`expandMemberEntries` in members.ts) turns this into a RustDockerError naming the file.
 */
export class GlobPatternError extends Error {
  constructor(public readonly pattern: string, public readonly position: number, public readonly reason: string) {
    super(`Pattern syntax error near position ${position}: ${reason}`);
    this.name = 'GlobPatternError';
  }
}

/** True when `pattern` contains a glob metacharacter. */
export function hasGlobMeta(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

function parseSpecs(chars: string[]): CharSpec[] {
  const specs: CharSpec[] = [];
  let i = 0;
  while (i < chars.length) {
    if (i + 3 <= chars.length && chars[i + 1] === '-') {
      specs.push({ from: chars[i], to: chars[i + 2] });
      i += 3;
    } else {
      specs.push({ from: chars[i], to: chars[i] });
      i += 1;
    }
  }
  return specs;
}

/** Compiles one component; `offset` is its position in the whole pattern (for errors). */
function compileComponent(text: string, whole: string, offset: number): Component {
  const chars = [...text];
  const tokens: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i];
    if (c === '?') {
      tokens.push({ t: 'any' });
      i += 1;
    } else if (c === '*') {
      let n = 0;
      while (chars[i + n] === '*') {
        n++;
      }
      if (n > 2) {
        throw new GlobPatternError(whole, offset + i + 2, 'wildcards are either regular `*` or recursive `**`');
      }
      if (n === 2) {
        if (chars.length !== 2) {
          throw new GlobPatternError(whole, offset + (i === 0 ? 2 : i - 1), 'recursive wildcards must form a single path component');
        }
        return { recursive: true, tokens: [], literal: null };
      }
      tokens.push({ t: 'star' });
      i += 1;
    } else if (c === '[') {
      if (i + 4 <= chars.length && chars[i + 1] === '!') {
        const j = chars.slice(i + 3).indexOf(']');
        if (j >= 0) {
          tokens.push({ t: 'except', specs: parseSpecs(chars.slice(i + 2, i + 3 + j)) });
          i += j + 4;
          continue;
        }
      } else if (i + 3 <= chars.length && chars[i + 1] !== '!') {
        const j = chars.slice(i + 2).indexOf(']');
        if (j >= 0) {
          tokens.push({ t: 'within', specs: parseSpecs(chars.slice(i + 1, i + 2 + j)) });
          i += j + 3;
          continue;
        }
      }
      throw new GlobPatternError(whole, offset + i, 'invalid range pattern');
    } else {
      tokens.push({ t: 'char', c });
      i += 1;
    }
  }
  const literal = tokens.every((t) => t.t === 'char') ? text : null;
  return { recursive: false, tokens, literal };
}

/** Splits and compiles a pattern; throws GlobPatternError for what the crate rejects. */
function compile(pattern: string): Component[] {
  const out: Component[] = [];
  let offset = 0;
  for (const part of pattern.split('/')) {
    if (part !== '') {
      const c = compileComponent(part, pattern, offset);
      // consecutive `**` components behave as one
      if (!(c.recursive && out.length > 0 && out[out.length - 1].recursive)) {
        out.push(c);
      }
    }
    offset += part.length + 1;
  }
  return out;
}

function inSpecs(c: string, specs: CharSpec[]): boolean {
  return specs.some((s) => s.from <= c && c <= s.to);
}

function matchTokens(tokens: Token[], ti: number, name: string[], ni: number): boolean {
  while (ti < tokens.length) {
    const tok = tokens[ti];
    if (tok.t === 'star') {
      for (let k = ni; k <= name.length; k++) {
        if (matchTokens(tokens, ti + 1, name, k)) {
          return true;
        }
      }
      return false;
    }
    if (ni >= name.length) {
      return false;
    }
    const c = name[ni];
    const ok = tok.t === 'any'
      || (tok.t === 'char' && tok.c === c)
      || (tok.t === 'within' && inSpecs(c, tok.specs))
      || (tok.t === 'except' && !inSpecs(c, tok.specs));
    if (!ok) {
      return false;
    }
    ti++;
    ni++;
  }
  return ni === name.length;
}

/** Whether one file name matches one (non-recursive) component. */
function matchesName(comp: Component, name: string): boolean {
  return matchTokens(comp.tokens, 0, [...name], 0);
}

function existsOrLink(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function listSorted(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch {
    return [];
  }
}

/**
 * Expands `pattern` (relative to `base`) into absolute paths, files and directories alike,
 * without normalising them (cargo normalises later).
 */
export function expandGlob(base: string, pattern: string): string[] {
  const comps = compile(pattern);
  const results: string[] = [];
  if (comps.length === 0) {
    return existsOrLink(base) ? [base] : [];
  }
  // `dir` has matched components [0, idx); match what lies below it against comps[idx..].
  const walk = (dir: string, idx: number, visited: Set<string>): void => {
    const comp = comps[idx];
    const last = idx === comps.length - 1;
    const accept = (p: string) => (last ? results.push(p) : walk(p, idx + 1, visited));
    if (comp.recursive) {
      if (!isDir(dir)) {
        return;
      }
      let real: string;
      try {
        real = fs.realpathSync(dir);
      } catch {
        return;
      }
      if (visited.has(real)) {
        return; // a symlink cycle: the crate would loop forever, we stop
      }
      const inner = new Set(visited).add(real);
      for (const name of listSorted(dir)) {
        const child = path.join(dir, name);
        const childIsDir = isDir(child);
        if (last) {
          if (childIsDir) {
            results.push(child);
            walk(child, idx, inner);
          }
          continue;
        }
        if (childIsDir) {
          walk(child, idx, inner);
        }
        matchChild(child, name, idx + 1, inner);
      }
      return;
    }
    if (comp.literal !== null) {
      const special = comp.literal === '.' || comp.literal === '..';
      const next = path.join(dir, comp.literal);
      if (special ? isDir(dir) : existsOrLink(next)) {
        accept(special ? `${dir}/${comp.literal}` : next);
      }
      return;
    }
    if (!isDir(dir)) {
      return;
    }
    for (const name of listSorted(dir)) {
      if (matchesName(comp, name)) {
        accept(path.join(dir, name));
      }
    }
    const first = comp.tokens[0];
    if (first && first.t === 'char' && first.c === '.') {
      for (const special of ['.', '..']) {
        if (matchesName(comp, special)) {
          accept(`${dir}/${special}`);
        }
      }
    }
  };
  // A child reached through `**` is matched against the component after it.
  const matchChild = (child: string, name: string, idx: number, visited: Set<string>): void => {
    const comp = comps[idx];
    const last = idx === comps.length - 1;
    const ok = comp.literal !== null ? comp.literal === name : matchesName(comp, name);
    if (ok) {
      if (last) {
        results.push(child);
      } else {
        walk(child, idx + 1, visited);
      }
    }
  };
  walk(base, 0, new Set());
  return results;
}
