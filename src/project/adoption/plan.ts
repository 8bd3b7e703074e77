import * as path from 'path';
import type { DockerfileHints } from './dockerfile-hints';
import { dockerfileHints } from './dockerfile-hints';
import type { RepositoryFacts } from './facts';
import { Runtime } from '../../plan/runtime';
import { DEFAULT_RUST_VERSION } from '../../plan/toolchain';

/**
 * One call on the project after it is constructed, kept as data so that the same list is
 * applied during `projen new` and written into `.projenrc.ts` (so the next `npx projen`
 * does exactly what `projen new` did).
 */
export type AdoptionStatement =
  | { readonly call: 'gitignore.addPatterns' | 'npmignore?.addPatterns'; readonly args: string[]; readonly comment: string }
  | { readonly call: 'gitattributes.addAttributes'; readonly args: [string, ...string[]]; readonly comment?: string }
  | { readonly call: 'package.addField'; readonly args: [string, unknown]; readonly comment?: string }
  | { readonly call: 'package.setScript'; readonly args: [string, string]; readonly comment?: string }
  | { readonly call: 'addDeps' | 'addDevDeps' | 'addPeerDeps'; readonly args: string[]; readonly comment?: string };

/** An option decided by adoption, with why, in the order `.projenrc.ts` shows it. */
export interface AdoptedOption {
  /** Where it goes: the project's options, or the image options (`imageOptions` / `workspaceImagesOptions`), or their `workflow`. */
  readonly scope: 'project' | 'image' | 'workflow';
  readonly name: string;
  readonly value: unknown;
  /** Why, shown above the option. */
  readonly comment: string;
  /** Shown commented out: a detected value that is already the default, so the project keeps following the Cargo files. */
  readonly hint?: boolean;
}

/** What `projen new` does in an existing repository, and what it tells the user. */
export interface Adoption {
  /** Several binaries: `RustWorkspaceImages`, else `RustDockerImage`. */
  readonly workspace: boolean;
  readonly options: AdoptedOption[];
  readonly statements: AdoptionStatement[];
  /** Files the user owns whose contents are carried into the generated ones (supersets), so they may be rewritten. */
  readonly merged: string[];
  /** Whether no LICENSE is written (the repository has one, or declares its license in Cargo.toml). */
  readonly keepLicense: boolean;
  /** Whether an existing package.json was merged (then `projen new` installs nothing unless asked). */
  readonly packageJson: boolean;
  /** What was found and decided, one line each, for the user. */
  readonly notes: string[];
}

/** The options the user gave on the `projen new` command line (they always win). */
export interface AdoptionRequest {
  readonly ports?: number[];
  readonly dockerfileName?: string;
  readonly workflowName?: string;
  readonly licensed?: boolean;
}

const GENERATED_DOCKERFILE = 'Dockerfile.projen';
const WORKFLOW_NAMES = ['docker', 'docker-image', 'docker-images', 'rust-docker'];
const RUNTIMES: Array<[RegExp, Runtime, string]> = [
  [/^scratch$/i, Runtime.SCRATCH, 'Runtime.SCRATCH'],
  [/distroless\/static/i, Runtime.DISTROLESS_STATIC, 'Runtime.DISTROLESS_STATIC'],
  [/distroless\//i, Runtime.DISTROLESS_CC, 'Runtime.DISTROLESS_CC'],
  [/(^|\/)alpine(:|@|$)/i, Runtime.ALPINE, 'Runtime.ALPINE'],
  [/(^|\/)(debian|ubuntu)(:|@|$)/i, Runtime.DEBIAN_SLIM, 'Runtime.DEBIAN_SLIM'],
];

/** A runtime written as code in `.projenrc.ts`. */
export interface RuntimeChoice {
  readonly runtime: Runtime;
  readonly expression: string;
}

/** Decides the adoption of the repository described by `facts`. Pure. */
export function planAdoption(facts: RepositoryFacts, request: AdoptionRequest = {}): Adoption {
  const notes: string[] = [];
  const options: AdoptedOption[] = [];
  const statements: AdoptionStatement[] = [];
  const merged: string[] = [];
  const ws = facts.workspace;
  const bins = ws ? ws.members.flatMap((p) => p.bins.map((b) => ({ pkg: p, bin: b.name }))) : [];
  const workspace = bins.length > 1;
  const image = (name: string, value: unknown, comment: string, hint = false) => options.push({ scope: 'image', name, value, comment, hint });

  // License: the repository's stays; projen writes none.
  const spdx = cargoLicense(facts);
  const keepLicense = request.licensed === undefined && (facts.licenseFiles.length > 0 || ws !== undefined);
  if (keepLicense) {
    const where = facts.licenseFiles.length > 0
      ? `${facts.licenseFiles.join(', ')} ${facts.licenseFiles.length === 1 ? 'stays as it is' : 'stay as they are'}`
      : 'the repository has no license file and none is added';
    options.push({ scope: 'project', name: 'licensed', value: false, comment: `Your license: ${where}; projen writes no LICENSE.` });
    notes.push(`license: ${where}; no LICENSE written${spdx ? `; package.json says ${spdx}, as Cargo.toml does` : ''}`);
  }

  // Binaries and toolchain, shown so the user sees what the image builds.
  if (ws && bins.length > 0) {
    if (workspace) {
      notes.push(`binaries: ${bins.map((b) => `${b.bin} (${b.pkg.dir})`).join(', ')}: one image each, from one Dockerfile (RustWorkspaceImages)`);
    } else {
      image('binary', bins[0].bin, `The binary: ${bins[0].bin}, the only one (package ${bins[0].pkg.name}). Set it to build another.`, true);
      notes.push(`binary: ${bins[0].bin} (package ${bins[0].pkg.name})`);
    }
    const version = toolchainOf(facts);
    image('rustVersion', version.version, `Toolchain: Rust ${version.version}, from ${version.source}; the builder follows it. Set it to pin another.`, true);
    notes.push(`toolchain: Rust ${version.version} from ${version.source}`);
  }

  // The existing Dockerfile stays; what it says becomes the detected choices.
  const hints: DockerfileHints | undefined = facts.dockerfile ? dockerfileHints(facts.dockerfile.text) : undefined;
  if (facts.dockerfile && hints) {
    const runtime = hints.finalImage ? runtimeFor(hints.finalImage) : undefined;
    if (runtime) {
      image('runtime', runtime, `Runtime: the final stage of your ${facts.dockerfile.path} is ${hints.finalImage}.`);
      notes.push(`runtime: ${runtime.runtime.name}, as the final stage of ${facts.dockerfile.path} (${hints.finalImage})`);
    } else if (hints.finalImage) {
      notes.push(`runtime: the final stage of ${facts.dockerfile.path} is ${hints.finalImage}, which no built-in runtime matches: the default (debian-slim) is used; Runtime.custom() takes any image`);
    }
    if (hints.ports.length > 0 && request.ports === undefined) {
      options.push({ scope: 'project', name: 'ports', value: hints.ports, comment: `Ports: EXPOSE in your ${facts.dockerfile.path}.` });
      notes.push(`ports: ${hints.ports.join(', ')}, from EXPOSE in ${facts.dockerfile.path}`);
    }
  }

  // Generated files never replace the user's: pick free names.
  const context = facts.contextDir;
  const inContext = (name: string) => path.posix.normalize(path.posix.join(context, name));
  let renamed = false;
  if (request.dockerfileName === undefined && facts.taken(inContext('Dockerfile'))) {
    const name = firstFree([GENERATED_DOCKERFILE, `${GENERATED_DOCKERFILE}-2`, `${GENERATED_DOCKERFILE}-3`], (n) => facts.taken(inContext(n)));
    const link = facts.dockerfile?.linkTarget ? ` (a symbolic link to ${facts.dockerfile.linkTarget})` : '';
    image('dockerfileName', name, `Your ${inContext('Dockerfile')}${link} stays yours; the generated one is ${inContext(name)}, so both build during the move.`);
    notes.push(`Dockerfile: ${inContext('Dockerfile')}${link} is kept; the generated one is ${inContext(name)}`);
    renamed = true;
  }
  if (workspace && facts.taken(inContext('docker-bake.hcl'))) {
    const name = firstFree(['docker-bake.projen.hcl', 'docker-bake.projen-2.hcl'], (n) => facts.taken(inContext(n)));
    image('bakeFileName', name, `Your ${inContext('docker-bake.hcl')} stays yours.`);
    notes.push(`bake file: ${inContext('docker-bake.hcl')} is kept; the generated one is ${inContext(name)}`);
  }
  const workflowTaken = (n: string) => facts.taken(`.github/workflows/${n}.yml`) || facts.taken(`.github/workflows/${n}.yaml`);
  const defaultWorkflow = renamed ? undefined : 'docker';
  if (request.workflowName === undefined && (renamed || (defaultWorkflow !== undefined && workflowTaken(defaultWorkflow)))) {
    const name = firstFree(WORKFLOW_NAMES, workflowTaken);
    const taken = WORKFLOW_NAMES.filter(workflowTaken).map((n) => `.github/workflows/${n}.yml`);
    options.push({ scope: 'workflow', name: 'workflowName', value: name, comment: taken.length > 0 ? `${taken.join(', ')} stay${taken.length === 1 ? 's' : ''} yours; this workflow is .github/workflows/${name}.yml.` : `The workflow of the image: .github/workflows/${name}.yml.` });
    notes.push(`workflow: .github/workflows/${name}.yml${taken.length > 0 ? ` (${taken.join(', ')} kept)` : ''}`);
  }
  if (renamed) {
    // A renamed Dockerfile would otherwise name the image after the file (…-projen).
    options.push({ scope: 'workflow', name: workspace ? 'imageNamePrefix' : 'imageName', value: 'ghcr.io/${{ github.repository }}', comment: workspace ? 'Image names: one per binary under the repository\'s name.' : 'The image keeps the repository\'s name.' });
  }

  // Ignore files: the generated ones keep every line of yours.
  const dockerignore = inContext('.dockerignore');
  if (facts.dockerignore) {
    image('dockerignorePatterns', facts.dockerignore, `Every line of your ${dockerignore}; the rules the build needs still win.`);
    merged.push(dockerignore);
    notes.push(`${dockerignore}: ${facts.dockerignore.length} lines carried into the generated one`);
  }
  if (facts.gitignore) {
    const patterns = facts.gitignore.filter((l) => l.trim() !== '' && !l.startsWith('#'));
    if (patterns.length > 0) {
      statements.push({ call: 'gitignore.addPatterns', args: patterns, comment: 'Every pattern of your .gitignore: the generated one keeps them all.' });
    }
    merged.push('.gitignore');
    notes.push(`.gitignore: ${patterns.length} patterns carried over`);
  }
  if (facts.npmignore) {
    const patterns = facts.npmignore.filter((l) => l.trim() !== '' && !l.startsWith('#'));
    if (patterns.length > 0) {
      statements.push({ call: 'npmignore?.addPatterns', args: patterns, comment: 'Every pattern of your .npmignore.' });
    }
    merged.push('.npmignore');
    notes.push(`.npmignore: ${patterns.length} patterns carried over`);
  }
  if (facts.gitattributes) {
    let first = true;
    let count = 0;
    for (const line of facts.gitattributes) {
      const [glob, ...attributes] = line.trim().split(/\s+/);
      if (!glob || glob.startsWith('#') || attributes.length === 0) {
        continue;
      }
      statements.push({ call: 'gitattributes.addAttributes', args: [glob, ...attributes], ...(first ? { comment: 'Every line of your .gitattributes.' } : {}) });
      first = false;
      count++;
    }
    merged.push('.gitattributes');
    notes.push(`.gitattributes: ${count} lines carried over`);
  }

  // package.json: merged, never replaced.
  const pkg = facts.packageJson;
  if (facts.packageJsonFromProjenCli) {
    merged.push('package.json');
  }
  if (pkg) {
    merged.push('package.json');
    statements.push(...packageStatements(pkg));
    notes.push(`package.json: its fields, ${Object.keys(asRecord(pkg.scripts)).length} scripts and ${['dependencies', 'devDependencies', 'peerDependencies'].reduce((n, k) => n + Object.keys(asRecord(pkg[k])).length, 0)} dependencies merged into the projen-managed one`);
  }
  if (keepLicense && (pkg === undefined || pkg.license === undefined)) {
    statements.push({ call: 'package.addField', args: ['license', spdx ?? 'UNLICENSED'], comment: spdx ? 'The license Cargo.toml declares.' : 'Cargo.toml declares no license.' });
  }

  return { workspace, options, statements, merged, keepLicense, packageJson: pkg !== undefined, notes };
}

/** The built-in runtime for a base image, when one matches. */
export function runtimeFor(image: string): RuntimeChoice | undefined {
  const match = RUNTIMES.find(([pattern]) => pattern.test(image));
  return match ? { runtime: match[1], expression: match[2] } : undefined;
}

function packageStatements(pkg: { [key: string]: unknown }): AdoptionStatement[] {
  const out: AdoptionStatement[] = [];
  let first = true;
  const comment = () => {
    const c = first ? 'Your package.json, merged: every field, script and dependency stays.' : undefined;
    first = false;
    return c ? { comment: c } : {};
  };
  for (const [key, value] of Object.entries(pkg)) {
    if (key === '//' || key === 'scripts' || key === 'dependencies' || key === 'devDependencies' || key === 'peerDependencies') {
      continue;
    }
    out.push({ call: 'package.addField', args: [key, value], ...comment() });
  }
  for (const [name, command] of Object.entries(asRecord(pkg.scripts))) {
    if (typeof command === 'string') {
      out.push({ call: 'package.setScript', args: [name, command], ...comment() });
    }
  }
  const deps = (field: string) => Object.entries(asRecord(pkg[field])).filter(([, v]) => typeof v === 'string').map(([n, v]) => `${n}@${v as string}`);
  for (const [call, field] of [['addDeps', 'dependencies'], ['addDevDeps', 'devDependencies'], ['addPeerDeps', 'peerDependencies']] as const) {
    const specs = deps(field);
    if (specs.length > 0) {
      out.push({ call, args: specs, ...comment() });
    }
  }
  return out;
}

/** Whether an adopted option's value is a runtime choice (rendered as code, applied as a `Runtime`). */
export function isRuntimeChoice(value: unknown): value is RuntimeChoice {
  return value !== null && typeof value === 'object' && 'expression' in (value as object) && 'runtime' in (value as object);
}

function asRecord(value: unknown): { [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as { [key: string]: unknown } : {};
}

function cargoLicense(facts: RepositoryFacts): string | undefined {
  const ws = facts.workspace;
  if (!ws) {
    return undefined;
  }
  const current = ws.members.find((p) => p.name === ws.currentPackage);
  if (current?.license) {
    return current.license;
  }
  const licenses = [...new Set(ws.members.filter((p) => p.bins.length > 0 && p.license).map((p) => p.license as string))];
  return licenses.length === 1 ? licenses[0] : undefined;
}

function toolchainOf(facts: RepositoryFacts): { version: string; source: string } {
  const ws = facts.workspace!;
  if (ws.toolchain.channel && ws.toolchain.file) {
    return { version: ws.toolchain.channel, source: ws.toolchain.file };
  }
  const versions = [...new Set(ws.members.filter((p) => p.bins.length > 0 && p.rustVersion).map((p) => p.rustVersion as string))];
  const numeric = (v: string) => v.split('.').map(Number);
  const newer = (a: string, b: string) => {
    const [x, y] = [numeric(a), numeric(b)];
    const i = [0, 1, 2].find((k) => (x[k] ?? 0) !== (y[k] ?? 0));
    return i === undefined || (x[i] ?? 0) > (y[i] ?? 0) ? a : b;
  };
  return versions.length > 0
    ? { version: versions.reduce(newer), source: 'rust-version in Cargo.toml' }
    : { version: DEFAULT_RUST_VERSION, source: 'this library\'s default (no rust-toolchain.toml, no rust-version)' };
}

function firstFree(candidates: string[], taken: (name: string) => boolean): string {
  return candidates.find((c) => !taken(c)) ?? candidates[candidates.length - 1];
}
