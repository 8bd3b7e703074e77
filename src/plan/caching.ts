/**
 * How the builder stage keeps compiled dependencies between builds.
 */
export enum DependencyCaching {
  /**
   * A Docker layer compiles every dependency against stub targets generated from the
   * Cargo model, and depends only on the files that decide the dependencies (manifests,
   * `Cargo.lock`, toolchain file, `.cargo/config.toml`, vendored sources). A source-only
   * edit reuses the layer. Layers are exported by registry and GitHub Actions caches, so
   * the saving survives into CI.
   */
  LAYER = 'layer',

  /**
   * BuildKit cache mounts for the cargo registry, git checkouts and `target/`. Incremental
   * across every kind of change on one machine, but cache mounts are never exported to a
   * registry or CI cache, so fresh CI runners rebuild everything.
   */
  CACHE_MOUNT = 'cache-mount',

  /**
   * No dependency caching: copy everything and build. Simplest; every change rebuilds all
   * dependencies.
   */
  NONE = 'none',
}
