
/** A registry host, optionally with a port: `ghcr.io`, `registry.example.com:5000`. */
export const REGISTRY_HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d+)?$/;

/** A workflow or job name usable as a file name and a YAML key. */
export const WORKFLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A git ref pattern for triggers: no spaces, quotes or control characters. */
export const REF_PATTERN = /^[A-Za-z0-9._\-/*+?!]+$/;
