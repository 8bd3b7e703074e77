/**
 * Shared libraries a Rust binary may need at run time, by soname, and the crate that links
 * them: the builder's runtime-library step (`src/dockerfile/runtime-libraries.ts`) names the
 * crate and the fix when a runtime cannot carry a library the binary needs.
 *
 * The texts go into a shell script inside the Dockerfile: no quotes, backticks, `$` or
 * backslashes (a unit test holds them to that).
 */
export interface NativeLibrary {
  /** Shell `case` patterns of sonames, e.g. `libpq.so.*`. */
  readonly sonames: readonly string[];
  /** The crates that link it, as Cargo.lock names them (the builder's script names only those the lock has). */
  readonly crates: readonly string[];
  /** What removes the run-time dependency, short of another runtime. */
  readonly fix: string;
}

export const NATIVE_LIBRARIES: readonly NativeLibrary[] = [
  {
    sonames: ['libpq.so.*'],
    crates: ['pq-sys'],
    fix: 'enable the bundled feature of pq-sys (pq-src), which builds libpq into the binary',
  },
  {
    sonames: ['libsqlite3.so.*'],
    crates: ['libsqlite3-sys'],
    fix: 'enable the bundled feature of libsqlite3-sys (for rusqlite: its bundled feature), which builds SQLite into the binary',
  },
  {
    sonames: ['libmysqlclient.so.*', 'libmariadb.so.*'],
    crates: ['mysqlclient-sys'],
    fix: 'enable the bundled feature of mysqlclient-sys (mysqlclient-src), which builds the client library into the binary',
  },
  {
    sonames: ['libssl.so.*', 'libcrypto.so.*'],
    crates: ['openssl-sys'],
    fix: 'use rustls instead of OpenSSL (e.g. reqwest with default-features = false and the rustls-tls feature), or enable the vendored feature of openssl (openssl-src), which builds OpenSSL into the binary',
  },
  {
    sonames: ['libz.so.*'],
    crates: ['libz-sys'],
    fix: 'enable the static feature of libz-sys, or use a pure-Rust backend (flate2 with its default miniz_oxide)',
  },
  {
    sonames: ['libcurl.so.*', 'libcurl-gnutls.so.*'],
    crates: ['curl-sys'],
    fix: 'enable the static-curl feature of curl (curl-sys)',
  },
  {
    sonames: ['libgit2.so.*'],
    crates: ['libgit2-sys'],
    fix: 'enable the vendored-libgit2 feature of git2 (libgit2-sys vendored)',
  },
  {
    sonames: ['libssh2.so.*'],
    crates: ['libssh2-sys'],
    fix: 'leave LIBSSH2_SYS_USE_PKG_CONFIG unset, so libssh2-sys builds its bundled copy',
  },
  {
    sonames: ['liblzma.so.*'],
    crates: ['lzma-sys'],
    fix: 'enable the static feature of xz2 (lzma-sys)',
  },
  {
    sonames: ['libzstd.so.*'],
    crates: ['zstd-sys'],
    fix: 'turn off the pkg-config feature of zstd-sys (and ZSTD_SYS_USE_PKG_CONFIG), so it builds its bundled zstd',
  },
  {
    sonames: ['librdkafka.so.*', 'librdkafka++.so.*'],
    crates: ['rdkafka-sys'],
    fix: 'turn off the dynamic-linking feature of rdkafka, so librdkafka is built into the binary',
  },
  {
    sonames: ['libsasl2.so.*'],
    crates: ['sasl2-sys'],
    fix: 'enable the vendored feature of sasl2-sys, or turn off the gssapi feature of rdkafka',
  },
  {
    sonames: ['libgdal.so.*'],
    crates: ['gdal-sys'],
    fix: 'enable the bundled feature of gdal-sys (gdal-src)',
  },
  {
    sonames: ['libonig.so.*'],
    crates: ['onig_sys'],
    fix: 'leave RUSTONIG_SYSTEM_LIBONIG unset, so onig_sys builds its bundled Oniguruma',
  },
  {
    sonames: ['libjemalloc.so.*'],
    crates: ['tikv-jemalloc-sys', 'jemalloc-sys'],
    fix: 'leave JEMALLOC_OVERRIDE unset, so jemalloc is built into the binary',
  },
  {
    sonames: ['libdbus-1.so.*'],
    crates: ['libdbus-sys'],
    fix: 'enable the vendored feature of libdbus-sys',
  },
  {
    sonames: ['libudev.so.*'],
    crates: ['libudev-sys'],
    fix: 'none: libudev exists only as a shared library',
  },
  {
    sonames: ['libasound.so.*'],
    crates: ['alsa-sys'],
    fix: 'none: libasound exists only as a shared library',
  },
  {
    sonames: ['libfontconfig.so.*', 'libfreetype.so.*'],
    crates: ['yeslogic-fontconfig-sys', 'servo-fontconfig-sys'],
    fix: 'none: fontconfig is loaded as a shared library',
  },
];
