/** What the benchmark records (plain data, written into the report). */
import type { WorkspaceBench } from './workspace-images';

export type ScenarioId = 'cold' | 'noop' | 'edit-same' | 'edit-fresh' | 'lock-change' | 'fresh-runner';

export const SCENARIOS: { readonly id: ScenarioId; readonly label: string; readonly meaning: string }[] = [
  { id: 'cold', label: 'cold', meaning: 'first build of new inputs (a run-unique comment in Cargo.toml; cache mount ids suffixed per repetition): nothing cached but the base images' },
  { id: 'noop', label: 'no-op rebuild', meaning: 'the same build again, nothing changed: the engine\'s fixed overhead (context transfer, cache lookups, image export)' },
  { id: 'edit-same', label: 'source edit, same checkout', meaning: 'src/main.rs edited in the checkout that was just built' },
  { id: 'edit-fresh', label: 'source edit, fresh checkout', meaning: 'a second directory with the same files, every file time newer than the first build (a CI runner\'s clone), then src/main.rs edited' },
  { id: 'lock-change', label: 'Cargo.lock change', meaning: 'itoa (Debian-packaged) added to [dependencies]; Cargo.lock and vendor/ regenerated (every vendored file gets a new time). itoa is already in the tree (http, hyper and serde_json use it), so this changes Cargo.toml and Cargo.lock but adds no crate: a Dockerfile that compiles more than the service here recompiled unchanged dependencies' },
  { id: 'fresh-runner', label: 'fresh runner, imported cache', meaning: 'on engine 26 (scripts/engine-26.sh: Docker 26.1, buildx 0.13): the checkout built with --cache-to type=registry,mode=max (not timed), the build cache pruned (buildx prune -af, cache mounts included) and the image removed, then a fresh checkout (every file time newer) with src/main.rs edited built with --cache-from only; base images stay local (no pull timed)' },
];

/** One `docker build` (or one native cargo build). */
export interface Sample {
  readonly seconds: number;
  readonly ok: boolean;
  /** Crates cargo compiled (`Compiling <name>` lines). */
  readonly compiled: string[];
  readonly contextBytes?: number;
  readonly imageBytes?: number;
  /** The end of the log, when the build failed. */
  readonly error?: string;
}

/** Where a build's crates came from: vendored (cargo vendor, a directory source) or a sparse registry (through CARGO_HOME, as from crates.io). */
export type CrateFlavour = 'vendored' | 'registry';

/** A Dockerfile's row label in a flavour: vendored keeps the plain label (as in earlier runs). */
export function flavouredLabel(label: string, crates: CrateFlavour): string {
  return crates === 'vendored' ? label : `${label}, registry crates`;
}

export interface Series {
  readonly dockerfile: string;
  readonly label: string;
  /** The crates' flavour; absent: vendored (results of runs before the registry flavour). */
  readonly crates?: CrateFlavour;
  readonly scenario: ScenarioId;
  readonly samples: Sample[];
}

export interface NotMeasured {
  readonly what: string;
  readonly why: string;
}

export interface SynthesisTiming {
  readonly what: string;
  readonly samples: number[];
}

export interface BenchResults {
  readonly date: string;
  readonly engine: string;
  readonly cores: number;
  readonly reps: number;
  readonly short: boolean;
  /** Load averages (1, 5, 15 min) when the run started. */
  readonly load: string;
  /** Load averages when the run ended (other work on the machine skews wall times). */
  loadAtEnd?: string;
  readonly series: Series[];
  readonly native: { readonly cold?: number; readonly edit: number[]; readonly compiled: string[] };
  readonly synthesis: SynthesisTiming[];
  readonly notMeasured: NotMeasured[];
  /** Runs merged into these results with --merge (their dates and what they added). */
  merged?: string[];
  /** The end of the log of every failed build. */
  readonly failures?: string[];
  /** Workspace images: N images in one bake, one image, N on their own (engine 26; one repetition each). */
  workspace?: WorkspaceBench[];
  /** The sparse registry the registry flavour's builds fetched from (when a run had one). */
  registry?: string;
}
