import { RustDockerError } from '../core/errors';
import { describeValue, hasControlCharacter, printable, validPort } from '../core/rules';

/**
 * Options for `Smoke.http()`.
 */
export interface HttpSmokeOptions {
  /**
   * The container port to probe. It is published on the CI host under the same number.
   *
   * @default - the first port of the image (`RustDockerImageOptions.ports`)
   */
  readonly port?: number;
}

/** What kind of check a `Smoke` is. */
export enum SmokeKind {
  /** No check. */
  NONE = 'none',
  /** An HTTP GET against a published port. */
  HTTP = 'http',
  /** A command run to completion. */
  COMMAND = 'command',
}

/**
 * How CI checks that a freshly built image starts, before anything is pushed.
 *
 * The image is built once, loaded into the CI host's Docker engine and run there.
 */
export class Smoke {
  /** No smoke test: the image is only built. */
  public static readonly NONE = new Smoke(SmokeKind.NONE, '/', undefined, []);

  /**
   * Run the image in the background with its port published, then GET
   * `http://127.0.0.1:<port><path>` with curl, retrying for about 40 seconds until it
   * answers with a 2xx/3xx status. The container's logs are printed either way.
   *
   * The service must listen on `0.0.0.0` inside the container, not `127.0.0.1`.
   *
   * @param path the path to request, starting with `/`
   * @param options which port to probe
   */
  public static http(path: string = '/', options: HttpSmokeOptions = {}): Smoke {
    if (typeof path !== 'string') {
      throw new RustDockerError({ component: 'Smoke.http()', option: 'path', problem: `is ${describeValue(path)}, not a string.`, fix: 'Give a path such as \'/healthz\'.' });
    }
    if (!/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/.test(path)) {
      throw new RustDockerError({
        component: `Smoke.http('${printable(path)}')`,
        problem: 'the path must start with \'/\' and contain only URL characters (no spaces or quotes).',
        fix: 'Give a path such as \'/healthz\'.',
      });
    }
    if (options.port !== undefined && typeof options.port !== 'number') {
      const numeric = typeof options.port === 'string' && /^\d+$/.test(options.port);
      throw new RustDockerError({
        component: 'Smoke.http()',
        option: 'port',
        problem: `is ${describeValue(options.port)}, not a number.`,
        fix: numeric ? `Write the port as a number, without quotes: ${Number(options.port)}.` : 'Use a whole number from 1 to 65535.',
      });
    }
    if (options.port !== undefined && !validPort(options.port)) {
      throw new RustDockerError({ component: 'Smoke.http()', option: 'port', problem: `is ${options.port}, which is not a TCP port.`, fix: 'Use a whole number from 1 to 65535.' });
    }
    return new Smoke(SmokeKind.HTTP, path, options.port, []);
  }

  /**
   * Run the image to completion with these arguments (appended to its ENTRYPOINT, the
   * binary), e.g. `['--version']`. The check passes when the command exits with status 0.
   *
   * @param args arguments for the binary
   */
  public static command(args: string[]): Smoke {
    if (!Array.isArray(args)) {
      throw new RustDockerError({
        component: 'Smoke.command()',
        problem: `the arguments are ${describeValue(args)}, not a list of strings.`,
        fix: 'Give the arguments as an array, e.g. Smoke.command([\'--version\']).',
      });
    }
    const notString = args.findIndex((a) => typeof a !== 'string');
    if (notString >= 0) {
      throw new RustDockerError({
        component: 'Smoke.command()',
        option: `args[${notString}]`,
        problem: `is ${describeValue(args[notString])}, not a string.`,
        fix: typeof args[notString] === 'number' ? `Write it as a string, '${args[notString]}'.` : 'Give each argument as a string.',
      });
    }
    if (args.length === 0) {
      throw new RustDockerError({
        component: 'Smoke.command([])',
        problem: 'needs at least one argument.',
        fix: 'Give the arguments the binary is run with, e.g. Smoke.command([\'--version\']); use Smoke.NONE for no check.',
      });
    }
    if (args.some(hasControlCharacter)) {
      throw new RustDockerError({
        component: `Smoke.command(${JSON.stringify(args)})`,
        problem: 'arguments may not contain line breaks, NUL or other control characters.',
        fix: 'Put each argument on one line, without control characters.',
      });
    }
    return new Smoke(SmokeKind.COMMAND, '/', undefined, [...args]);
  }

  /** What kind of check this is. */
  public readonly kind: SmokeKind;

  /** The HTTP path for `Smoke.http()`. */
  public readonly path: string;

  /** The explicit port for `Smoke.http()`, if one was given. */
  public readonly port?: number;

  /** The arguments for `Smoke.command()`. */
  public readonly args: string[];

  private constructor(kind: SmokeKind, path: string, port: number | undefined, args: string[]) {
    this.kind = kind;
    this.path = path;
    this.port = port;
    this.args = args;
  }
}
