import * as path from 'path';
import type { PlanRequest, PlanTarget } from './args';
import type { CargoWorkspace } from '../cargo/model';
import { loadWorkspace } from '../cargo/workspace';
import { compareStrings } from '../core/compare';
import { RustDockerError } from '../core/errors';
import { assetsStageOf } from '../dockerfile/assets';
import type { BuilderSpec } from '../dockerfile/builder-stage';
import { BUILDER_STAGE, builderSpec } from '../dockerfile/builder-stage';
import { dockerfileModel } from '../dockerfile/dockerfile';
import { probeStageOf } from '../dockerfile/healthcheck';
import { initStageOf } from '../dockerfile/init';
import type { DockerfileModel, Stage } from '../dockerfile/model';
import { LIBRARIES_STAGE } from '../dockerfile/runtime-libraries';
import { RUNTIME_STAGE } from '../dockerfile/runtime-stage';
import { describeHealthcheck } from '../plan/healthcheck-rules';
import { sqlxExplanation } from '../plan/native/sqlx';
import type { ImagePlan } from '../plan/plan';
import { planImage } from '../plan/plan';
import type { SelectionResult } from '../plan/select';
import { trySelectBinary } from '../plan/select';
import { runtimeWords } from '../plan/summary';
import type { ToolchainSource } from '../plan/toolchain';
import { workspaceDockerfileModel } from '../workspace/dockerfile';
import { planWorkspaceImages } from '../workspace/plan';
import { DEFAULT_BAKE_FILE } from '../workspace/validate';

/** The components' Dockerfile name when `dockerfileName` is not given. */
const DEFAULT_DOCKERFILE = 'Dockerfile';
/** The build context's ignore file, shared by every component that builds from it. */
const DOCKERIGNORE = '.dockerignore';

/** One image: a final stage of the Dockerfile. */
export interface PlannedImage {
  /** The final stage's name (for workspace images also the bake target). */
  readonly stage: string;
  /** The final stage's base image (its `FROM`). */
  readonly from: string;
  readonly package: string;
  readonly binary: string;
  /** Why this binary (a single image); null for workspace images, which build every included binary. */
  readonly reason: string | null;
  /** The package's features enabled for it (the option's plus the binary's required-features). */
  readonly features: string[];
  readonly runtime: { readonly name: string; readonly image: string };
  /** Numeric `uid` or `uid:gid` the binary runs as. */
  readonly user: string;
  readonly ports: number[];
  /** The stage tini is copied from when the binary runs under it (`init`), else null. */
  readonly init: string | null;
  /** The image's `STOPSIGNAL`, or null (the engine's SIGTERM). */
  readonly stopSignal: string | null;
  /** Files and directories of the build context copied into the image (`assets`), in order. */
  readonly assets: { readonly source: string; readonly destination: string; readonly kind: 'file' | 'directory' }[];
  /** The stage the image copies its assets from, or null when it has none. */
  readonly assetsStage: string | null;
  /** The image's HEALTHCHECK (`healthcheck`) in words, or null when it has none. */
  readonly healthcheck: string | null;
  /** The stage the HTTP health check probe is copied from (`Healthcheck.http()`), else null. */
  readonly healthcheckProbeStage: string | null;
  /**
   * How the image gets the shared libraries its binary needs: `install` (the builder lists
   * their packages and the final stage installs them with apt or apk), or `carried` (a runtime
   * without a package manager: the builder fails unless the runtime carries them all).
   */
  readonly runtimeLibraries: { readonly how: 'install' | 'carried'; readonly manager: string; readonly carried: string[] };
  /** The `runtimePackages` option: installed besides the binary's libraries. */
  readonly runtimePackages: string[];
}

/** A crate of Cargo.lock that needs a C library or a build tool, as `plan` reports it. */
export interface PlannedNativeCrate {
  readonly crate: string;
  readonly version: string;
  /** How a built package reaches it in Cargo.lock, e.g. `["api", "diesel", "pq-sys"]`. */
  readonly via: string[];
  readonly kind: 'library' | 'build-tool';
  readonly what: string;
  /** The lock package that builds the library into the binary, or null. */
  readonly bundledBy: string | null;
  readonly builderPackages: string[];
  readonly runtimePackages: string[];
}

/**
 * The `plan --json` document. Paths are relative to the workspace root, `/`-separated. The
 * keys up to `selected` are the Cargo inventory; the rest is what synthesis would generate,
 * read from the same plan and Dockerfile model (empty or null when planning fails: `error`).
 */
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
  /** The one image's binary (RustDockerImage); null with --workspace or when planning fails. */
  readonly selected: { readonly package: string; readonly binary: string; readonly rustVersion: string; readonly builderImage: string } | null;
  readonly component: PlanTarget['component'];
  /** The options the flags gave (enum-likes by name); every other option has its default. */
  readonly options: { readonly [option: string]: string | boolean | string[] };
  /** The planning error, exactly as synthesis reports it; null when planned. */
  readonly error: string | null;
  /** The files synthesis writes, relative to the workspace root. */
  readonly files: string[];
  /** Every `FROM <from> AS <name>` of the Dockerfile, in order. */
  readonly stages: { readonly name: string; readonly from: string }[];
  readonly builder: {
    readonly stage: string;
    readonly image: string;
    readonly rustVersion: string;
    /** Where the Rust version comes from: `option`, `toolchain file`, `rust-version` or `default`. */
    readonly source: ToolchainSource;
    readonly explanation: string;
    /** A toolchain channel the builder installs with rustup (no official image carries it). */
    readonly installChannel: string | null;
  } | null;
  readonly linking: { readonly value: string; readonly source: 'option' | 'runtime'; readonly explanation: string } | null;
  readonly caching: string | null;
  /** Cross-compilation for the images' platforms: the platforms the builder's setup step knows (none: no cross-compilation), and why. */
  readonly cross: { readonly platforms: string[]; readonly foreign: string[]; readonly reason: string } | null;
  /** Native dependencies: what Cargo.lock shows and what the builder installs for it (null when planning fails). */
  readonly native: {
    /** The builder's package manager: `debian` (apt) or `alpine` (apk). */
    readonly builder: string;
    readonly crates: PlannedNativeCrate[];
    /** Packages the builder installs before the dependency layer (detected and `builderPackages`). */
    readonly builderPackages: string[];
    readonly builderPackageReasons: string[];
    /** The stage that writes the runtime-libraries script the builder runs after the build. */
    readonly librariesStage: string;
    /** sqlx's query macros (first image that has them): whether the builder builds offline, and why. */
    readonly sqlx: {
      readonly crate: string;
      readonly version: string;
      readonly via: string[];
      readonly data: string[];
      readonly offline: boolean;
      readonly explanation: string;
    } | null;
  } | null;
  readonly build: { readonly profile: string; readonly profileDir: string; readonly features: string[]; readonly noDefaultFeatures: boolean } | null;
  readonly images: PlannedImage[];
  /** Binaries of the workspace that get no image (`package/binary`, --workspace only). */
  readonly left: string[];
}

/** A report and what the summary needs besides it. */
export interface Planned {
  readonly report: PlanReport;
  /** The binary choice with the given binary/package (single image), for the summary when planning fails. */
  readonly selection?: SelectionResult;
}

/** The part of the report that comes from a successful plan. */
type Generated = Pick<PlanReport, 'files' | 'stages' | 'builder' | 'linking' | 'caching' | 'cross' | 'native' | 'build' | 'images' | 'left'>;

/**
 * The context synthesis adds to an error: the component and its Dockerfile relative to the
 * project outdir, taken to be the current directory (where `npx projen` runs).
 */
function errorContext(request: PlanRequest, cwd: string, contextDir: string): { component: string; subject: string } {
  const relative = path.relative(cwd, contextDir).split(path.sep).join('/');
  const where = relative.startsWith('..') || path.isAbsolute(relative) ? contextDir : relative;
  return { component: request.target.component, subject: path.posix.join(where || '.', dockerfileName(request.target)) };
}

/** Loads the workspace; an error reads as synthesis gives it. */
export function loadForPlan(request: PlanRequest, cwd: string): CargoWorkspace {
  return RustDockerError.context(errorContext(request, cwd, request.dir), () => loadWorkspace(request.dir));
}

/** Plans like the component would at synthesis, and reports the inventory and the result. */
export function planReport(ws: CargoWorkspace, request: PlanRequest, cwd: string): Planned {
  const target = request.target;
  const inventory = {
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
  };
  let generated: Generated;
  try {
    generated = RustDockerError.context(errorContext(request, cwd, ws.root), () => generate(ws, target));
  } catch (e) {
    const report: PlanReport = {
      ...inventory,
      selected: null,
      component: target.component,
      options: request.given,
      error: e instanceof Error ? e.message : String(e),
      files: [],
      stages: [],
      builder: null,
      linking: null,
      caching: null,
      cross: null,
      native: null,
      build: null,
      images: [],
      left: [],
    };
    return { report, selection: target.component === 'RustDockerImage' ? trySelection(ws, target.options) : undefined };
  }
  const only = target.component === 'RustDockerImage' ? generated.images[0] : undefined;
  const selected = only && generated.builder
    ? { package: only.package, binary: only.binary, rustVersion: generated.builder.rustVersion, builderImage: generated.builder.image }
    : null;
  return { report: { ...inventory, selected, component: target.component, options: request.given, error: null, ...generated } };
}

/** Plans with the component's planner and reads the result off the Dockerfile model it renders. */
function generate(ws: CargoWorkspace, target: PlanTarget): Generated {
  if (target.component === 'RustDockerImage') {
    const plan = planImage(ws, target.options);
    return derive(dockerfileModel(plan), builderSpec(plan), [{ stage: RUNTIME_STAGE, plan, reason: plan.selectionReason }], [],
      [dockerfileName(target), DOCKERIGNORE], target.options.linking !== undefined);
  }
  const plan = planWorkspaceImages(ws, target.options);
  return derive(workspaceDockerfileModel(plan), plan.builder, plan.images.map((i) => ({ stage: i.target, plan: i.plan, reason: null })), plan.left,
    [dockerfileName(target), target.options.bakeFileName ?? DEFAULT_BAKE_FILE, DOCKERIGNORE], target.options.linking !== undefined);
}

function derive(
  model: DockerfileModel,
  builder: BuilderSpec,
  images: { stage: string; plan: ImagePlan; reason: string | null }[],
  left: string[],
  files: string[],
  linkingGiven: boolean,
): Generated {
  const stageNamed = (name: string): Stage => {
    const stage = model.stages.find((s) => s.name === name);
    if (!stage) {
      throw new Error(`internal error: the Dockerfile model has no stage '${name}' (stages: ${model.stages.map((s) => s.name).join(', ')})`);
    }
    return stage;
  };
  const builderStage = builder.name ?? BUILDER_STAGE;
  const runtimes = [...new Set(images.map((i) => i.plan.runtime.name))];
  return {
    files,
    stages: model.stages.map((s) => ({ name: s.name ?? '', from: s.from })),
    builder: {
      stage: builderStage,
      image: stageNamed(builderStage).from,
      rustVersion: builder.toolchain.rustVersion,
      source: builder.toolchain.source,
      explanation: builder.toolchain.explanation,
      installChannel: builder.toolchain.installChannel,
    },
    linking: {
      value: builder.linking,
      source: linkingGiven ? 'option' : 'runtime',
      explanation: linkingGiven ? 'the --linking option' : `the default for runtime ${runtimes.join(', ')}`,
    },
    caching: builder.caching,
    cross: { platforms: builder.cross.targets.map((t) => t.platform), foreign: builder.cross.foreign, reason: builder.cross.reason },
    native: nativeReport(builder, images.map((i) => i.plan)),
    build: {
      profile: builder.build.profile,
      profileDir: builder.build.profileDir,
      features: [...builder.build.features],
      noDefaultFeatures: builder.build.noDefaultFeatures,
    },
    images: images.map(({ stage, plan, reason }) => ({
      stage,
      from: stageNamed(stage).from,
      package: plan.package.name,
      binary: plan.binary.name,
      reason,
      features: [...plan.features],
      runtime: { name: plan.runtime.name, image: plan.runtime.image },
      user: plan.user,
      ports: [...plan.ports],
      init: initStageOf(stageNamed(stage)),
      stopSignal: plan.stopSignal ?? null,
      assets: plan.assets.map((a) => ({ source: a.source, destination: a.destination, kind: a.kind })),
      assetsStage: assetsStageOf(stageNamed(stage)),
      healthcheck: plan.healthcheck ? describeHealthcheck(plan.healthcheck) : null,
      healthcheckProbeStage: probeStageOf(stageNamed(stage)),
      runtimeLibraries: {
        how: plan.runtime._traits.packageManager === 'none' ? 'carried' as const : 'install' as const,
        manager: plan.runtime._traits.packageManager,
        carried: [...plan.runtime._traits.libraryPackages],
      },
      runtimePackages: [...plan.runtimePackages],
    })),
    left: [...left],
  };
}

/** The native crates of every image (each once), and the builder's packages. */
function nativeReport(builder: BuilderSpec, plans: ImagePlan[]): NonNullable<PlanReport['native']> {
  const crates = new Map<string, PlannedNativeCrate>();
  for (const found of plans.flatMap((p) => p.native.crates)) {
    const key = `${found.crate} ${found.version} ${found.kind}`;
    if (!crates.has(key)) {
      crates.set(key, {
        crate: found.crate,
        version: found.version,
        via: [...found.via],
        kind: found.kind,
        what: found.what,
        bundledBy: found.bundledBy ?? null,
        builderPackages: [...found.builderPackages],
        runtimePackages: [...found.runtimePackages],
      });
    }
  }
  return {
    builder: builder.packages.kind,
    crates: [...crates.values()].sort((a, b) =>
      compareStrings(a.crate, b.crate) || compareStrings(a.version, b.version) || compareStrings(a.kind, b.kind)),
    builderPackages: [...builder.packages.names],
    builderPackageReasons: [...builder.packages.reasons],
    librariesStage: builder.librariesStage ?? LIBRARIES_STAGE,
    sqlx: sqlxReport(plans),
  };
}

function sqlxReport(plans: ImagePlan[]): NonNullable<PlanReport['native']>['sqlx'] {
  const sqlx = plans.map((p) => p.native.sqlx).find((s) => s !== null);
  if (!sqlx) {
    return null;
  }
  const { crate, version, offline } = sqlx;
  return { crate, version, via: [...sqlx.via], data: [...sqlx.data], offline, explanation: sqlxExplanation(sqlx) };
}

function dockerfileName(target: PlanTarget): string {
  return target.options.dockerfileName ?? DEFAULT_DOCKERFILE;
}

function trySelection(ws: CargoWorkspace, options: { binary?: string; package?: string }): SelectionResult | undefined {
  try {
    return trySelectBinary(ws, { binary: options.binary, package: options.package });
  } catch {
    return undefined; // an unknown package: the planning error says so
  }
}

/** The readable summary printed without `--json`. */
export function formatPlan(planned: Planned): string {
  const { report, selection } = planned;
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

  const only = report.component === 'RustDockerImage' ? report.images[0] : undefined;
  if (only) {
    lines.push(`Selected: binary '${only.binary}' of package '${only.package}', because ${only.reason}.`);
  } else if (selection?.selection) {
    lines.push(`Selected: binary '${selection.selection.binary.name}' of package '${selection.selection.package.name}', because ${selection.reason}.`);
  } else if (selection) {
    lines.push(`Selected: none, because ${selection.reason}.`);
    if (selection.candidates.length) {
      lines.push(`Candidates (package/binary): ${selection.candidates.join(', ')}.`);
    }
  }
  if (lines[lines.length - 1] !== '') {
    lines.push('');
  }
  if (report.error !== null || !report.builder || !report.linking || !report.build) {
    lines.push(`${report.component}: nothing would be generated; synthesis fails with the error below.`);
    return lines.join('\n') + '\n';
  }

  const build = report.build;
  const column = (label: string, values: string[]) => values.map((v, i) => `  ${(i === 0 ? label : '').padEnd(10)}${v}`);
  lines.push(`${report.component} would generate ${report.files.join(', ')} (in the workspace root):`);
  if (report.component === 'RustWorkspaceImages') {
    lines.push(...column('Images:', report.images.map((image) =>
      `${image.stage}: binary '${image.binary}' of package '${image.package}'${image.features.length ? ` (features ${image.features.join(',')})` : ''}; runtime ${runtimeText(image)}`)));
    if (report.left.length) {
      lines.push(...column('Left out:', [report.left.join(', ')]));
    }
  }
  lines.push(
    ...column('Builder:', [`${report.builder.image} (Rust ${report.builder.rustVersion}, from ${report.builder.explanation})`]),
    ...column('Linking:', [`${report.linking.value} (${report.linking.explanation})`]),
    ...column('Caching:', [`${report.caching}`]),
    ...(report.cross?.foreign.length ? column('Platforms:', [report.cross.reason]) : []),
    ...column('Build:', [[
      `profile ${build.profile} (target/${build.profileDir})`,
      build.features.length ? `features ${build.features.join(',')}` : 'no extra features',
      build.noDefaultFeatures ? 'no default features' : 'default features',
    ].join('; ')]),
  );
  if (only) {
    lines.push(...column('Runtime:', [runtimeText(only)]));
  }
  const assets = report.images.flatMap((image) => image.assets.map((a) =>
    `${only ? '' : `${image.stage}: `}${a.source} -> ${a.destination} (${a.kind}, owned by root, read-only)`));
  if (assets.length) {
    lines.push(...column('Assets:', assets));
  }
  const health = report.images.filter((image) => image.healthcheck !== null).map((image) => `${only ? '' : `${image.stage}: `}${image.healthcheck}`);
  if (health.length) {
    lines.push(...column('Health:', health));
  }
  lines.push(...nativeText(report, only));
  lines.push(...column('Stages:', report.stages.map((s) => `FROM ${s.from} AS ${s.name}`)));
  return lines.join('\n') + '\n';
}

/** What the summary says about native dependencies: detected crates, builder packages, runtime libraries. */
function nativeText(report: PlanReport, only: PlannedImage | undefined): string[] {
  const native = report.native;
  if (!native) {
    return [];
  }
  const column = (label: string, values: string[]) => values.map((v, i) => `  ${(i === 0 ? label : '').padEnd(10)}${v}`);
  const crates = native.crates.map((c) => {
    const need = c.kind === 'library' ? `links ${c.what}` : `needs ${c.what}`;
    const outcome = c.bundledBy ? `bundled (${c.bundledBy} is in Cargo.lock): nothing to install`
      : c.builderPackages.length ? `builder installs ${c.builderPackages.join(' ')}` : c.kind === 'library' ? 'the builder image has what it needs' : 'the builder image has it';
    const runtime = c.runtimePackages.length ? `; at run time ${c.runtimePackages.join(' ')} when linked dynamically` : '';
    return `${c.crate} ${c.version} (${c.via.join(' -> ')}): ${need}; ${outcome}${runtime}`;
  });
  const lines = column('Native:', crates.length ? crates : ['no crate of Cargo.lock needs a C library or a build tool']);
  if (native.builderPackages.length) {
    lines.push(...column('', [`builder packages (${native.builder === 'alpine' ? 'apk' : 'apt'}): ${native.builderPackages.join(' ')}`]));
  }
  if (native.sqlx) {
    lines.push(...column('', [`sqlx: ${native.sqlx.explanation}`]));
  }
  for (const image of report.images) {
    const prefix = only ? '' : `${image.stage}: `;
    const extra = image.runtimePackages.length ? `, plus ${image.runtimePackages.join(' ')} (runtimePackages)` : '';
    lines.push(...column('', [image.runtimeLibraries.how === 'install'
      ? `${prefix}runtime libraries: read off the binary in the builder, their packages installed with ${image.runtimeLibraries.manager}${extra}`
      : `${prefix}runtime libraries: read off the binary in the builder; it fails there unless ${image.runtime.name} carries them (${image.runtimeLibraries.carried.length ? `packages ${image.runtimeLibraries.carried.join(' ')}` : 'no shared library at all'})`]));
  }
  return lines;
}

function runtimeText(image: PlannedImage): string {
  const ports = image.ports.length ? `ports ${image.ports.join(', ')}` : 'no ports';
  const runtime = runtimeWords(image.runtime);
  const signals = [...(image.init ? ['under tini'] : []), ...(image.stopSignal ? [`stop signal ${image.stopSignal}`] : [])];
  return [`${runtime}, user ${image.user}, ${ports}`, ...signals].join(', ');
}
