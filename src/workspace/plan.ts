import { createHash } from 'crypto';
import type { RustWorkspaceImagesOptions, WorkspaceBinaryOptions } from './options';
import type { CargoPackage, CargoTarget, CargoWorkspace } from '../cargo/model';
import type { Smoke } from '../ci/smoke';
import { compareStrings } from '../core/compare';
import { RustDockerError } from '../core/errors';
import type { BuilderSpec } from '../dockerfile/builder-stage';
import { BUILDER_STAGE, cacheId } from '../dockerfile/builder-stage';
import { librariesStageName } from '../dockerfile/runtime-libraries';
import { withAssetsOf } from '../plan/assets';
import { DependencyCaching } from '../plan/caching';
import { Linking } from '../plan/linking';
import { defaultLinking } from '../plan/linking-rules';
import { sqlxOfflineReasons } from '../plan/native/sqlx';
import type { ImagePlan } from '../plan/plan';
import { planImage } from '../plan/plan';
import { Runtime } from '../plan/runtime';
import type { ResolvedToolchain } from '../plan/toolchain';

/** One image of the set: a binary, its final stage (= bake target) and its plan. */
export interface WorkspaceImage {
  /** The final stage's name, also the bake target and CI matrix value: the binary's name, lower case. */
  readonly target: string;
  /** The image's plan; its toolchain and linking are the shared builder's. */
  readonly plan: ImagePlan;
  /** The CI smoke test asked for, if any. */
  readonly smoke?: Smoke;
}

/** Everything the workspace Dockerfile, bake file and CI need, resolved and validated. */
export interface WorkspacePlan {
  readonly workspace: CargoWorkspace;
  /** Sorted by target. */
  readonly images: WorkspaceImage[];
  /** Binaries of the workspace that get no image (`package/binary`). */
  readonly left: string[];
  /** The one builder stage every image copies its binary from. */
  readonly builder: BuilderSpec;
  readonly syntaxDirective: boolean;
}

interface Candidate {
  readonly pkg: CargoPackage;
  readonly bin: CargoTarget;
}

/** Docker stage names: lower case, starting with a letter. */
const STAGE_NAME = /^[a-z][a-z0-9_.-]*$/;

/** Plans one image per selected binary of the workspace, all built by one shared builder. Pure. */
export function planWorkspaceImages(ws: CargoWorkspace, options: RustWorkspaceImagesOptions): WorkspacePlan {
  const candidates = ws.members.flatMap((pkg) => pkg.bins.map((bin) => ({ pkg, bin })));
  const selected = select(ws, candidates, options);
  const perBinary = options.binaries ?? {};
  for (const key of Object.keys(perBinary)) {
    if (!candidates.some((c) => c.bin.name === key)) {
      throw new RustDockerError({ option: 'binaries', problem: `has options for '${key}', which is not a binary of the workspace.`, fix: binaryList(candidates) });
    }
  }

  const runtimes = selected.map((c) => perBinary[c.bin.name]?.runtime ?? options.runtime ?? Runtime.DEBIAN_SLIM);
  const linking = options.linking ?? sharedLinking(runtimes);
  const targets = targetNames(selected);

  const plans = selected.map((c, i) => withAssetsOf(c.bin.name, perBinary[c.bin.name], () =>
    planImage(ws, imageOptions(options, perBinary[c.bin.name] ?? {}, c, runtimes[i], linking))));
  const toolchain = sharedToolchain(plans);
  const images = plans
    .map((plan, i) => ({ target: targets[i], plan: { ...plan, toolchain }, smoke: perBinary[selected[i].bin.name]?.smoke }))
    .sort((a, b) => compareStrings(a.target, b.target));

  const everything = selected.length === candidates.length;
  const first = images[0].plan;
  const features = [...new Set(images.flatMap(({ plan }) => plan.features.map((f) => (f.includes('/') ? f : `${plan.package.name}/${f}`))))].sort();
  const builderName = [BUILDER_STAGE, 'workspace-builder', 'cargo-builder'].find((n) => !targets.includes(n))!;
  const builder: BuilderSpec = {
    workspace: ws,
    toolchain,
    linking,
    caching: first.caching,
    build: {
      selection: everything ? ['--workspace', '--bins'] : ['--workspace', ...images.flatMap(({ plan }) => ['--bin', plan.binary.name])],
      profile: first.profile,
      profileDir: first.profileDir,
      linking,
      noDefaultFeatures: first.noDefaultFeatures,
      features,
      binaries: images.map(({ plan }) => plan.binary.name),
      cross: first.cross.targets.length > 0,
      auditable: first.auditable,
    },
    cacheId: cacheId(['workspace', memberHash(ws), linking, first.profile]),
    name: builderName,
    packages: {
      kind: first.native.builder,
      names: [...new Set(images.flatMap(({ plan }) => plan.native.builderPackages))].sort(compareStrings),
      reasons: [...new Set(images.flatMap(({ plan }) => plan.native.builderPackageReasons))],
    },
    runtimeLibraries: images.map(({ plan }) => ({ binary: plan.binary.name, runtime: plan.runtime })),
    libraryCrates: [...new Set(images.flatMap(({ plan }) => plan.native.libraryCrates))].sort(compareStrings),
    librariesStage: librariesStageName([...targets, builderName]),
    sqlxOffline: [...new Set(images.flatMap(({ plan }) => sqlxOfflineReasons(plan.native.sqlx)))],
    cross: first.cross,
    targetLibraries: [...new Set(images.flatMap(({ plan }) => plan.native.libraryBuildPackages))].sort(compareStrings),
    // Workspace-wide options: every image's plan has the same.
    credentials: first.credentials,
  };
  return {
    workspace: ws,
    images,
    left: candidates.filter((c) => !selected.includes(c)).map(qualified).sort(),
    builder,
    syntaxDirective: options.syntaxDirective ?? true,
  };
}

function select(ws: CargoWorkspace, candidates: Candidate[], options: RustWorkspaceImagesOptions): Candidate[] {
  const matching = (option: string, entry: string): Candidate[] => {
    const found = candidates.filter((c) => entry === c.bin.name || entry === qualified(c));
    if (found.length === 0) {
      throw new RustDockerError({ option, problem: `names '${entry}', which is not a binary of the workspace at ${ws.root}.`, fix: binaryList(candidates) });
    }
    return found;
  };
  let selected = options.include ? candidates.filter((c) => options.include!.some((e) => matching('include', e).includes(c))) : candidates;
  for (const entry of options.exclude ?? []) {
    const excluded = matching('exclude', entry);
    selected = selected.filter((c) => !excluded.includes(c));
  }
  if (selected.length === 0) {
    throw new RustDockerError(candidates.length === 0
      ? { problem: `the workspace at ${ws.root} has no binary target.`, fix: 'Add one (src/main.rs or a [[bin]] section) to a member.' }
      : {
        option: 'exclude',
        problem: `leaves no binary to build: ${options.include ? '\'include\' and ' : ''}'exclude' leave none of ${candidates.map(qualified).join(', ')}.`,
        fix: options.include ? 'Include more binaries, or exclude fewer.' : 'Exclude fewer binaries.',
      });
  }
  const seen = new Map<string, Candidate>();
  for (const c of selected) {
    const other = seen.get(c.bin.name);
    if (other) {
      throw new RustDockerError({
        problem: `binary '${c.bin.name}' exists in packages '${other.pkg.name}' and '${c.pkg.name}': each image is named after its binary, so names must be unique.`,
        fix: `Leave one out, e.g. exclude: ['${qualified(c)}'].`,
      });
    }
    seen.set(c.bin.name, c);
  }
  return selected;
}

/** Stage and bake target names: the binary name in lower case (`bin-` first when it starts with no letter). */
function targetNames(selected: Candidate[]): string[] {
  const names = selected.map((c) => {
    const lower = c.bin.name.toLowerCase();
    return STAGE_NAME.test(lower) ? lower : `bin-${lower}`;
  });
  names.forEach((name, i) => {
    const j = names.indexOf(name);
    if (j !== i) {
      throw new RustDockerError({
        problem: `binaries '${selected[j].bin.name}' and '${selected[i].bin.name}' would both be Docker target '${name}' (targets are lower case).`,
        fix: `Leave one out, e.g. exclude: ['${qualified(selected[i])}'].`,
      });
    }
    if (name === 'default') {
      throw new RustDockerError({
        problem: `binary '${selected[i].bin.name}' would be bake target 'default', the name of the group of all images.`,
        fix: `Rename the binary, or leave it out: exclude: ['${qualified(selected[i])}'].`,
      });
    }
  });
  return names;
}

function imageOptions(options: RustWorkspaceImagesOptions, own: WorkspaceBinaryOptions, c: Candidate, runtime: Runtime, linking: Linking) {
  return {
    binary: c.bin.name,
    package: c.pkg.name,
    features: own.features,
    noDefaultFeatures: options.noDefaultFeatures,
    profile: options.profile,
    rustVersion: options.rustVersion,
    builderImage: options.builderImage,
    runtime,
    linking,
    caching: options.caching ?? DependencyCaching.LAYER,
    caCertificates: own.caCertificates ?? options.caCertificates,
    user: own.user ?? options.user,
    allowSystemUser: own.allowSystemUser ?? options.allowSystemUser,
    init: own.init ?? options.init,
    stopSignal: own.stopSignal ?? options.stopSignal,
    ports: own.ports ?? options.ports,
    healthcheck: own.healthcheck ?? options.healthcheck,
    env: { ...options.env, ...own.env },
    args: own.args ?? options.args,
    assets: own.assets ?? options.assets,
    labels: { ...options.labels, ...own.labels },
    runtimePackages: own.runtimePackages ?? options.runtimePackages,
    builderPackages: options.builderPackages,
    platforms: options.platforms,
    crossCompilation: options.crossCompilation,
    privateRegistries: options.privateRegistries,
    gitSsh: options.gitSsh,
    auditable: options.auditable,
    baseImageLock: options.baseImageLock,
    requirePinnedImages: options.requirePinnedImages,
    syntaxDirective: options.syntaxDirective,
  };
}

/** One build links every binary: the runtimes' common linking, or static glibc where glibc and libc-less runtimes mix. */
function sharedLinking(runtimes: Runtime[]): Linking {
  const wanted = [...new Set(runtimes.map(defaultLinking))];
  if (wanted.length === 1) {
    return wanted[0];
  }
  if (!wanted.includes(Linking.STATIC_MUSL)) {
    return Linking.STATIC_GLIBC;
  }
  const names = [...new Set(runtimes.map((r) => r.name))].join(', ');
  throw new RustDockerError({
    problem: `the images' runtimes (${names}) need different C libraries, but one build links every binary.`,
    fix: 'Set \'linking\' (Linking.STATIC_MUSL runs on all of them), or give the images runtimes of one kind.',
  });
}

/** The builder must satisfy every package: the highest Rust version the images ask for. */
function sharedToolchain(plans: ImagePlan[]): ResolvedToolchain {
  const best = plans.map((p) => p.toolchain).reduce((top, t) => (versionKey(t.rustVersion) > versionKey(top.rustVersion) ? t : top));
  const packages = new Set(plans.map((p) => p.package.name));
  return best.source === 'rust-version' && packages.size > 1
    ? { ...best, explanation: `${best.explanation}, the highest of the ${packages.size} packages built` }
    : best;
}

function versionKey(version: string): string {
  const parts = version.split('.').map((p) => (/^\d+$/.test(p) ? p.padStart(6, '0') : p));
  while (parts.length < 3) {
    parts.push('000000');
  }
  return parts.join('.');
}

function memberHash(ws: CargoWorkspace): string {
  return createHash('sha256').update(ws.members.map((m) => m.name).join('\n')).digest('hex').slice(0, 8);
}

function qualified(c: Candidate): string {
  return `${c.pkg.name}/${c.bin.name}`;
}

function binaryList(candidates: Candidate[]): string {
  return candidates.length ? `Binaries (package/binary): ${candidates.map(qualified).join(', ')}.` : 'The workspace has no binary target.';
}
