import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Repositories shaped like real ones, for adoption (see its README.md). */
export const ADOPTION_FIXTURES = path.join(__dirname, '..', 'fixtures', 'adoption');

/** A copy of an adoption fixture (symbolic links kept as links) in a temporary directory. */
export function fixtureCopy(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `prd-adopt-${name}-`));
  fs.cpSync(path.join(ADOPTION_FIXTURES, name), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}
