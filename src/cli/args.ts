import * as path from 'path';
import { RustDockerError } from '../core/errors';
import { DependencyCaching } from '../plan/caching';
import { CrossCompilation } from '../plan/cross-compilation';
import { Healthcheck } from '../plan/healthcheck';
import { Linking } from '../plan/linking';
import type { BinaryImageOptions } from '../plan/options';
import { Platform } from '../plan/platform';
import { Runtime } from '../plan/runtime';
import { validateOptions } from '../plan/validate';
import type { RustWorkspaceImagesOptions } from '../workspace/options';
import { validateWorkspaceOptions } from '../workspace/validate';

/** Which component `plan` plans like, with the options built from the flags. */
export type PlanTarget =
  | { readonly component: 'RustDockerImage'; readonly options: BinaryImageOptions }
  | { readonly component: 'RustWorkspaceImages'; readonly options: RustWorkspaceImagesOptions };

/** A parsed `plan` command line. */
export interface PlanRequest {
  /** The Cargo directory (the component's `cargoDir`), absolute. */
  readonly dir: string;
  readonly json: boolean;
  readonly target: PlanTarget;
  /** The flags that were given, by option name, as JSON values (enum-likes by name). */
  readonly given: { [option: string]: string | boolean | string[] };
}

/** Bad usage or a bad flag value: exit code 2. */
export class UsageError extends Error {
  /** Whether the full usage text should follow the message. */
  public readonly showUsage: boolean;

  constructor(message: string, showUsage = false) {
    super(message);
    this.name = 'UsageError';
    this.showUsage = showUsage;
  }
}

/** `plan --help`. */
export class HelpRequested extends Error {
  constructor() {
    super('help');
    this.name = 'HelpRequested';
  }
}

type Mode = 'both' | 'image' | 'workspace';

interface FlagSpec {
  readonly flag: string;
  /** The component option it sets (undefined for --dir, --json, --workspace). */
  readonly option?: string;
  /** bool: no value; value: one value; list: comma-separated values, repeatable; each: one value per use, repeatable. */
  readonly kind: 'bool' | 'value' | 'list' | 'each';
  readonly mode: Mode;
  /** Placeholder for the value in the usage text. */
  readonly meta?: string;
  readonly help: string;
  /** Valid values, for enum-likes. */
  readonly choices?: () => string[];
  /** Turns each value into the option's type (e.g. a port number); the component validates it. */
  readonly convert?: (value: string) => unknown;
}

/** The built-in runtimes by name, read from the `Runtime` class (custom images have no name to type). */
export function builtInRuntimes(): Map<string, Runtime> {
  const found = new Map<string, Runtime>();
  for (const key of Object.getOwnPropertyNames(Runtime)) {
    const value = (Runtime as unknown as { [key: string]: unknown })[key];
    if (value instanceof Runtime) {
      found.set(value.name, value);
    }
  }
  return found;
}

const LINKINGS: string[] = Object.values(Linking);
const CACHINGS: string[] = Object.values(DependencyCaching);
const CROSS: string[] = Object.values(CrossCompilation);

const FLAGS: FlagSpec[] = [
  { flag: '--dir', kind: 'value', mode: 'both', meta: 'DIR', help: 'The Cargo directory: the cargoDir option (default: the current directory).' },
  { flag: '--json', kind: 'bool', mode: 'both', help: 'Print one JSON object instead of the summary.' },
  { flag: '--workspace', kind: 'bool', mode: 'both', help: 'Plan like RustWorkspaceImages (an image per binary) instead of RustDockerImage.' },
  { flag: '--binary', option: 'binary', kind: 'value', mode: 'image', meta: 'NAME', help: 'The binary target to build.' },
  { flag: '--package', option: 'package', kind: 'value', mode: 'image', meta: 'NAME', help: 'The workspace member that owns the binary.' },
  { flag: '--features', option: 'features', kind: 'list', mode: 'image', meta: 'A,B', help: 'Cargo features to enable; repeatable.' },
  { flag: '--no-default-features', option: 'noDefaultFeatures', kind: 'bool', mode: 'both', help: 'Build without default features.' },
  { flag: '--profile', option: 'profile', kind: 'value', mode: 'both', meta: 'NAME', help: 'Cargo profile (default: release).' },
  { flag: '--rust-version', option: 'rustVersion', kind: 'value', mode: 'both', meta: 'X.Y', help: 'Rust version of the builder image.' },
  { flag: '--builder-image', option: 'builderImage', kind: 'value', mode: 'both', meta: 'IMAGE', help: 'Builder image, overriding the derived one.' },
  { flag: '--runtime', option: 'runtime', kind: 'value', mode: 'both', meta: 'NAME', help: 'Base image of the final stage (default: debian-slim).', choices: () => [...builtInRuntimes().keys()] },
  { flag: '--linking', option: 'linking', kind: 'value', mode: 'both', meta: 'NAME', help: 'How binaries are linked (default: the runtime\'s).', choices: () => LINKINGS },
  { flag: '--caching', option: 'caching', kind: 'value', mode: 'both', meta: 'NAME', help: 'Dependency caching (default: layer).', choices: () => CACHINGS },
  {
    flag: '--platforms',
    option: 'platforms',
    kind: 'list',
    mode: 'both',
    meta: 'OS/ARCH,...',
    help: 'Platforms the Dockerfile builds for, e.g. linux/amd64,linux/arm64 (the builder cross-compiles); repeatable.',
    convert: (v) => Platform.custom(v),
  },
  { flag: '--cross-compilation', option: 'crossCompilation', kind: 'value', mode: 'both', meta: 'NAME', help: 'How foreign platforms are compiled (default: toolchain).', choices: () => CROSS },
  { flag: '--user', option: 'user', kind: 'value', mode: 'both', meta: 'UID[:GID]', help: 'Numeric user the binary runs as (default: the runtime\'s).' },
  { flag: '--allow-system-user', option: 'allowSystemUser', kind: 'bool', mode: 'both', help: 'Allow --user to be root or a system account.' },
  { flag: '--init', option: 'init', kind: 'bool', mode: 'both', help: 'Run the binary under tini as PID 1 (signals forwarded, zombies reaped).' },
  { flag: '--stop-signal', option: 'stopSignal', kind: 'value', mode: 'both', meta: 'SIGNAL', help: 'STOPSIGNAL of the image, e.g. SIGINT (default: none, SIGTERM).' },
  { flag: '--ports', option: 'ports', kind: 'list', mode: 'both', meta: 'PORT,...', help: 'Ports the service listens on (EXPOSE); repeatable.', convert: (v) => (/^\d+$/.test(v) ? Number(v) : NaN) },
  {
    flag: '--healthcheck-http',
    option: 'healthcheck',
    kind: 'value',
    mode: 'both',
    meta: 'PATH',
    help: 'HEALTHCHECK: an HTTP GET of PATH on the first port, by a probe built with the image (default: no HEALTHCHECK).',
    convert: healthcheckFlag,
  },
  {
    flag: '--asset',
    option: 'assets',
    kind: 'each',
    mode: 'both',
    meta: 'SOURCE:DEST',
    help: 'Copy a file or directory of the build context to DEST in the image (root-owned, read-only); repeatable.',
    convert: assetFlag,
  },
  { flag: '--builder-packages', option: 'builderPackages', kind: 'list', mode: 'both', meta: 'PKG,...', help: 'Packages the builder installs besides those Cargo.lock\'s native crates need; repeatable.' },
  { flag: '--runtime-packages', option: 'runtimePackages', kind: 'list', mode: 'both', meta: 'PKG,...', help: 'Packages the final stage installs besides the libraries the binary needs; repeatable.' },
  { flag: '--dockerfile-name', option: 'dockerfileName', kind: 'value', mode: 'both', meta: 'NAME', help: 'File name of the Dockerfile (default: Dockerfile).' },
  { flag: '--include', option: 'include', kind: 'list', mode: 'workspace', meta: 'BIN', help: 'Binaries to build images for ("api" or "pkg/api"); repeatable.' },
  { flag: '--exclude', option: 'exclude', kind: 'list', mode: 'workspace', meta: 'BIN', help: 'Binaries to leave out; repeatable.' },
  { flag: '--bake-file-name', option: 'bakeFileName', kind: 'value', mode: 'workspace', meta: 'NAME', help: 'File name of the bake file (default: docker-bake.hcl).' },
];

/** The usage text, generated from the flags (valid values from the enum-likes themselves). */
export function usage(): string {
  const rows = FLAGS.flatMap((f) => {
    const left = `  ${f.flag}${f.meta ? ` ${f.meta}` : ''}`.padEnd(26);
    const only = f.mode === 'workspace' ? ' With --workspace only.' : f.mode === 'image' ? ' Not with --workspace.' : '';
    return [`${left}${f.help}${only}`, ...(f.choices ? [`${' '.repeat(26)}One of: ${f.choices().join(', ')}.`] : [])];
  });
  return [
    'Usage: projen-rust-docker plan [options]',
    '',
    'Prints the Cargo workspace inventory and what synthesis would generate with these options:',
    'the Dockerfile\'s stages, the builder image and where its Rust version comes from, linking,',
    'caching, the binaries, the runtime and the files. The options are those of RustDockerImage',
    '(or RustWorkspaceImages with --workspace); each flag sets the option of the same name.',
    'Errors read as synthesis of a project in the current directory reports them.',
    '',
    ...rows,
    '  --help                  Print this text.',
    '',
    'Values: --flag VALUE or --flag=VALUE. Exit codes: 0 planned; 1 a Cargo or planning error',
    '(the inventory is still printed when the Cargo files load); 2 bad usage or a bad value.',
    '',
    'Also: projen-rust-docker adopt --help (adopt an existing repository without installing anything).',
    '',
  ].join('\n');
}

/** Parses the arguments after `plan`. Throws UsageError (exit 2) or HelpRequested. */
export function parsePlanArgs(args: string[], cwd: string): PlanRequest {
  const values = new Map<FlagSpec, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      throw new HelpRequested();
    }
    if (!arg.startsWith('-')) {
      throw new UsageError(`unexpected argument '${arg}': plan takes only options.`, true);
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const spec = FLAGS.find((f) => f.flag === name);
    if (!spec) {
      throw new UsageError(`unknown option '${name}'.`, true);
    }
    let value: string;
    if (spec.kind === 'bool') {
      if (eq >= 0) {
        throw new UsageError(`${spec.flag} takes no value (got '${arg}').`);
      }
      value = 'true';
    } else if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else if (args[i + 1] !== undefined && !args[i + 1].startsWith('--')) {
      value = args[++i];
    } else {
      throw new UsageError(`${spec.flag} needs a value${expected(spec)}.`);
    }
    const previous = values.get(spec) ?? [];
    if (spec.kind !== 'list' && spec.kind !== 'each' && previous.length > 0) {
      throw new UsageError(`${spec.flag} is given twice${spec.kind === 'value' ? ` ('${previous[0]}' and '${value}')` : ''}: give it once.`);
    }
    values.set(spec, [...previous, value]);
  }

  const workspace = has(values, '--workspace');
  for (const [spec] of values) {
    if (spec.mode === 'workspace' && !workspace) {
      throw new UsageError(`${spec.flag} needs --workspace: it is an option of RustWorkspaceImages.`);
    }
    if (spec.mode === 'image' && workspace) {
      throw new UsageError(`${spec.flag} cannot be combined with --workspace: RustWorkspaceImages builds every binary of the workspace ` +
        '(choose them with --include and --exclude) and takes features per binary (binaries.<name>.features in .projenrc).');
    }
  }

  const options: { [option: string]: unknown } = {};
  const given: { [option: string]: string | boolean | string[] } = {};
  for (const [spec, raw] of values) {
    if (!spec.option) {
      continue;
    }
    if (spec.choices) {
      const name = choiceName(spec, raw[0]);
      options[spec.option] = spec.option === 'runtime' ? builtInRuntimes().get(name) : name;
      given[spec.option] = name;
    } else {
      const value = spec.kind === 'bool' ? true : spec.kind === 'list' ? raw.flatMap(splitList(spec)) : spec.kind === 'each' ? raw : raw[0];
      options[spec.option] = !spec.convert ? value : Array.isArray(value) ? value.map(spec.convert) : typeof value === 'string' ? spec.convert(value) : value;
      given[spec.option] = value;
    }
  }
  const dir = path.resolve(cwd, values.get(flag('--dir'))?.[0] ?? '.');
  const target: PlanTarget = workspace
    ? { component: 'RustWorkspaceImages', options: options as RustWorkspaceImagesOptions }
    : { component: 'RustDockerImage', options: options as BinaryImageOptions };
  validate(target);
  return { dir, json: has(values, '--json'), target, given };
}

function flag(name: string): FlagSpec {
  return FLAGS.find((f) => f.flag === name)!;
}

function has(values: Map<FlagSpec, string[]>, name: string): boolean {
  return values.has(flag(name));
}

function expected(spec: FlagSpec): string {
  return spec.choices ? `, one of: ${spec.choices().join(', ')}` : spec.meta ? ` (${spec.meta})` : '';
}

const LIST_EXAMPLES: { [flag: string]: string } = { '--features': 'tls,metrics', '--ports': '8080,9090', '--builder-packages': 'protobuf-compiler,cmake', '--runtime-packages': 'tzdata' };

/** `--features a,b --features c` gives a, b, c; an empty entry is a bad value. */
function splitList(spec: FlagSpec): (raw: string) => string[] {
  return (raw) => {
    const parts = raw.split(',').map((p) => p.trim());
    if (parts.some((p) => p === '')) {
      throw new UsageError(`${spec.flag} '${raw}' has an empty entry: give ${spec.meta ?? 'values'} separated by commas, e.g. ${spec.flag} ${LIST_EXAMPLES[spec.flag] ?? 'api,worker'}.`);
    }
    return parts;
  };
}

/** `--asset static:/app/static`: an asset (split at the first ":", which neither path may hold); the component validates it. */
function assetFlag(value: string): { source: string; destination: string } {
  const colon = value.indexOf(':');
  if (colon < 0) {
    throw new UsageError(`--asset '${value}' is not SOURCE:DEST: give the path in the build context, ":", and the absolute path in the image, e.g. --asset static:/app/static.`);
  }
  return { source: value.slice(0, colon), destination: value.slice(colon + 1) };
}

/** `--healthcheck-http PATH`: `Healthcheck.http({ path })`, whose own check reports a bad path. */
function healthcheckFlag(value: string): Healthcheck {
  try {
    return Healthcheck.http({ path: value });
  } catch (e) {
    throw new UsageError(`--healthcheck-http: ${(e as Error).message}`);
  }
}

/** An enum-like's name as the class itself defines it, `debian-slim` (also accepted: `DEBIAN_SLIM`). */
function choiceName(spec: FlagSpec, value: string): string {
  const names = spec.choices!();
  const name = value.trim().toLowerCase().replace(/_/g, '-');
  if (!names.includes(name)) {
    throw new UsageError(`${spec.flag} '${value}' is not a valid ${spec.option} name. Valid values: ${names.join(', ')}.`);
  }
  return name;
}

/**
 * The component's own validation of every option (the same checks construction runs). An
 * error names the option; it is reported as a bad value of the flag that set it.
 */
function validate(target: PlanTarget): void {
  try {
    if (target.component === 'RustWorkspaceImages') {
      validateWorkspaceOptions(target.options);
    } else {
      validateOptions(target.options);
    }
  } catch (e) {
    if (!(e instanceof Error)) {
      throw e;
    }
    const option = (RustDockerError.is(e) ? e.option : undefined) ?? /option '([^']+)'/.exec(e.message)?.[1];
    const base = option?.replace(/[.[].*$/, '');
    const spec = FLAGS.find((f) => f.option !== undefined && f.option === base);
    throw new UsageError(spec ? `${spec.flag}: ${e.message}` : e.message);
  }
}
