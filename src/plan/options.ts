import { DockerWorkflowOptions } from '../ci/options';
import { DependencyCaching } from '../dockerfile/caching';
import { Linking } from '../dockerfile/linking';
import { Runtime } from '../dockerfile/runtime';

/**
 * Options for `RustDockerImage`.
 */
export interface RustDockerImageOptions {
  /**
   * Where the Cargo project is, relative to the projen project's outdir. May be a workspace
   * root, a single crate, or a member of a workspace whose root is further up (then that
   * member is the default package, as `cargo` run from that directory would choose).
   * The Dockerfile and `.dockerignore` are written to the workspace root, which is the
   * Docker build context.
   *
   * @default "."
   */
  readonly cargoDir?: string;

  /**
   * File name of the generated Dockerfile, relative to the workspace root. Set it when
   * several images share one workspace, e.g. `Dockerfile.api`.
   *
   * @default "Dockerfile"
   */
  readonly dockerfileName?: string;

  /**
   * The binary target to build and run (`cargo build --bin <binary>`).
   *
   * @default - the only binary of the workspace (or of `package`); else the package's
   * `default-run`; else synthesis fails and lists the candidates.
   */
  readonly binary?: string;

  /**
   * The workspace member that owns the binary (`cargo build -p <package>`).
   *
   * @default - the package in `cargoDir` when it is a member directory; else the package
   * that has the binary
   */
  readonly package?: string;

  /**
   * Cargo features to enable (`--features`). The chosen binary's `required-features` are
   * always added.
   *
   * @default []
   */
  readonly features?: string[];

  /**
   * Build without the package's default features (`--no-default-features`).
   *
   * @default false
   */
  readonly noDefaultFeatures?: boolean;

  /**
   * Cargo profile to build with. `release` uses `--release`; `dev` builds into
   * `target/debug`; any custom profile builds into `target/<profile>`.
   *
   * @default "release"
   */
  readonly profile?: string;

  /**
   * Rust version of the builder image, e.g. `1.80` or `1.80.1`.
   *
   * @default - the channel of `rust-toolchain.toml` / `rust-toolchain`, else the package's
   * `rust-version` (own or inherited from the workspace), else 1.95
   */
  readonly rustVersion?: string;

  /**
   * Builder image, overriding the one derived from the Rust version and linking.
   *
   * @default - `rust:<version>-bookworm`, or `rust:<version>-alpine` for `Linking.STATIC_MUSL`
   */
  readonly builderImage?: string;

  /**
   * Base image of the final stage.
   *
   * @default Runtime.DEBIAN_SLIM
   */
  readonly runtime?: Runtime;

  /**
   * How the binary is linked. Must suit the runtime: scratch and distroless-static need a
   * static binary, alpine cannot run a dynamic glibc one.
   *
   * @default - `DYNAMIC_GLIBC` for glibc runtimes, `STATIC_GLIBC` for scratch and
   * distroless-static, `STATIC_MUSL` for alpine
   */
  readonly linking?: Linking;

  /**
   * How compiled dependencies are cached between builds.
   *
   * @default DependencyCaching.LAYER
   */
  readonly caching?: DependencyCaching;

  /**
   * Make CA certificates available at `/etc/ssl/certs` in the final image: installed with
   * the runtime's package manager, copied from the builder for scratch, already present in
   * distroless.
   *
   * @default true
   */
  readonly caCertificates?: boolean;

  /**
   * Numeric user the binary runs as, `uid` or `uid:gid`. Numeric so that Kubernetes'
   * `runAsNonRoot` can verify it. `0` runs as root (not recommended).
   *
   * @default - "65532" (distroless `nonroot`) on distroless runtimes, else "10001"
   */
  readonly user?: string;

  /**
   * Ports the service listens on (`EXPOSE`).
   *
   * @default []
   */
  readonly ports?: number[];

  /**
   * Environment variables of the final image (`ENV`). Values are literal: `$` is not
   * expanded.
   *
   * @default {}
   */
  readonly env?: { [key: string]: string };

  /**
   * Arguments passed to the binary by default (`CMD`, after the exec-form `ENTRYPOINT`).
   *
   * @default []
   */
  readonly args?: string[];

  /**
   * Extra image labels. OCI labels (`org.opencontainers.image.*`) are derived from the
   * package's Cargo metadata; labels given here are added or override them.
   *
   * @default {}
   */
  readonly labels?: { [key: string]: string };

  /**
   * Write `# syntax=docker/dockerfile:1` as the first line. Engines that cannot pull the
   * frontend image (offline or air-gapped) need `false`.
   *
   * @default true
   */
  readonly syntaxDirective?: boolean;

  /**
   * CI for the image: a GitHub Actions workflow when the root project has GitHub, GitLab CI
   * jobs when it has a GitlabConfiguration. See docs/ci.md.
   *
   * @default - generated when the root project has GitHub or GitLab CI; `{ enabled: false }` turns it off
   */
  readonly workflow?: DockerWorkflowOptions;
}
