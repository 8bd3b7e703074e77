import type { DependencyCaching } from './caching';
import type { Linking } from './linking';
import type { Runtime } from './runtime';

/**
 * The final stage of an image: its base image and configuration. In
 * `WorkspaceBinaryOptions` each option overrides the workspace-wide one for one binary.
 */
export interface FinalStageOptions {
  /**
   * Base image of the final stage. It must suit the linking.
   *
   * @default - `Runtime.DEBIAN_SLIM`; in `WorkspaceBinaryOptions`, the workspace-wide `runtime`
   */
  readonly runtime?: Runtime;

  /**
   * Make CA certificates available at `/etc/ssl/certs` in the final image: installed with
   * the runtime's package manager, copied from the builder for scratch, already present in
   * distroless.
   *
   * @default - true; in `WorkspaceBinaryOptions`, the workspace-wide `caCertificates`
   */
  readonly caCertificates?: boolean;

  /**
   * Numeric user the binary runs as, `uid` or `uid:gid`. Numeric so that Kubernetes'
   * `runAsNonRoot` can verify it. Root (`0`), root's group and the ids the base images use
   * for system accounts (1-999, 65533-65535) are refused unless `allowSystemUser` is set.
   *
   * @default - "65532" (distroless `nonroot`) on distroless runtimes, else "10001"; in
   * `WorkspaceBinaryOptions`, the workspace-wide `user`
   */
  readonly user?: string;

  /**
   * Let `user` be root or a system account. Without it, `user` may not be uid `0` (root),
   * gid `0` (root's group), or a system id: 1-999 (Debian and Alpine keep these for system
   * accounts) or 65533-65535 (`nogroup`, `nobody`, which is also the id the kernel gives
   * unmapped users, and the 16-bit "no id"). A process with such an id shares that account's
   * files and permissions, so a typo or a copied `user: '0'` should not get there silently.
   * Set it when that is the point, e.g. `user: '0'` for a tool that must run as root, or
   * `user: '1000680000:0'` for OpenShift, which runs images with an arbitrary uid in group 0.
   * On debian-slim and alpine, whose Dockerfile creates the user with groupadd/useradd
   * (addgroup/adduser), only `user: '0'` can be allowed; use a distroless or scratch runtime
   * to run as an existing system account.
   *
   * @default - false; in `WorkspaceBinaryOptions`, the workspace-wide `allowSystemUser`
   */
  readonly allowSystemUser?: boolean;

  /**
   * Ports the service listens on (`EXPOSE`). In `WorkspaceBinaryOptions` the list replaces
   * the workspace-wide one.
   *
   * @default - []; in `WorkspaceBinaryOptions`, the workspace-wide `ports`
   */
  readonly ports?: number[];

  /**
   * Environment variables of the final image (`ENV`). Values are literal: `$` is not
   * expanded. In `WorkspaceBinaryOptions` they are added to the workspace-wide ones (the
   * same keys win there).
   *
   * @default {}
   */
  readonly env?: { [key: string]: string };

  /**
   * Arguments passed to the binary by default (`CMD`, after the exec-form `ENTRYPOINT`). In
   * `WorkspaceBinaryOptions` the list replaces the workspace-wide one.
   *
   * @default - []; in `WorkspaceBinaryOptions`, the workspace-wide `args`
   */
  readonly args?: string[];

  /**
   * Extra image labels. OCI labels (`org.opencontainers.image.*`) are derived from the
   * package's Cargo metadata; labels given here are added or override them. In
   * `WorkspaceBinaryOptions` they are added to the workspace-wide ones (the same keys win
   * there).
   *
   * @default {}
   */
  readonly labels?: { [key: string]: string };
}

/**
 * What `RustDockerImage` and `RustWorkspaceImages` share: where the Cargo project is, how it
 * is built, and the final stage (of every image, for workspace images).
 */
export interface ImageBuildOptions extends FinalStageOptions {
  /**
   * Where the Cargo project is, relative to the projen project's outdir: a workspace root, a
   * single crate, or a directory inside a workspace whose root is further up (for
   * `RustDockerImage`, a member directory makes that member the default package, as `cargo`
   * run from that directory would choose). The generated files (Dockerfile,
   * `.dockerignore`, bake file) are written to the workspace root, which is the Docker
   * build context.
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
   * Lines added to the generated `.dockerignore` (one pattern or `#` comment each), e.g. the
   * rules of a `.dockerignore` you had before. They come after the generated exclusions and
   * before the rules that keep what the build needs (manifests, lockfile, toolchain and cargo
   * files, vendored sources, path dependencies, each member's target sources), so those always
   * win. When several images share a build context, their patterns are merged.
   *
   * @default []
   */
  readonly dockerignorePatterns?: string[];

  /**
   * Move a file the user owns out of the way instead of failing when a generated file (the
   * Dockerfile, `.dockerignore`, bake file or workflow file of this component) would replace
   * it: `Dockerfile` is renamed to `Dockerfile.orig` (or `Dockerfile.orig.1`, ... when taken),
   * a symbolic link is renamed itself (what it points to is untouched), and synthesis says
   * where each went. Nothing is ever deleted. Without it, synthesis stops before writing
   * anything and lists every conflict.
   *
   * @default false
   */
  readonly moveExistingFilesAside?: boolean;

  /**
   * Build without the default features of the packages built (`--no-default-features`).
   *
   * @default false
   */
  readonly noDefaultFeatures?: boolean;

  /**
   * Cargo profile to build with. `release` uses `--release`; `dev` builds into
   * `target/debug`; any custom profile builds into `target/<profile>` and must be declared
   * as `[profile.<name>]` in the workspace root's Cargo.toml (synthesis fails otherwise).
   *
   * @default "release"
   */
  readonly profile?: string;

  /**
   * Rust version of the builder image, e.g. `1.80` or `1.80.1`.
   *
   * @default - the channel of `rust-toolchain.toml` / `rust-toolchain`, else the package's
   * `rust-version` (own or inherited from the workspace; for workspace images the highest of
   * the packages built), else 1.95
   */
  readonly rustVersion?: string;

  /**
   * Builder image, overriding the one derived from the Rust version and linking.
   *
   * @default - `rust:<version>-bookworm`, or `rust:<version>-alpine` for `Linking.STATIC_MUSL`
   */
  readonly builderImage?: string;

  /**
   * How the binaries are linked. It must suit the runtime: scratch and distroless-static
   * need a static binary, alpine cannot run a dynamic glibc one. Workspace images come from
   * one build, so one linking must suit every image's runtime.
   *
   * @default - the runtime's: `DYNAMIC_GLIBC` for glibc runtimes, `STATIC_GLIBC` for scratch
   * and distroless-static, `STATIC_MUSL` for alpine; for workspace images, the runtimes'
   * linking when they agree, `STATIC_GLIBC` when glibc and libc-less runtimes mix
   */
  readonly linking?: Linking;

  /**
   * How compiled dependencies are cached between builds.
   *
   * @default DependencyCaching.LAYER
   */
  readonly caching?: DependencyCaching;

  /**
   * Write `# syntax=docker/dockerfile:1` as the first line of the Dockerfile. Engines that
   * cannot pull the frontend image (offline or air-gapped) need `false`.
   *
   * @default true
   */
  readonly syntaxDirective?: boolean;
}
