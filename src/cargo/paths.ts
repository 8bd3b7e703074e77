/** Path helpers: the model uses `/`-separated paths relative to the workspace root. */
import * as path from 'path';

/** `target` relative to `root`, `/`-separated; `.` for the root itself. */
export function relPosix(root: string, target: string): string {
  const rel = path.relative(root, target);
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

/** True when `target` is `dir` or lies below it, compared component by component. */
export function isWithin(dir: string, target: string): boolean {
  const rel = path.relative(dir, target);
  if (rel === '') {
    return true;
  }
  return !path.isAbsolute(rel) && rel.split(path.sep)[0] !== '..';
}

/**
 * A key under which two paths compare equal exactly when Rust's `Path` would: `.` components
 * and repeated or trailing separators are ignored, `..` is kept as written.
 */
export function rustPathKey(p: string): string {
  const parts = p.split(/[\\/]+/).filter((c) => c !== '' && c !== '.');
  return (p.startsWith('/') ? '/' : '') + parts.join('/');
}
