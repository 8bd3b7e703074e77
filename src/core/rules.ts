/** Validity rules that several options share. */

/** A TCP port number. */
export function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** A plain file name (no directory): generated files such as Dockerfiles and bake files. */
export const FILE_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * A Docker image reference: `[registry[:port]/]name[:tag][@digest]`. Repository paths are
 * lowercase; tags may hold letters of either case, digits, `_`, `.` and `-`.
 */
export const IMAGE_REFERENCE = /^[a-z0-9][a-z0-9._\-/]*(:[0-9]+\/[a-z0-9._\-/]+)?(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
