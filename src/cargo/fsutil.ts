/** Small file-system probes that never throw (symbolic links are followed). */
import * as fs from 'fs';

export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Rust's `Path::exists`: follows symbolic links, so a dangling link does not exist. */
export function exists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The file's text, or null when it cannot be read (missing, dangling link, directory). */
export function tryReadText(p: string): string | null {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return null;
  }
}
