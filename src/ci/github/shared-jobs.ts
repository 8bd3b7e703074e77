import { github } from 'projen';
import { pinned } from './action-pins';
import { checkout } from './steps';
import { actionsLiteral, shellWords } from '../../core/quote';
import type { BuildCredentials } from '../../plan/credentials-plan';
import { githubCargoCredentials } from '../credentials';
import type { Registry } from '../registry';
import type { CiSettings } from '../settings';

type Job = github.workflows.Job;
type JobStep = github.workflows.JobStep;
type JobPermissions = github.workflows.JobPermissions;
const READ = github.workflows.JobPermission.READ;
const WRITE = github.workflows.JobPermission.WRITE;

/** Pushes (to branches or tags) publish; pull requests only build and smoke-test. */
export const ON_PUSH = 'github.event_name == \'push\'';

/** What `cargo test` runs on. */
export interface CargoTestSpec {
  /** The Cargo workspace root, relative to the repository root. */
  readonly context: string;
  /** The rustup toolchain. */
  readonly rustChannel: string;
  /** Key of the Cargo build cache. */
  readonly cacheKey: string;
  /** Arguments after `cargo`. */
  readonly args: string[];
  /** Tokens and SSH for the crates cargo fetches. */
  readonly credentials?: BuildCredentials;
}

/** `cargo test` with the pinned toolchain and the Cargo build cached (Swatinem/rust-cache). */
export function cargoTestJob(settings: CiSettings, spec: CargoTestSpec): Job {
  const credentials = githubCargoCredentials(spec.credentials);
  return {
    name: 'cargo test',
    runsOn: settings.runsOn,
    permissions: { contents: READ },
    timeoutMinutes: settings.timeoutMinutes,
    defaults: spec.context === '.' ? undefined : { run: { workingDirectory: actionsLiteral(spec.context) } },
    steps: [
      checkout(),
      {
        name: `Install Rust ${actionsLiteral(spec.rustChannel)}`,
        env: { RUST_CHANNEL: actionsLiteral(spec.rustChannel) },
        run: 'rustup toolchain install "$RUST_CHANNEL" --profile minimal --no-self-update\nrustup default "$RUST_CHANNEL"\n',
      },
      { name: 'Cache the Cargo build', uses: pinned('Swatinem/rust-cache'), with: { workspaces: `${actionsLiteral(spec.context)} -> target`, key: spec.cacheKey } },
      ...credentials.steps,
      { name: 'cargo test', ...(Object.keys(credentials.env).length ? { env: credentials.env } : {}), run: shellWords(['cargo', ...spec.args]) },
    ],
  };
}

/** Checks out and runs the drift check's steps. */
export function driftJob(settings: CiSettings, steps: JobStep[]): Job {
  return {
    name: 'Generated files are up to date',
    runsOn: settings.runsOn,
    permissions: { contents: READ },
    timeoutMinutes: 15,
    steps: [checkout(), ...steps],
  };
}

/**
 * `contents: read` to check out; `packages: write` to push to GHCR; `id-token: write` only in
 * the job that signs.
 */
export function pushPermissions(registry: Registry, signs: boolean): JobPermissions {
  return {
    contents: READ,
    ...(registry._packagesWrite ? { packages: WRITE } : {}),
    ...(signs ? { idToken: WRITE } : {}),
  };
}

/** The head of a job that runs on pushes only, after `needs`. */
export function onPush(settings: CiSettings, name: string, needs: string, permissions: JobPermissions): Omit<Job, 'steps'> {
  return { name, needs: [needs], if: ON_PUSH, runsOn: settings.runsOn, permissions };
}
