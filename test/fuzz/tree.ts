import * as fs from 'fs';
import * as path from 'path';
import type { PackageSpec, TreeSpec } from './arbitraries';

/** A TOML basic string: JSON's escapes are TOML's (`\n`, `\"`, `\\`, `\u0000`). */
function str(value: string): string {
  return JSON.stringify(value);
}

function list(values: string[]): string {
  return `[${values.map(str).join(', ')}]`;
}

/** Writes a file only where it stays inside `root` and the name can exist on this machine. */
function write(root: string, file: string, text: string): void {
  if (file.includes('\u0000')) {
    return;
  }
  const full = path.resolve(root, file);
  if (!full.startsWith(`${root}${path.sep}`)) {
    return;
  }
  try {
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  } catch {
    // A name this file system refuses (too long, a directory in the way): the tree is
    // simply missing that file, which the reader must report like any missing file.
  }
}

function manifest(pkg: PackageSpec): string {
  const lines = ['[package]', `name = ${str(pkg.name)}`, 'version = "0.1.0"', 'edition = "2021"'];
  if (pkg.rustVersion !== undefined) {
    lines.push(`rust-version = ${str(pkg.rustVersion)}`);
  }
  if (pkg.description !== undefined) {
    lines.push(`description = ${str(pkg.description)}`);
  }
  if (pkg.defaultRun !== undefined) {
    lines.push(`default-run = ${str(pkg.defaultRun)}`);
  }
  if (pkg.features.length > 0) {
    lines.push('', '[features]', ...[...new Set(pkg.features)].map((f) => `${str(f)} = []`));
  }
  if (pkg.lib) {
    lines.push('', '[lib]', 'path = "src/lib.rs"');
  }
  for (const bin of pkg.bins) {
    lines.push('', '[[bin]]', `name = ${str(bin.name)}`);
    if (bin.path !== undefined) {
      lines.push(`path = ${str(bin.path)}`);
    }
    if (bin.requiredFeatures.length > 0) {
      lines.push(`required-features = ${list(bin.requiredFeatures)}`);
    }
  }
  pkg.extraTargets.forEach((kind, i) => {
    const dir = kind === 'example' ? 'examples' : `${kind}s`;
    lines.push('', `[[${kind}]]`, `name = "${kind}${i}"`, `path = "${dir}/${kind}${i}.rs"`);
    if (kind !== 'example') {
      lines.push('harness = false');
    }
  });
  return lines.join('\n') + '\n';
}

/** Writes the tree into `root` (an empty temp dir). */
export function writeTree(root: string, tree: TreeSpec): void {
  if (tree.virtual) {
    write(root, 'Cargo.toml', `[workspace]\nresolver = "2"\nmembers = ${list(tree.packages.map((p) => p.dir))}\n`);
  }
  for (const pkg of tree.packages) {
    const prefix = pkg.dir === '.' ? '' : `${pkg.dir}/`;
    write(root, `${prefix}Cargo.toml`, manifest(pkg));
    if (pkg.autoMain) {
      write(root, `${prefix}src/main.rs`, 'fn main() {}\n');
    }
    if (pkg.lib) {
      write(root, `${prefix}src/lib.rs`, '\n');
    }
    for (const bin of pkg.bins) {
      write(root, `${prefix}${bin.path ?? `src/bin/${bin.name}.rs`}`, 'fn main() {}\n');
    }
    pkg.extraTargets.forEach((kind, i) => {
      const dir = kind === 'example' ? 'examples' : `${kind}s`;
      write(root, `${prefix}${dir}/${kind}${i}.rs`, 'fn main() {}\n');
    });
  }
  if (tree.imageLock !== undefined) {
    write(root, 'docker-images.lock.json', typeof tree.imageLock === 'string' ? tree.imageLock : `${JSON.stringify(tree.imageLock)}\n`);
  }
  if (tree.toolchain) {
    write(root, 'rust-toolchain.toml', `[toolchain]\nchannel = ${str(tree.toolchain.channel)}\ncomponents = ${list(tree.toolchain.components)}\n`);
  }
  if (tree.lock !== 'none') {
    const packages = tree.lock === 'full' ? tree.packages : tree.lock === 'partial' ? tree.packages.slice(0, 1) : [];
    // Native crates (tree.native) are dependencies of every member in the lock: the builder may install packages for them.
    const native = tree.native ?? [];
    const dependencies = native.length ? `\ndependencies = ${list(native.map((n) => n.name))}` : '';
    write(root, 'Cargo.lock', ['version = 3',
      ...packages.map((p) => `\n[[package]]\nname = ${str(p.name)}\nversion = "0.1.0"${dependencies}`),
      ...(packages.length ? native : []).map((n) => `\n[[package]]\nname = ${str(n.name)}\nversion = ${str(n.version)}`)].join('\n') + '\n');
  }
}
