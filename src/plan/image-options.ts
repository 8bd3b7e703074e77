import type { DependencyCaching } from './caching';
import type { GitSshOptions, PrivateRegistryOptions } from './credentials';
import type { CrossCompilation } from './cross-compilation';
import type { Healthcheck } from './healthcheck';
import type { Linking } from './linking';
import type { Platform } from './platform';
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
   * Run the binary under tini as PID 1: tini forwards the signals it gets (`docker stop`'s
   * SIGTERM, or `stopSignal`) to the binary and reaps zombie processes. Without it the
   * binary is PID 1, and the kernel delivers no signal to PID 1 whose default action would
   * end it: a binary that installs no SIGTERM handler ignores `docker stop` until the engine
   * kills it after the grace period (10 s). The static tini of Debian's `tini` package
   * (`/usr/bin/tini-static`, installed in a stage of its own) is copied into the final
   * image, so it works on every runtime, scratch and distroless included, and runs as
   * `user` like the binary: `ENTRYPOINT ["/usr/bin/tini-static", "--", "/usr/local/bin/<bin>"]`.
   *
   * @default - false; in `WorkspaceBinaryOptions`, the workspace-wide `init`
   */
  readonly init?: boolean;

  /**
   * The signal the engine sends to stop the container (`STOPSIGNAL`), e.g. "SIGINT" for a
   * service that shuts down gracefully on Ctrl-C, or "SIGQUIT". A signal name with `SIG` in
   * capitals (Linux names, e.g. "SIGRTMIN+3"), or a number from 1 to 64. With `init`, tini
   * passes it on to the binary.
   *
   * @default - none (Docker sends SIGTERM); in `WorkspaceBinaryOptions`, the workspace-wide
   * `stopSignal`
   */
  readonly stopSignal?: string;

  /**
   * Ports the service listens on (`EXPOSE`). In `WorkspaceBinaryOptions` the list replaces
   * the workspace-wide one.
   *
   * @default - []; in `WorkspaceBinaryOptions`, the workspace-wide `ports`
   */
  readonly ports?: number[];

  /**
   * The image's Docker health check (`HEALTHCHECK`): `Healthcheck.http()` (a probe binary built
   * with the image, so it works on scratch and distroless too), `Healthcheck.command([...])`
   * or `Healthcheck.NONE`. CI smoke tests wait for the container to be `healthy`. Kubernetes
   * ignores it: declare probes there.
   *
   * @default - no HEALTHCHECK (the base image's, if any, applies); in `WorkspaceBinaryOptions`,
   * the workspace-wide `healthcheck`
   */
  readonly healthcheck?: Healthcheck;

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
   * Files and directories of the build context copied into the final image: migrations,
   * templates, static files, configuration the binary reads at run time. Each is owned by root
   * and readable, not writable, by the user the binary runs as (directories 0755, files 0644),
   * and copied in the order given, before the binary. Synthesis fails when a source does not
   * exist, and the generated `.dockerignore` always keeps every source. In
   * `WorkspaceBinaryOptions` the list replaces the workspace-wide one (`[]` gives the binary
   * none; repeat the shared ones to add to them).
   *
   * @default - []; in `WorkspaceBinaryOptions`, the workspace-wide `assets`
   */
  readonly assets?: AssetOptions[];

  /**
   * Packages the final stage installs besides the shared libraries the binary needs (which it
   * installs anyway: the builder reads them off the binary's dynamic section and finds their
   * Debian or Alpine packages), e.g. `tzdata` or a library the service loads with `dlopen`.
   * Debian package names on debian-slim, Alpine names on alpine; runtimes without a package
   * manager (distroless, scratch) take none. In `WorkspaceBinaryOptions` the list replaces the
   * workspace-wide one.
   *
   * @default - []; in `WorkspaceBinaryOptions`, the workspace-wide `runtimePackages`
   */
  readonly runtimePackages?: string[];

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
 * A file or directory of the build context that the final image gets (`FinalStageOptions.assets`).
 */
export interface AssetOptions {
  /**
   * The file or directory to copy, relative to the build context: the Cargo workspace root,
   * where the Dockerfile is generated (e.g. `configuration` or `static/index.html`). Written
   * plainly (no `./`, `..` or trailing `/`), with letters, digits, spaces and `. _ - + @ = , ~`
   * in names: no globs or `$`. A directory is copied with everything in it; symbolic links
   * inside it stay links. It must exist at synthesis.
   */
  readonly source: string;

  /**
   * The absolute path the source gets in the image, e.g. `/app/configuration`: a directory's
   * contents go into this directory, a file becomes this file. Not `/`, nothing the engine
   * mounts over (`/proc`, `/sys`, `/dev`, `/etc/hosts`, ...), and not a file the image needs
   * (`/etc/passwd`, the CA bundle, ...) or a directory of programs or libraries (`/usr/bin`,
   * `/usr/local/bin` where the binary is, ...), nor a directory above one.
   */
  readonly destination: string;
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
   * Packages the builder installs before it compiles the dependencies, besides those the
   * crates of Cargo.lock are known to need (protoc for prost-build, cmake for the cmake
   * crate, libclang for bindgen, ...; see docs/native-dependencies.md). Debian package names
   * (`apt-get install` on `rust:*-bookworm`), or Alpine names (`apk add`) for
   * `Linking.STATIC_MUSL`.
   *
   * @default []
   */
  readonly builderPackages?: string[];

  /**
   * How compiled dependencies are cached between builds.
   *
   * @default DependencyCaching.LAYER
   */
  readonly caching?: DependencyCaching;

  /**
   * Platforms the Dockerfile builds images for. With any platform other than `linux/amd64`,
   * the builder runs on the build machine's platform and cross-compiles for
   * `$TARGETPLATFORM` (see `crossCompilation`), so `docker buildx build --platform
   * linux/arm64` compiles Rust at native speed. See docs/cross-compilation.md.
   *
   * @default - the CI workflow's `platforms`, else none: the builder compiles for the platform it runs on
   */
  readonly platforms?: Platform[];

  /**
   * How images for `platforms` other than the build machine's are compiled.
   *
   * @default CrossCompilation.TOOLCHAIN
   */
  readonly crossCompilation?: CrossCompilation;

  /**
   * Private cargo registries the build downloads crates from with a token. Each must be
   * declared in the workspace's `.cargo/config.toml` (`[registries.<name>]`). The steps that
   * fetch crates mount the token as a BuildKit secret (`--mount=type=secret,id=cargo-registry-<name>`)
   * and hand it to cargo as `CARGO_REGISTRIES_<NAME>_TOKEN` for that step only: never a build
   * argument or `ENV`, never in a layer or the image history. Build with
   * `docker build --secret id=cargo-registry-<name>,env=CARGO_REGISTRIES_<NAME>_TOKEN .`; the
   * generated CI jobs pass it from the CI secret. See docs/private-dependencies.md.
   *
   * @default []
   */
  readonly privateRegistries?: PrivateRegistryOptions[];

  /**
   * Git dependencies over SSH (`git = "ssh://git@github.com/org/repo.git"`): the steps that
   * fetch crates mount the build's SSH agent (`--mount=type=ssh`) and let cargo run `git`
   * (`CARGO_NET_GIT_FETCH_WITH_CLI=true`) against the pinned host keys of `knownHosts`. Build
   * with `docker build --ssh default .` and a loaded agent; the generated CI jobs load the key
   * from the CI secret into an agent and forward it. The key never enters the build.
   *
   * @default - none: git dependencies are fetched over HTTPS or not at all
   */
  readonly gitSsh?: GitSshOptions;

  /**
   * Build with `cargo auditable` (rust-secure-code/cargo-auditable 0.7.7, pinned, installed in
   * the builder with `cargo install --locked` in a layer of its own): the binary carries its dependency tree (a `.dep-v0` section), so image scanners
   * (Trivy, Grype, Syft, `cargo audit bin`) see every crate in it, not only the image's packages.
   * The install downloads from crates.io at build time.
   *
   * @default false
   */
  readonly auditable?: boolean;

  /**
   * The file of pinned base-image digests, relative to the build context (the workspace root).
   * When it exists, every `FROM` of an image it names is written as `name:tag@sha256:...`.
   * Synthesis only reads it; `npx projen docker:pin` resolves the digests and writes it, and
   * Renovate can keep it current (docs/supply-chain.md).
   *
   * @default "docker-images.lock.json"
   */
  readonly baseImageLock?: string;

  /**
   * Fail synthesis when a base image of the Dockerfile is not pinned by the lock file
   * (`baseImageLock`), listing the images and the command that pins them.
   *
   * @default false
   */
  readonly requirePinnedImages?: boolean;

  /**
   * Write `# syntax=docker/dockerfile:1` as the first line of the Dockerfile. Engines that
   * cannot pull the frontend image (offline or air-gapped) need `false`.
   *
   * @default true
   */
  readonly syntaxDirective?: boolean;
}
