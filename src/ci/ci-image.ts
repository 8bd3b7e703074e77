import type { HealthWait } from './health-wait';
import { healthWait } from './health-wait';
import type { Smoke } from './smoke';
import { SmokeKind } from './smoke';
import { RustDockerError } from '../core/errors';
import type { BuildCredentials } from '../plan/credentials-plan';
import type { ImagePlan } from '../plan/plan';

/** How the built image is checked, resolved against the plan. */
export type ResolvedSmoke =
  | { readonly kind: 'none' }
  | { readonly kind: 'http'; readonly port: number; readonly path: string }
  | { readonly kind: 'command'; readonly args: string[] }
  /** Only the wait for the image's HEALTHCHECK (the default for an image with one and no ports). */
  | { readonly kind: 'health' };

/** Everything the CI renderers need to know about one image, resolved at synthesis. */
export interface CiImage {
  /** Workflow name, GitLab job prefix and build cache scope, e.g. `docker`. */
  readonly name: string;
  /** Build context, relative to the repository root (`.` for the root). */
  readonly context: string;
  /** Dockerfile, relative to the repository root. */
  readonly dockerfile: string;
  /** Tag of the image loaded for the smoke test. */
  readonly localTag: string;
  readonly packageName: string;
  readonly binaryName: string;
  readonly features: string[];
  readonly noDefaultFeatures: boolean;
  /** The rustup toolchain for `cargo test`, e.g. `1.95`, `stable`, `nightly-2024-05-01`. */
  readonly rustChannel: string;
  /** The builder image (GitLab runs `cargo test` in it). */
  readonly builderImage: string;
  /** Whether the builder image lacks the channel and must install it with rustup. */
  readonly installChannel: boolean;
  /** OCI labels of the image (Cargo metadata plus the user's), so CI metadata does not override them. */
  readonly labels: [string, string][];
  readonly smoke: ResolvedSmoke;
  /** The smoke test's wait for the image's HEALTHCHECK, when it has one (not with `Smoke.command`). */
  readonly health?: HealthWait;
  /** Private registries' tokens and git over SSH, which the build and `cargo test` jobs pass on. */
  readonly credentials: BuildCredentials;
}

export interface CiImageLocation {
  readonly name: string;
  readonly context: string;
  readonly dockerfile: string;
}

/** Resolves an image's CI facts from its synth-time plan. */
export function resolveCiImage(location: CiImageLocation, plan: ImagePlan, smoke: Smoke | undefined): CiImage {
  const channel = plan.toolchain.installChannel ?? (plan.toolchain.rustVersion === '1' ? 'stable' : plan.toolchain.rustVersion);
  return {
    ...location,
    localTag: `local/${location.name}:ci`,
    packageName: plan.package.name,
    binaryName: plan.binary.name,
    features: [...plan.features],
    noDefaultFeatures: plan.noDefaultFeatures,
    rustChannel: channel,
    builderImage: plan.toolchain.builderImage,
    installChannel: plan.toolchain.installChannel !== null,
    labels: plan.labels.map(([k, v]) => [k, v.replace(/\s+/g, ' ').trim()]),
    smoke: resolveSmoke(smoke, plan.ports, location.dockerfile, healthWait(plan.healthcheck) !== undefined),
    health: healthWait(plan.healthcheck),
    credentials: plan.credentials,
  };
}

function resolveSmoke(smoke: Smoke | undefined, ports: number[], dockerfile: string, healthcheck: boolean): ResolvedSmoke {
  if (smoke === undefined) {
    return ports.length > 0 ? { kind: 'http', port: ports[0], path: '/' } : healthcheck ? { kind: 'health' } : { kind: 'none' };
  }
  switch (smoke.kind) {
    case SmokeKind.NONE:
      return { kind: 'none' };
    case SmokeKind.COMMAND:
      return { kind: 'command', args: [...smoke.args] };
    case SmokeKind.HTTP: {
      const port = smoke.port ?? ports[0];
      if (port === undefined) {
        throw new RustDockerError({
          option: 'smoke',
          problem: `is Smoke.http('${smoke.path}') but the image of ${dockerfile} exposes no port.`,
          fix: 'Add the port to the image\'s \'ports\' option, give it with Smoke.http(path, { port }), or use Smoke.command([...]) or Smoke.NONE.',
        });
      }
      return { kind: 'http', port, path: smoke.path };
    }
  }
}

/** What `cargo test` runs: a package (`--package x`) or the workspace (`--workspace`), with features. */
export interface CargoTestScope {
  readonly scope: string[];
  readonly noDefaultFeatures: boolean;
  readonly features: string[];
}

/** `cargo test` arguments after `cargo`, for an image (its package) or a workspace. */
export function cargoTestArgs(spec: CargoTestScope): string[] {
  return [
    'test', '--locked', ...spec.scope,
    ...(spec.noDefaultFeatures ? ['--no-default-features'] : []),
    ...(spec.features.length > 0 ? ['--features', spec.features.join(',')] : []),
  ];
}

/** `cargo test` arguments for one image's package and features. */
export function imageCargoTestArgs(image: CiImage): string[] {
  return cargoTestArgs({ scope: ['--package', image.packageName], noDefaultFeatures: image.noDefaultFeatures, features: image.features });
}
