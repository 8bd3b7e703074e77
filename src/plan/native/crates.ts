/**
 * Crates of Cargo.lock that need something outside Rust: a C library to link (and then, at
 * run time, its shared library unless it is built into the binary), or a tool their build
 * script runs. Sources: /work/shared/native-deps-and-buildkit.md (the crate -> package table)
 * and docs/native-dependencies.md. Alpine package names follow Alpine's conventions and were
 * not checked against an apk index here (musl builds cannot run on this machine).
 *
 * Cargo.lock lists what is reachable under SOME feature or platform, never which features
 * are on: a crate is taken as "bundled" only when the lock shows the crate that bundles it
 * (pq-src, openssl-src, ...). Signals the lock cannot show (libz-sys `static`, environment
 * variables) are left to the binary itself: the builder reads what it really links.
 */

/** Packages per builder kind: Debian (`rust:*-bookworm`, apt) and Alpine (`rust:*-alpine`, apk). */
export interface PackageNames {
  readonly debian: readonly string[];
  readonly alpine: readonly string[];
}

/** A crate that links a C library. */
export interface LinkedLibraryCrate {
  readonly crate: string;
  /** The library, for messages: `libpq (the PostgreSQL client library)`. */
  readonly library: string;
  /** Lock packages whose presence means the library is built into the binary. */
  readonly bundledBy: readonly string[];
  /** Dependencies of the crate's own lock entry that mean the same (libsqlite3-sys: `cc` comes only with `bundled`). */
  readonly bundledByOwnDependency?: readonly string[];
  /** What the builder needs to link it from the system. */
  readonly build: PackageNames;
  /** What the final image needs at run time when it is linked dynamically (the final stage derives it from the binary). */
  readonly runtime: PackageNames;
  /** A static binary cannot take it from the system packages (no static library, or one whose own dependencies the crate does not link). */
  readonly staticLinkFails: boolean;
  /** How to build it into the binary instead. */
  readonly fix: string;
}

/** Every crate that links a well-known C library (`*-sys`). */
export const LINKED_LIBRARY_CRATES: readonly LinkedLibraryCrate[] = [
  {
    crate: 'pq-sys',
    library: 'libpq (the PostgreSQL client library)',
    bundledBy: ['pq-src'],
    build: { debian: ['libpq-dev'], alpine: ['libpq-dev'] },
    runtime: { debian: ['libpq5'], alpine: ['libpq'] },
    staticLinkFails: true,
    fix: 'enable the `bundled` feature of pq-sys (it builds libpq from the pq-src crate into the binary)',
  },
  {
    crate: 'libsqlite3-sys',
    library: 'libsqlite3 (SQLite)',
    bundledBy: [],
    bundledByOwnDependency: ['cc'],
    build: { debian: ['libsqlite3-dev', 'pkg-config'], alpine: ['sqlite-dev', 'sqlite-static'] },
    runtime: { debian: ['libsqlite3-0'], alpine: ['sqlite-libs'] },
    staticLinkFails: false,
    fix: 'enable the `bundled` feature of libsqlite3-sys (rusqlite: `features = ["bundled"]`)',
  },
  {
    crate: 'mysqlclient-sys',
    library: 'libmysqlclient / libmariadb (the MySQL client library)',
    bundledBy: ['mysqlclient-src'],
    build: { debian: ['default-libmysqlclient-dev', 'pkg-config'], alpine: ['mariadb-connector-c-dev'] },
    runtime: { debian: ['libmariadb3'], alpine: ['mariadb-connector-c'] },
    staticLinkFails: true,
    fix: 'enable the `bundled` feature of mysqlclient-sys (it builds the client library from the mysqlclient-src crate)',
  },
  {
    crate: 'openssl-sys',
    library: 'OpenSSL (libssl, libcrypto)',
    bundledBy: ['openssl-src'],
    build: { debian: ['libssl-dev', 'pkg-config'], alpine: ['openssl-dev', 'openssl-libs-static'] },
    runtime: { debian: ['libssl3'], alpine: ['libssl3', 'libcrypto3'] },
    staticLinkFails: false,
    fix: 'use rustls instead of OpenSSL (e.g. reqwest with `default-features = false` and `rustls-tls`), or enable the `vendored` feature of openssl',
  },
  {
    crate: 'libz-sys',
    library: 'zlib',
    bundledBy: [],
    build: { debian: ['zlib1g-dev', 'pkg-config'], alpine: ['zlib-dev', 'zlib-static'] },
    runtime: { debian: ['zlib1g'], alpine: ['zlib'] },
    staticLinkFails: false,
    fix: 'enable the `static` feature of libz-sys',
  },
  {
    crate: 'curl-sys',
    library: 'libcurl',
    bundledBy: [],
    build: { debian: ['libcurl4-openssl-dev', 'pkg-config'], alpine: ['curl-dev'] },
    runtime: { debian: ['libcurl4'], alpine: ['libcurl'] },
    staticLinkFails: false,
    fix: 'enable the `static-curl` feature of curl',
  },
  {
    crate: 'gdal-sys',
    library: 'GDAL',
    bundledBy: ['gdal-src'],
    build: { debian: ['libgdal-dev', 'libclang-dev'], alpine: ['gdal-dev', 'clang-dev'] },
    runtime: { debian: ['libgdal32'], alpine: ['gdal'] },
    staticLinkFails: true,
    fix: 'enable the `bundled` feature of gdal-sys (gdal-src)',
  },
  {
    crate: 'libudev-sys',
    library: 'libudev',
    bundledBy: [],
    build: { debian: ['libudev-dev', 'pkg-config'], alpine: ['eudev-dev'] },
    runtime: { debian: ['libudev1'], alpine: ['eudev-libs'] },
    staticLinkFails: true,
    fix: 'none: libudev exists only as a shared library, so the binary must be dynamic',
  },
  {
    crate: 'alsa-sys',
    library: 'libasound (ALSA)',
    bundledBy: [],
    build: { debian: ['libasound2-dev', 'pkg-config'], alpine: ['alsa-lib-dev'] },
    runtime: { debian: ['libasound2'], alpine: ['alsa-lib'] },
    staticLinkFails: true,
    fix: 'none: libasound exists only as a shared library, so the binary must be dynamic',
  },
];

/** A tool a crate's build script runs (or a library it needs only at build time). */
export interface BuildTool {
  /** Any of these in the lock needs the tool. */
  readonly crates: readonly string[];
  /** ...unless one of these (names, or prefixes ending in `*`) is in the lock too: they bring their own. */
  readonly unless: readonly string[];
  /** The tool, for messages. */
  readonly tool: string;
  readonly packages: PackageNames;
}

export const BUILD_TOOLS: readonly BuildTool[] = [
  {
    crates: ['prost-build'],
    unless: ['protoc-bin-vendored*', 'protobuf-src'],
    tool: 'protoc and the well-known .proto files',
    packages: { debian: ['protobuf-compiler', 'libprotobuf-dev'], alpine: ['protoc', 'protobuf-dev'] },
  },
  {
    crates: ['cmake'],
    unless: [],
    tool: 'cmake (and a C++ compiler)',
    packages: { debian: ['cmake'], alpine: ['cmake', 'make', 'g++'] },
  },
  {
    crates: ['bindgen'],
    unless: [],
    tool: 'libclang',
    packages: { debian: ['libclang-dev'], alpine: ['clang-dev'] },
  },
  {
    crates: ['openssl-src'],
    unless: [],
    tool: 'make and perl (OpenSSL\'s own build)',
    packages: { debian: ['make', 'perl'], alpine: ['make', 'perl'] },
  },
  {
    crates: ['rdkafka-sys'],
    unless: [],
    tool: 'bash, make and a C++ compiler (librdkafka\'s own build)',
    packages: { debian: ['bash', 'make', 'g++'], alpine: ['bash', 'make', 'g++'] },
  },
  {
    crates: ['tikv-jemalloc-sys', 'jemalloc-sys'],
    unless: [],
    tool: 'make (jemalloc\'s own build)',
    packages: { debian: ['make'], alpine: ['make'] },
  },
];

/**
 * What the default builders already carry. `rust:<v>-bookworm` is built FROM
 * buildpack-deps:bookworm (its curl, scm and full layers; with their dependencies such as
 * pkg-config and perl); `rust:<v>-alpine` has only musl-dev, gcc and ca-certificates.
 */
export const DEFAULT_BUILDER_PACKAGES: PackageNames = {
  debian: [
    'autoconf', 'automake', 'bash', 'bzip2', 'ca-certificates', 'curl', 'default-libmysqlclient-dev', 'dpkg-dev', 'file', 'g++', 'gcc',
    'git', 'gnupg', 'imagemagick', 'libbz2-dev', 'libc6-dev', 'libcurl4-openssl-dev', 'libdb-dev', 'libevent-dev', 'libffi-dev',
    'libgdbm-dev', 'libglib2.0-dev', 'libgmp-dev', 'libjpeg-dev', 'libkrb5-dev', 'liblzma-dev', 'libmaxminddb-dev',
    'libncurses5-dev', 'libncursesw5-dev', 'libpng-dev', 'libpq-dev', 'libreadline-dev', 'libsqlite3-dev', 'libssl-dev',
    'libtool', 'libwebp-dev', 'libxml2-dev', 'libxslt-dev', 'libyaml-dev', 'make', 'mercurial', 'netbase', 'openssh-client',
    'patch', 'perl', 'pkg-config', 'procps', 'subversion', 'unzip', 'wget', 'xz-utils', 'zlib1g-dev',
  ],
  alpine: ['ca-certificates', 'gcc', 'musl-dev'],
};
