import { CargoWorkspace } from '../cargo/model';
import { Linking } from '../plan/linking';
import { SelectionResult, trySelectBinary } from '../plan/select';
import { ResolvedToolchain, resolveToolchain } from '../plan/toolchain';

/** The `plan --json` document. Paths are relative to the workspace root, `/`-separated. */
export interface PlanReport {
  readonly workspaceRoot: string;
  readonly packages: {
    readonly name: string;
    readonly version: string;
    readonly manifestPath: string;
    readonly rustVersion: string | null;
    readonly edition: string;
    readonly defaultRun: string | null;
    readonly bins: { readonly name: string; readonly path: string; readonly requiredFeatures: string[] }[];
  }[];
  readonly toolchain: { readonly file: string | null; readonly channel: string | null };
  readonly selected: { readonly package: string; readonly binary: string; readonly rustVersion: string; readonly builderImage: string } | null;
}

interface Planned {
  readonly report: PlanReport;
  readonly selection: SelectionResult;
  readonly toolchain?: ResolvedToolchain;
}

/** Builds the report from a workspace, choosing a binary the way the component does by default. */
export function planReport(ws: CargoWorkspace): Planned {
  const selection = trySelectBinary(ws, {});
  const chosen = selection.selection;
  const toolchain = chosen ? resolveToolchain(ws.toolchain, chosen.package, { linking: Linking.DYNAMIC_GLIBC }) : undefined;
  const report: PlanReport = {
    workspaceRoot: ws.root,
    packages: ws.members.map((pkg) => ({
      name: pkg.name,
      version: pkg.version,
      manifestPath: pkg.manifestPath,
      rustVersion: pkg.rustVersion,
      edition: pkg.edition,
      defaultRun: pkg.defaultRun,
      bins: pkg.bins.map((bin) => ({ name: bin.name, path: bin.path, requiredFeatures: [...bin.requiredFeatures] })),
    })),
    toolchain: { file: ws.toolchain.file, channel: ws.toolchain.channel },
    selected: chosen && toolchain
      ? { package: chosen.package.name, binary: chosen.binary.name, rustVersion: toolchain.rustVersion, builderImage: toolchain.builderImage }
      : null,
  };
  return { report, selection, toolchain };
}

/** The readable summary printed without `--json`. */
export function formatPlan(planned: Planned): string {
  const { report, selection, toolchain } = planned;
  const lines = [`Cargo workspace: ${report.workspaceRoot}`, '', `Members (${report.packages.length}):`];
  for (const pkg of report.packages) {
    const facts = [`edition ${pkg.edition}`, pkg.rustVersion ? `rust-version ${pkg.rustVersion}` : 'no rust-version'];
    if (pkg.defaultRun) {
      facts.push(`default-run ${pkg.defaultRun}`);
    }
    lines.push(`  ${pkg.name} ${pkg.version} (${pkg.manifestPath}; ${facts.join(', ')})`);
    if (pkg.bins.length === 0) {
      lines.push('    no binaries');
    }
    for (const bin of pkg.bins) {
      const features = bin.requiredFeatures.length ? ` [requires features: ${bin.requiredFeatures.join(', ')}]` : '';
      lines.push(`    bin ${bin.name}: ${bin.path}${features}`);
    }
  }
  lines.push('');
  lines.push(report.toolchain.file
    ? `Toolchain file: ${report.toolchain.file} (channel ${report.toolchain.channel ?? 'not set'})`
    : 'Toolchain file: none');
  lines.push('');
  if (report.selected && toolchain) {
    lines.push(`Selected: binary '${report.selected.binary}' of package '${report.selected.package}', because ${selection.reason}.`);
    lines.push(`Builder: ${report.selected.builderImage} (Rust ${report.selected.rustVersion}, from ${toolchain.explanation}).`);
  } else {
    lines.push(`Selected: none, because ${selection.reason}.`);
    if (selection.candidates.length) {
      lines.push(`Candidates (package/binary): ${selection.candidates.join(', ')}.`);
    }
    lines.push("Choose one with the 'binary' (and 'package') option of RustDockerImage.");
  }
  return lines.join('\n') + '\n';
}
