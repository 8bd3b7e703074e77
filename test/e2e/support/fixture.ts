/**
 * Fixtures in temporary directories: copy a committed fixture, synthesize its Dockerfile
 * with the component, edit its files. Never touches the checkout.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';
import { FIXTURES_DIR } from './paths';
import { runId } from './run';
import type { RustDockerImageOptions } from '../../../src';
import { RustDockerImage } from '../../../src';

const copies = new Set<string>();

/**
 * Copies `test/fixtures/e2e/<name>` to a new temporary directory and stamps its root
 * `Cargo.toml` with a comment unique to the run and variant: the manifests then differ from
 * every earlier run, so the first build of the run compiles for real (a cold build) while
 * the base images and runtime layers stay cached.
 */
export function copyFixture(name: string, variant: string = name): string {
  const source = path.join(FIXTURES_DIR, name);
  if (!fs.existsSync(path.join(source, 'Cargo.toml'))) {
    throw new Error(`no fixture ${source}/Cargo.toml`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `prd-e2e-${name}-`));
  copies.add(dir);
  fs.cpSync(source, dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'Cargo.toml'), `\n# e2e run ${runId()} ${variant}\n`);
  return dir;
}

/**
 * Synthesizes one `RustDockerImage` per options object in a bare projen project whose outdir
 * is `dir` (a new Project each call, like a fresh `npx projen`). The syntax directive is off:
 * an offline engine cannot pull the Dockerfile frontend image.
 */
export function synthesize(dir: string, images: RustDockerImageOptions[] = [{}]): void {
  const project = new Project({ name: 'e2e-fixture', outdir: dir });
  for (const options of images) {
    new RustDockerImage(project, { ...options, syntaxDirective: false });
  }
  project.synth();
}

/** Replaces `from` (which must occur) with `to` in a fixture file. */
export function editFile(dir: string, file: string, from: string, to: string): void {
  const full = path.join(dir, file);
  const text = fs.readFileSync(full, 'utf8');
  if (!text.includes(from)) {
    throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  }
  fs.writeFileSync(full, text.replace(from, to));
}

/** Writes files (relative path → content), creating directories. */
export function writeFiles(dir: string, files: { [file: string]: string }): void {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
}

/**
 * Sets the modification time of every file under `dir` to `when`: older than earlier build
 * artifacts, as an archive, `cp -p`, `rsync -a` or a CI cache restore leaves them; or newer,
 * as a fresh clone on a CI runner.
 */
export function setFileTimes(dir: string, when: Date): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile()) {
      fs.utimesSync(full, when, when);
    }
  }
}

export function readText(dir: string, file: string): string {
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

/** A new empty temporary directory, removed with the fixture copies (e.g. for a Dockerfile kept outside a context). */
export function scratchDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prd-e2e-scratch-'));
  copies.add(dir);
  return dir;
}

/** Removes every fixture copy (and scratch directory) made by this process. */
export function removeCopies(): void {
  for (const dir of copies) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  copies.clear();
}
