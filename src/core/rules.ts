/** Validity rules that several options share. */

/** A TCP port number. */
export function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** A plain file name (no directory): generated files such as Dockerfiles and bake files. */
export const FILE_NAME = /^[A-Za-z0-9._-]+$/;
