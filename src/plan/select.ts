import type { CargoPackage, CargoTarget, CargoWorkspace } from '../cargo/model';
import { RustDockerError } from '../core/errors';

export interface BinarySelection {
  readonly package: CargoPackage;
  readonly binary: CargoTarget;
  /** Why this binary was chosen, for `plan` and error messages. */
  readonly reason: string;
}

export interface SelectionRequest {
  readonly binary?: string;
  readonly package?: string;
}

export interface SelectionResult {
  /** The chosen binary, or undefined when the choice is not unique. */
  readonly selection?: BinarySelection;
  /** Why a binary was or was not chosen. */
  readonly reason: string;
  /** Every binary that was considered, as `package/bin`. */
  readonly candidates: string[];
}

/**
 * Chooses the binary to containerise, the way `cargo run` would when asked:
 * an explicit `binary` (within `package`, if given); else the only binary in scope; else
 * the scope package's `default-run`. The scope is `package` if given; else the current
 * package when the Cargo directory is a member directory; else every member.
 * Never throws for an ambiguous choice: see `selectBinary` for that.
 */
export function trySelectBinary(ws: CargoWorkspace, request: SelectionRequest): SelectionResult {
  const scope = scopePackages(ws, request.package);
  const candidates = scope.flatMap((pkg) => pkg.bins.map((bin) => ({ pkg, bin })));
  const names = candidates.map(({ pkg, bin }) => `${pkg.name}/${bin.name}`);
  const where = request.package ? `package '${request.package}'` : scope.length === 1 ? `package '${scope[0].name}'` : 'the workspace';

  if (request.binary) {
    const matches = candidates.filter(({ bin }) => bin.name === request.binary);
    if (matches.length === 1) {
      return { selection: { package: matches[0].pkg, binary: matches[0].bin, reason: `binary '${request.binary}' was asked for` }, reason: `binary '${request.binary}' was asked for`, candidates: names };
    }
    if (matches.length === 0) {
      return { reason: `${where} has no binary named '${request.binary}'`, candidates: names };
    }
    return { reason: `binary '${request.binary}' exists in several packages (${matches.map((m) => m.pkg.name).join(', ')})`, candidates: names };
  }
  if (candidates.length === 1) {
    const only = candidates[0];
    const reason = `it is the only binary of ${where}`;
    return { selection: { package: only.pkg, binary: only.bin, reason }, reason, candidates: names };
  }
  if (candidates.length === 0) {
    return { reason: `${where} has no binary target`, candidates: names };
  }
  const defaults = scope
    .filter((pkg) => pkg.defaultRun !== null)
    .map((pkg) => ({ pkg, bin: pkg.bins.find((b) => b.name === pkg.defaultRun) }))
    .filter((c): c is { pkg: CargoPackage; bin: CargoTarget } => c.bin !== undefined);
  if (defaults.length === 1) {
    const reason = `it is the default-run of package '${defaults[0].pkg.name}'`;
    return { selection: { package: defaults[0].pkg, binary: defaults[0].bin, reason }, reason, candidates: names };
  }
  const why = defaults.length > 1
    ? `several packages set default-run (${defaults.map((d) => d.pkg.name).join(', ')})`
    : 'none of them is a default-run';
  return { reason: `${where} has ${candidates.length} binaries and ${why}`, candidates: names };
}

/** Like `trySelectBinary`, but throws a RustDockerError that lists the candidates and the fix. */
export function selectBinary(ws: CargoWorkspace, request: SelectionRequest): BinarySelection {
  const result = trySelectBinary(ws, request);
  if (result.selection) {
    checkBinaryName(ws, result.selection);
    return result.selection;
  }
  const fix = result.candidates.length
    ? `Candidates (package/binary): ${result.candidates.join(', ')}. Set the 'binary' option (and 'package' when a name is in several packages).`
    : `Add a binary target (src/main.rs or a [[bin]] section) to ${request.package ? `package '${request.package}'` : 'a member'}.`;
  if (request.binary) {
    throw new RustDockerError({ option: 'binary', problem: `is '${request.binary}', but ${result.reason}.`, fix });
  }
  throw new RustDockerError({ problem: `cannot choose a binary to build in the workspace at ${ws.root}: ${result.reason}.`, fix });
}

function scopePackages(ws: CargoWorkspace, packageName: string | undefined): CargoPackage[] {
  if (packageName) {
    const pkg = ws.members.find((p) => p.name === packageName);
    if (!pkg) {
      const names = ws.members.map((p) => p.name).join(', ');
      throw new RustDockerError({
        option: 'package',
        problem: `is '${packageName}', which is not a member of the workspace at ${ws.root}.`,
        fix: `Use the [package] name of one of its members: ${names}.`,
      });
    }
    return [pkg];
  }
  const current = ws.currentPackage ? ws.members.find((p) => p.name === ws.currentPackage) : undefined;
  if (current && current.dir !== '.') {
    return [current];
  }
  return ws.members;
}

/** rustc's crate names: letters and digits (Unicode alphanumeric) and `_`; cargo passes a binary's name with `-` as `_`. */
const CRATE_NAME_CHAR = /^[\p{Alphabetic}\p{N}_]$/u;

/**
 * The chosen binary's name must be a crate name rustc accepts: `cargo metadata` lists a
 * `[[bin]]` named `a.b` or `../../etc/passwd`, but `cargo build --bin` fails on it
 * ("invalid character '.' in crate name").
 */
function checkBinaryName(ws: CargoWorkspace, selection: BinarySelection): void {
  const name = selection.binary.name;
  const bad = [...name.replace(/-/g, '_')].find((c) => !CRATE_NAME_CHAR.test(c));
  if (bad === undefined && name !== '') {
    return;
  }
  throw new RustDockerError({
    file: `${ws.root}/${selection.package.manifestPath}`,
    problem: `the binary target name ${JSON.stringify(name)} is not a crate name rustc accepts${bad === undefined ? '' : ` (invalid character ${JSON.stringify(bad)})`}: cargo lists it, but \`cargo build --bin\` fails on it.`,
    fix: 'Rename the `[[bin]]` to letters, digits, `-` and `_` (e.g. `name = "my-tool"`).',
  });
}
