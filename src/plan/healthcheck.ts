import { DEFAULT_HEALTHCHECK_PATH, healthcheckProblem } from './healthcheck-rules';
import { RustDockerError } from '../core/errors';
import { describeValue, isMap } from '../core/rules';

/**
 * When and how often Docker runs a health check (`HEALTHCHECK --interval=... --timeout=...
 * --start-period=... --retries=...`). Durations use Docker's syntax: a number and a unit
 * (`ns`, `us`, `ms`, `s`, `m`, `h`), several of them added up, e.g. "30s", "1m30s", "1.5s",
 * "500ms"; at least 1ms. An option left out is not written, so Docker's default applies.
 */
export interface HealthcheckTimingOptions {
  /**
   * Time between two checks; the first check runs this long after the container starts.
   *
   * @default - "30s" (Docker's default)
   */
  readonly interval?: string;

  /**
   * How long one check may take before it counts as failed. The HTTP probe also gives up
   * after this time.
   *
   * @default - "30s" (Docker's default)
   */
  readonly timeout?: string;

  /**
   * Start-up time: failed checks in this period do not count towards `retries` (a successful
   * one makes the container healthy at once).
   *
   * @default - "0s" (Docker's default)
   */
  readonly startPeriod?: string;

  /**
   * Consecutive failed checks after which the container is `unhealthy`: a whole number, 1 or
   * more.
   *
   * @default - 3 (Docker's default)
   */
  readonly retries?: number;
}

/**
 * Options for `Healthcheck.http()`.
 */
export interface HttpHealthcheckOptions extends HealthcheckTimingOptions {
  /**
   * The path requested, starting with `/` (a query is allowed): URL characters only, no spaces,
   * quotes or backslashes.
   *
   * @default "/healthz"
   */
  readonly path?: string;

  /**
   * The container port the service listens on. The probe connects to `127.0.0.1` on it from
   * inside the container, so it need not be published or exposed.
   *
   * @default - the image's first port (`ports`); synthesis fails when the image has none
   */
  readonly port?: number;
}

/** What kind of health check a `Healthcheck` is. */
export enum HealthcheckKind {
  /** `HEALTHCHECK NONE`: no health check, also none inherited from the base image. */
  NONE = 'none',
  /** An HTTP GET by a small probe binary built with the image. */
  HTTP = 'http',
  /** A command of the image, run in exec form (no shell). */
  COMMAND = 'command',
}

/**
 * The image's Docker health check (`HEALTHCHECK`): Docker runs it inside the container and
 * reports the container as `starting`, `healthy` or `unhealthy` (`docker ps`, `docker
 * inspect`, Compose's `depends_on: condition: service_healthy`, Swarm). Kubernetes ignores
 * `HEALTHCHECK`: use its liveness and readiness probes there.
 */
export class Healthcheck {
  /**
   * `HEALTHCHECK NONE`: the image has no health check, not even one its base image declares.
   * In `WorkspaceBinaryOptions` it turns the workspace-wide health check off for one binary.
   */
  public static readonly NONE = new Healthcheck(HealthcheckKind.NONE, [], {});

  /**
   * An HTTP GET of `http://127.0.0.1:<port><path>` from inside the container: healthy when the
   * answer's status is 2xx. It works on every runtime, including scratch and distroless (no
   * shell, no curl): a small std-only Rust probe is compiled with the builder image (linked like
   * the binary) and copied to `/usr/local/bin/healthcheck`, and `HEALTHCHECK` runs it in exec
   * form.
   *
   * @param options the path, port and timing
   */
  public static http(options: HttpHealthcheckOptions = {}): Healthcheck {
    const component = 'Healthcheck.http()';
    if (!isMap(options as unknown)) {
      throw new RustDockerError({ component, problem: `the options are ${describeValue(options)}, not an object.`, fix: 'Give the options as an object, e.g. Healthcheck.http({ path: \'/healthz\' }).' });
    }
    const check = new Healthcheck(HealthcheckKind.HTTP, [], options, options.path ?? DEFAULT_HEALTHCHECK_PATH, options.port);
    throwIfWrong(component, check);
    return check;
  }

  /**
   * A command of the image, run in exec form (`HEALTHCHECK CMD ["<program>", "<arg>", ...]`,
   * no shell): healthy when it exits with status 0. The program must exist in the image (the
   * binary itself is at `/usr/local/bin/<binary>`). On runtimes without a shell (scratch,
   * distroless) the program must be an absolute path, and shells, curl and wget are refused:
   * those images do not have them (use `Healthcheck.http()`). Wrap a shell command yourself
   * where the image has a shell: `['/bin/sh', '-c', '...']`.
   *
   * @param command the program and its arguments
   * @param options the timing
   */
  public static command(command: string[], options: HealthcheckTimingOptions = {}): Healthcheck {
    const component = 'Healthcheck.command()';
    if (!Array.isArray(command)) {
      throw new RustDockerError({ component, problem: `the command is ${describeValue(command)}, not a list of strings.`, fix: 'Give the program and its arguments as an array, e.g. Healthcheck.command([\'/usr/local/bin/app\', \'health\']).' });
    }
    if (!isMap(options as unknown)) {
      throw new RustDockerError({ component, problem: `the options are ${describeValue(options)}, not an object.`, fix: 'Give the timing as an object, e.g. { interval: \'10s\' }.' });
    }
    const check = new Healthcheck(HealthcheckKind.COMMAND, [...command], options);
    throwIfWrong(component, check);
    return check;
  }

  /** What kind of health check this is. */
  public readonly kind: HealthcheckKind;

  /** The path `Healthcheck.http()` requests. */
  public readonly path?: string;

  /** The explicit port of `Healthcheck.http()`, if one was given. */
  public readonly port?: number;

  /** The program and arguments of `Healthcheck.command()`; empty for the others. */
  public readonly commandLine: string[];

  /** Time between checks, if given. */
  public readonly interval?: string;

  /** Time one check may take, if given. */
  public readonly timeout?: string;

  /** Start-up period, if given. */
  public readonly startPeriod?: string;

  /** Failed checks until unhealthy, if given. */
  public readonly retries?: number;

  private constructor(kind: HealthcheckKind, commandLine: string[], timing: HealthcheckTimingOptions, path?: string, port?: number) {
    this.kind = kind;
    this.commandLine = commandLine;
    this.path = path;
    this.port = port;
    this.interval = timing.interval;
    this.timeout = timing.timeout;
    this.startPeriod = timing.startPeriod;
    this.retries = timing.retries;
  }
}

/** Throws the first problem of a new health check's fields, naming the factory and the field. */
function throwIfWrong(component: string, check: Healthcheck): void {
  const found = healthcheckProblem(check as unknown as { [key: string]: unknown });
  if (found) {
    throw new RustDockerError({ component, option: found.field, problem: found.problem, fix: found.fix });
  }
}
