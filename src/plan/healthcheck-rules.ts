import type { Healthcheck } from './healthcheck';
import type { Runtime } from './runtime';
import { RustDockerError } from '../core/errors';
import { describeValue, hasControlCharacter, isMap, validPort } from '../core/rules';

/**
 * The rules of `Healthcheck` (healthcheck.ts, the public class): field validation, the
 * `healthcheck` option's check, and planning. Kinds are compared as their string values
 * (`HealthcheckKind.HTTP` is "http"), so this file needs no value from the public one.
 */

/** The path `Healthcheck.http()` requests by default. */
export const DEFAULT_HEALTHCHECK_PATH = '/healthz';

/** Where the HTTP probe is in the final image (`/usr/local/bin/healthcheck-probe` when the binary is `healthcheck`). */
export const PROBE_PATH = '/usr/local/bin/healthcheck';

/** Docker's defaults (moby `daemon/health.go`), used to compute timeouts and CI deadlines. */
export const DOCKER_DEFAULT_TIMING = { intervalMs: 30_000, timeoutMs: 30_000, startPeriodMs: 0, retries: 3 };

/** A URL path (and query): RFC 3986 characters only; `%` only as an escape. */
const URL_PATH = /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

/** Go's `time.ParseDuration` syntax, ASCII units only, without a sign. */
const DURATION = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|ms|s|m|h))+$/;
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|ms|s|m|h)/g;
const UNIT_MS: { [unit: string]: number } = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** Go durations are int64 nanoseconds. */
const MAX_DURATION_MS = 9_223_372_036_854;
const MAX_RETRIES = 2_147_483_647;

/** Programs that scratch and distroless images do not have: the usual health check commands. */
const NOT_IN_SHELL_LESS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'busybox', 'curl', 'wget', 'nc']);

/** A duration of Docker's syntax in milliseconds (`"1m30s"` gives 90000); NaN when it is not one. */
export function durationMs(text: string): number {
  if (!DURATION.test(text)) {
    return NaN;
  }
  let total = 0;
  for (const [, value, unit] of text.matchAll(DURATION_PART)) {
    total += Number(value) * UNIT_MS[unit];
  }
  return total;
}

export interface HealthcheckProblem {
  /** The field, as `Healthcheck.http()` takes it (`path`, `interval`), or undefined for the whole value. */
  readonly field?: string;
  readonly problem: string;
  readonly fix: string;
}

const TIMING_FIELDS = ['interval', 'timeout', 'startPeriod'] as const;

/** The values of `HealthcheckKind`. */
const KINDS: unknown[] = ['none', 'http', 'command'];

/** The first thing wrong with a health check's fields, or undefined. */
export function healthcheckProblem(check: { [key: string]: unknown }): HealthcheckProblem | undefined {
  for (const field of TIMING_FIELDS) {
    const value = check[field];
    if (value === undefined) {
      continue;
    }
    const fix = `Use a duration such as "30s", "1m30s" or "500ms" (units ns, us, ms, s, m, h; at least 1ms), or leave ${field} out for Docker's default.`;
    if (typeof value !== 'string') {
      return { field, problem: `is ${describeValue(value)}, not a string.`, fix: typeof value === 'number' ? `Write it with a unit, e.g. "${value}s". ${fix}` : fix };
    }
    const ms = durationMs(value);
    if (Number.isNaN(ms)) {
      return { field, problem: `is ${JSON.stringify(value)}, which is not a Docker duration.`, fix };
    }
    if (ms < 1) {
      return { field, problem: `is ${JSON.stringify(value)}, ${ms === 0 ? 'zero, which Docker reads as "use the default"' : 'less than 1ms, which Docker refuses'}.`, fix };
    }
    if (ms > MAX_DURATION_MS) {
      return { field, problem: `is ${JSON.stringify(value)}, longer than Docker can hold (about 2562047h).`, fix };
    }
  }
  const retries = check.retries;
  if (retries !== undefined && (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 1 || retries > MAX_RETRIES)) {
    const numeric = typeof retries === 'string' && /^\d+$/.test(retries.trim());
    return {
      field: 'retries',
      problem: typeof retries === 'number' ? `is ${retries}, not a whole number of 1 or more.` : `is ${describeValue(retries)}, not a number.`,
      fix: numeric ? `Write it as a number, without quotes: ${Number(retries)}.` : `Use a whole number from 1 to ${MAX_RETRIES}, or leave it out for Docker's default (3).`,
    };
  }
  switch (check.kind) {
    case 'http': {
      const path = check.path;
      const pathFix = 'Give a path such as \'/healthz\' or \'/ready?full=1\': it starts with \'/\' and holds URL characters only (escape others as %XX).';
      if (typeof path !== 'string') {
        return { field: 'path', problem: `is ${describeValue(path)}, not a string.`, fix: pathFix };
      }
      if (!URL_PATH.test(path) || path.length > 2048) {
        return {
          field: 'path',
          problem: `is ${JSON.stringify(path)}, which is not a URL path: it must start with '/' and hold only URL characters (no spaces, quotes, backslashes, '#' or control characters; '%' only as %XX), at most 2048 of them.`,
          fix: pathFix,
        };
      }
      const port = check.port;
      if (port !== undefined && (typeof port !== 'number' || !validPort(port))) {
        const numeric = typeof port === 'string' && /^\d+$/.test(port.trim());
        return {
          field: 'port',
          problem: typeof port === 'number' ? `is ${port}, which is not a TCP port.` : `is ${describeValue(port)}, not a number.`,
          fix: numeric ? `Write the port as a number, without quotes: ${Number(port)}.` : 'Use a whole number from 1 to 65535, or leave it out for the image\'s first port.',
        };
      }
      return undefined;
    }
    case 'command': {
      const command = check.commandLine;
      const fix = 'Give the program and its arguments, e.g. Healthcheck.command([\'/usr/local/bin/app\', \'health\']).';
      if (!Array.isArray(command) || command.length === 0) {
        return { field: 'command', problem: Array.isArray(command) ? 'is empty.' : `is ${describeValue(command)}, not a list of strings.`, fix };
      }
      const bad = command.findIndex((word) => typeof word !== 'string' || hasControlCharacter(word));
      if (bad >= 0) {
        const word: unknown = command[bad];
        return {
          field: `command[${bad}]`,
          problem: typeof word === 'string' ? `is ${JSON.stringify(word)}: it contains a line break or another control character, which no Dockerfile line can hold.` : `is ${describeValue(word)}, not a string.`,
          fix: typeof word === 'string' ? 'Put each word on one line, without control characters.' : 'Give each word as a string.',
        };
      }
      if (command[0].trim() === '') {
        return { field: 'command[0]', problem: `is ${JSON.stringify(command[0])}: the program's name is empty.`, fix };
      }
      return undefined;
    }
    case 'none':
      return undefined;
    default:
      return { problem: `is ${describeValue(check)}, not a Healthcheck.`, fix: 'Use Healthcheck.http({ path }), Healthcheck.command([...]) or Healthcheck.NONE.' };
  }
}


/**
 * Checks a `healthcheck` option on its own: a `Healthcheck` (also one from another copy of
 * this library) whose fields are valid. Errors name the option (`healthcheck.interval`).
 */
export function checkHealthcheck(option: string, value: unknown): void {
  if (!isMap(value) || !KINDS.includes(value.kind) || !Array.isArray(value.commandLine)) {
    throw new RustDockerError({
      option,
      problem: `is ${describeValue(value)}, not a Healthcheck.`,
      fix: 'Use Healthcheck.http({ path: \'/healthz\' }), Healthcheck.command([\'/usr/local/bin/app\', \'health\']) or Healthcheck.NONE.',
    });
  }
  const found = healthcheckProblem(value);
  if (found) {
    throw new RustDockerError({ option: found.field === undefined ? option : `${option}.${found.field}`, problem: found.problem, fix: found.fix });
  }
}

/** Timing flags of `HEALTHCHECK`, in Docker's order, only those given (`--interval=10s`). */
export interface PlannedTiming {
  readonly flags: string[];
  /** The effective values in milliseconds (Docker's defaults where not given). */
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly startPeriodMs: number;
  readonly retries: number;
}

/** The health check of an image, resolved against its ports and runtime. */
export type PlannedHealthcheck =
  | { readonly kind: 'none' }
  | {
    readonly kind: 'http';
    readonly port: number;
    readonly path: string;
    /** `http://127.0.0.1:<port><path>`, what the probe requests. */
    readonly url: string;
    /** Where the probe is in the final image. */
    readonly probePath: string;
    readonly timing: PlannedTiming;
  }
  | { readonly kind: 'command'; readonly command: string[]; readonly timing: PlannedTiming };

/**
 * Resolves the `healthcheck` option for an image: the HTTP port defaults to the image's first
 * port, and a command must be one the runtime can run without a shell. Pure.
 */
export function planHealthcheck(check: Healthcheck | undefined, ports: number[], runtime: Runtime, binary: string): PlannedHealthcheck | undefined {
  if (check === undefined) {
    return undefined;
  }
  switch (check.kind as string) {
    case 'none':
      return { kind: 'none' };
    case 'http': {
      const path = check.path ?? DEFAULT_HEALTHCHECK_PATH;
      const port = check.port ?? ports[0];
      if (port === undefined) {
        throw new RustDockerError({
          option: 'healthcheck',
          problem: `is Healthcheck.http() for '${path}' without a port, and the image of binary '${binary}' has no ports to take the first of.`,
          fix: 'Add the port the service listens on to \'ports\' (e.g. ports: [8080]), or give it: Healthcheck.http({ port: 8080 }).',
        });
      }
      // The binary is /usr/local/bin/<binary>: the probe must not replace it.
      const probePath = binary === 'healthcheck' ? `${PROBE_PATH}-probe` : PROBE_PATH;
      return { kind: 'http', port, path, url: `http://127.0.0.1:${port}${path}`, probePath, timing: planTiming(check) };
    }
    default: {
      const program = check.commandLine[0];
      const shellLess = runtime._traits.packageManager === 'none';
      if (shellLess && !program.startsWith('/')) {
        throw new RustDockerError({
          option: 'healthcheck',
          problem: `is Healthcheck.command() with the program ${JSON.stringify(program)}, but runtime ${runtime.name} (${runtime.image}) has no shell and almost no programs: the health check runs in exec form and needs the program's absolute path.`,
          fix: 'Give the absolute path of a program the image has, e.g. the binary itself (/usr/local/bin/<binary>), or use Healthcheck.http().',
        });
      }
      const name = program.slice(program.lastIndexOf('/') + 1);
      if (shellLess && NOT_IN_SHELL_LESS.has(name)) {
        throw new RustDockerError({
          option: 'healthcheck',
          problem: `is Healthcheck.command() with ${JSON.stringify(program)}, which runtime ${runtime.name} (${runtime.image}) does not have: it has no shell, curl or wget.`,
          fix: 'Use Healthcheck.http({ path }) (a probe built with the image, no shell needed), or a program the image has, such as the binary itself.',
        });
      }
      return { kind: 'command', command: [...check.commandLine], timing: planTiming(check) };
    }
  }
}

function planTiming(check: Healthcheck): PlannedTiming {
  const flags: string[] = [];
  if (check.interval !== undefined) {
    flags.push(`--interval=${check.interval}`);
  }
  if (check.timeout !== undefined) {
    flags.push(`--timeout=${check.timeout}`);
  }
  if (check.startPeriod !== undefined) {
    flags.push(`--start-period=${check.startPeriod}`);
  }
  if (check.retries !== undefined) {
    flags.push(`--retries=${check.retries}`);
  }
  return {
    flags,
    intervalMs: check.interval !== undefined ? durationMs(check.interval) : DOCKER_DEFAULT_TIMING.intervalMs,
    timeoutMs: check.timeout !== undefined ? durationMs(check.timeout) : DOCKER_DEFAULT_TIMING.timeoutMs,
    startPeriodMs: check.startPeriod !== undefined ? durationMs(check.startPeriod) : DOCKER_DEFAULT_TIMING.startPeriodMs,
    retries: check.retries ?? DOCKER_DEFAULT_TIMING.retries,
  };
}

/** One line about an image's health check, for comments and the `plan` report. */
export function describeHealthcheck(check: PlannedHealthcheck): string {
  switch (check.kind) {
    case 'none':
      return 'none (HEALTHCHECK NONE)';
    case 'http':
      return `HTTP GET ${check.url} by ${check.probePath}${timingText(check.timing)}`;
    default:
      return `command ${JSON.stringify(check.command)}${timingText(check.timing)}`;
  }
}

function timingText(timing: PlannedTiming): string {
  return timing.flags.length > 0 ? ` (${timing.flags.join(' ')})` : '';
}
