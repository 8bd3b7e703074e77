import { checkAssets } from './assets';
import { DependencyCaching } from './caching';
import { validateCredentialOptions } from './credentials-plan';
import { CrossCompilation } from './cross-compilation';
import { checkHealthcheck } from './healthcheck-rules';
import type { FinalStageOptions } from './image-options';
import { Linking } from './linking';
import { PACKAGE_NAME } from './native/rules';
import type { BinaryImageOptions } from './options';
import { checkPlatforms } from './platform-rules';
import { Runtime } from './runtime';
import { STOP_SIGNAL_FIX, stopSignalProblem } from './signals';
import { RustDockerError } from '../core/errors';
import { CONTROL_CHARACTERS as CONTROL, describeValue, fileNameProblem, hasControlCharacter, IMAGE_REFERENCE as IMAGE, isMap, validPort } from '../core/rules';

/** Characters that would end a Dockerfile line or a shell word early. */
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/u;
const VERSION = /^\d+\.\d+(\.\d+)?$/;
const NUMERIC_USER = /^\d+(:\d+)?$/;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/;
const CARGO_NAME = /^[A-Za-z0-9_][A-Za-z0-9_\-]*$/;
const FEATURE = /^[A-Za-z0-9_][A-Za-z0-9_\-+./]*$/;

/** The largest uid or gid: 4294967295 is `(uid_t) -1`, which `setuid` and friends take as "no id". */
const MAX_ID = 4294967294;

/** `problem` is a sentence about the option's value: "is empty.", rendered after the option name. */
function fail(option: string, problem: string, fix: string): never {
  throw new RustDockerError({ option, problem, fix });
}

/** A value given with the wrong type (options also come from untyped JavaScript): says what it is and what it must be. */
function wrongType(option: string, value: unknown, expected: string, fix: string): never {
  fail(option, `is ${describeValue(value)}, not ${expected}.`, fix);
}

/** Why a value cannot go on a generated line, or undefined. */
function controlProblem(value: string): string | undefined {
  const found = CONTROL.exec(value);
  if (!found) {
    return undefined;
  }
  if (LINE_BREAK.test(found[0])) {
    return `contains a line break (${JSON.stringify(value)}), which would break out of its Dockerfile line.`;
  }
  const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `contains the control character U+${code} (${JSON.stringify(value)}), which no generated file can hold.`;
}

function check(option: string, value: unknown, pattern: RegExp | undefined, fix: string): asserts value is string {
  if (typeof value !== 'string') {
    wrongType(option, value, 'a string', typeof value === 'number' ? `Write it as a string, "${value}". ${fix}` : fix);
  }
  if (value.trim() === '') {
    fail(option, 'is empty.', fix);
  }
  const control = controlProblem(value);
  if (control) {
    fail(option, control, fix);
  }
  if (pattern && !pattern.test(value)) {
    fail(option, `is ${JSON.stringify(value)}, which is not valid.`, fix);
  }
}

/** A list option (`features`, `ports`, `args`): an array, whatever JavaScript passed. */
function checkList(option: string, value: unknown, example: string): asserts value is unknown[] {
  if (!Array.isArray(value)) {
    wrongType(option, value, 'a list', `Give an array, e.g. ${example}.`);
  }
}

/** A map option (`env`, `labels`): an object of names to strings. */
function checkMap(option: string, value: unknown, example: string): asserts value is { [key: string]: unknown } {
  if (!isMap(value)) {
    wrongType(option, value, 'an object of names to strings', `Give an object, e.g. ${example}.`);
  }
}

function checkBoolean(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    wrongType(option, value, 'a boolean', `Use true or false${typeof value === 'string' ? ' without quotes (a non-empty string would count as true)' : ''}.`);
  }
}

/** An enum option (`linking`, `caching`): one of its members, whose values are strings. */
function checkEnum(option: string, value: unknown, members: { [name: string]: string }, type: string): void {
  if (value !== undefined && !Object.values(members).includes(value as string)) {
    const names = Object.keys(members).map((m) => `${type}.${m}`).join(', ');
    fail(option, typeof value === 'string' ? `is ${describeValue(value)}, which is not a ${type}.` : `is ${describeValue(value)}, not a ${type}.`, `Use one of ${names}.`);
  }
}

/** A `Runtime`, also one from another copy of this library: an image reference and the traits of the runtime it is like. */
function isRuntime(value: unknown): value is Runtime {
  return isMap(value) && typeof value.image === 'string' && isMap(value._traits) && typeof value._traits.defaultUser === 'string';
}

/** Checks a key of a map option (`env`, `labels`); the error names the map, as the user writes it. */
function checkKey(option: string, key: string, pattern: RegExp, what: string, fix: string): void {
  if (key.trim() === '') {
    fail(option, `has an empty key (${JSON.stringify(key)}).`, fix);
  }
  if (CONTROL.test(key)) {
    fail(option, `has the key ${JSON.stringify(key)}, which contains a line break and would break out of its Dockerfile line.`, fix);
  }
  if (!pattern.test(key)) {
    fail(option, `has the key ${JSON.stringify(key)}, which is not a valid ${what}.`, fix);
  }
}

/**
 * Validates every option on its own (combinations are checked while planning). Throws a
 * RustDockerError whose `option` is the first offending option.
 */
export function validateOptions(options: BinaryImageOptions): void {
  if (options.cargoDir !== undefined) {
    check('cargoDir', options.cargoDir, undefined, 'Give the directory of Cargo.toml relative to the project, e.g. "." or "rust".');
  }
  if (options.dockerfileName !== undefined) {
    checkFileName('dockerfileName', options.dockerfileName, 'Use a plain file name such as "Dockerfile" or "Dockerfile.api".');
  }
  if (options.binary !== undefined) {
    check('binary', options.binary, CARGO_NAME, 'Use the name of a [[bin]] target, as `cargo build --bin` takes it.');
  }
  if (options.package !== undefined) {
    check('package', options.package, CARGO_NAME, 'Use the [package] name of a workspace member.');
  }
  checkFeatures(options.features);
  checkBoolean('noDefaultFeatures', options.noDefaultFeatures);
  if (options.profile !== undefined) {
    check('profile', options.profile, CARGO_NAME, 'Use a Cargo profile name such as "release", "dev" or a [profile.<name>] of Cargo.toml.');
  }
  if (options.rustVersion !== undefined) {
    check('rustVersion', options.rustVersion, VERSION, 'Use a Rust version such as "1.80" or "1.80.1"; for nightly toolchains use rust-toolchain.toml.');
  }
  if (options.builderImage !== undefined) {
    check('builderImage', options.builderImage, IMAGE, 'Use an image reference such as "rust:1.80-bookworm" or "registry.example.com/rust@sha256:<digest>".');
  }
  checkEnum('linking', options.linking, Linking, 'Linking');
  checkEnum('caching', options.caching, DependencyCaching, 'DependencyCaching');
  checkEnum('crossCompilation', options.crossCompilation, CrossCompilation, 'CrossCompilation');
  if (options.platforms !== undefined) {
    checkPlatforms('platforms', options.platforms);
  }
  checkBoolean('syntaxDirective', options.syntaxDirective);
  checkPackages('builderPackages', options.builderPackages, '["protobuf-compiler"]');
  checkDockerignorePatterns(options.dockerignorePatterns);
  checkBoolean('moveExistingFilesAside', options.moveExistingFilesAside);
  checkBoolean('auditable', options.auditable);
  checkBoolean('requirePinnedImages', options.requirePinnedImages);
  if (options.baseImageLock !== undefined) {
    checkFileName('baseImageLock', options.baseImageLock, 'Use a plain file name such as "docker-images.lock.json".');
  }
  validateCredentialOptions(options);
  validateFinalStage(options);
}

/**
 * The options of a final stage (`FinalStageOptions`). For one binary of workspace images,
 * `inherited` holds the workspace-wide options: the user it runs as is checked against its
 * runtime and `allowSystemUser`, its own or inherited.
 */
function validateFinalStage(options: FinalStageOptions, inherited: FinalStageOptions = {}): void {
  if (options.runtime !== undefined) {
    if (!isRuntime(options.runtime)) {
      wrongType('runtime', options.runtime, 'a Runtime',
        'Use Runtime.DEBIAN_SLIM, Runtime.DISTROLESS_CC, Runtime.DISTROLESS_STATIC, Runtime.SCRATCH, Runtime.ALPINE or Runtime.custom("<image>").');
    }
    check('runtime', options.runtime.image, IMAGE, 'Pass an image reference to Runtime.custom(), e.g. "registry.example.com/base:1.2".');
  }
  checkBoolean('caCertificates', options.caCertificates);
  checkBoolean('allowSystemUser', options.allowSystemUser);
  checkBoolean('init', options.init);
  if (options.stopSignal !== undefined) {
    check('stopSignal', options.stopSignal, undefined, STOP_SIGNAL_FIX);
    const signal = stopSignalProblem(options.stopSignal);
    if (signal) {
      fail('stopSignal', signal.problem, signal.fix);
    }
  }
  const user = options.user ?? inherited.user;
  // An inherited user was checked with the workspace-wide options; it is checked again when this binary changes what decides.
  const decides = options.user !== undefined || options.runtime !== undefined || options.allowSystemUser !== undefined;
  if (user !== undefined && decides) {
    checkUser(user, options.runtime ?? inherited.runtime ?? Runtime.DEBIAN_SLIM, options.allowSystemUser ?? inherited.allowSystemUser ?? false);
  }
  if (options.ports !== undefined) {
    checkList('ports', options.ports, '[8080]');
    options.ports.forEach((port: unknown, i) => {
      if (typeof port !== 'number') {
        const numeric = typeof port === 'string' && /^\d+$/.test(port.trim());
        wrongType(`ports[${i}]`, port, 'a number', numeric ? `Write the port as a number, without quotes: ${Number(port)}.` : 'Use whole numbers from 1 to 65535.');
      }
      if (!validPort(port)) {
        fail(`ports[${i}]`, `is ${port}, which is not a port.`, 'Use whole numbers from 1 to 65535.');
      }
    });
  }
  if (options.healthcheck !== undefined) {
    checkHealthcheck('healthcheck', options.healthcheck);
  }
  if (options.env !== undefined) {
    checkMap('env', options.env, '{ RUST_LOG: "info" }');
    for (const [key, value] of Object.entries(options.env)) {
      checkKey('env', key, ENV_KEY, 'environment variable name', 'Environment variable names are letters, digits and underscores, not starting with a digit.');
      checkValue(`env.${key}`, value);
    }
  }
  if (options.args !== undefined) {
    checkList('args', options.args, '["--port", "8080"]');
    options.args.forEach((arg, i) => checkValue(`args[${i}]`, arg, true));
  }
  if (options.assets !== undefined) {
    checkAssets(options.assets);
  }
  checkPackages('runtimePackages', options.runtimePackages, '["tzdata"]');
  if (options.labels !== undefined) {
    checkMap('labels', options.labels, '{ "org.example.team": "payments" }');
    for (const [key, value] of Object.entries(options.labels)) {
      checkKey('labels', key, LABEL_KEY, 'label key', 'Label keys are letters, digits, ".", "-", "_" and "/", e.g. "org.example.team".');
      checkValue(`labels.${key}`, value);
    }
  }
}

/**
 * The options of one binary of workspace images (its final stage and features), with the
 * workspace-wide options it inherits. Errors name the binary's own option (`user`): the caller
 * adds the prefix (`binaries.api`).
 */
export function validateBinaryOptions(own: FinalStageOptions & { readonly features?: string[] }, workspace: FinalStageOptions): void {
  checkFeatures(own.features);
  validateFinalStage(own, workspace);
}

/**
 * The user: numeric `uid` or `uid:gid` (a bare uid runs with the same gid), without leading
 * zeros, and neither root nor a system account unless `allowSystemUser` says so.
 *
 * System ids are 1-999 (Debian's base-passwd accounts 0-99 and dynamic system accounts
 * 100-999; every Alpine account but `nobody`/`nogroup` is below 1000 too) and 65533-65535
 * (Alpine's `nogroup`; `nobody`/`nogroup` everywhere, which is also the id the kernel shows
 * for unmapped users; 65535, the 16-bit `(uid_t) -1`). Distroless `nonroot` (65532) is the
 * runtime's own default and valid. On runtimes whose Dockerfile creates the account
 * (debian-slim and alpine, with groupadd/useradd and addgroup/adduser), only `"0"` (which
 * creates nothing) can be allowed: creating an account with a system id collides with the
 * image's own accounts or takes their reserved range.
 */
function checkUser(user: unknown, runtime: Runtime, allowSystemUser: boolean): void {
  const fix = 'Use a numeric "uid" or "uid:gid" such as "10001" or "10001:10001", so that runAsNonRoot can verify it.';
  check('user', user, NUMERIC_USER, fix);
  const [uidText, gidText = uidText] = user.split(':');
  for (const [what, text] of [['uid', uidText], ['gid', gidText]]) {
    if (text.length > 1 && text.startsWith('0')) {
      fail('user', `is ${JSON.stringify(user)}, whose ${what} ${text} has a leading zero.`, `Write the id without leading zeros, e.g. "${Number(text)}".`);
    }
    if (Number(text) > MAX_ID) {
      fail('user', `is ${JSON.stringify(user)}, whose ${what} ${text} is not an id: the largest is ${MAX_ID} (${MAX_ID + 1} means "no id" to the kernel).`, fix);
    }
  }
  const uid = Number(uidText);
  const gid = Number(gidText);
  const root = user === '0';
  const problem = uid === 0 ? `runs the binary as root${gid === 0 ? '' : ` (uid 0; gid ${gid})`}: whoever takes over the process owns the whole container.`
    : gid === 0 ? 'runs the binary in group 0, root\'s group: it may read and write every file group root may.'
      : systemId(uid) ? `gives the binary uid ${uid}, ${systemIdName(uid, 'uid')}: it would share that system account's files and permissions.`
        : systemId(gid) ? `gives the binary gid ${gid}, ${systemIdName(gid, 'gid')}: it would share that system group's files and permissions.`
          : undefined;
  if (problem === undefined) {
    return;
  }
  const createsAccount = runtime._traits.packageManager !== 'none';
  const unprivileged = `Use an unprivileged id such as "${runtime._traits.defaultUser}" (1000 and up, except 65533 to 65535)`;
  if (!allowSystemUser) {
    const allow = createsAccount && !root
      ? `; to run as an existing system account, use a runtime that does not create the user (${runtime.name} does) with allowSystemUser: true`
      : `, or set allowSystemUser: true to run as ${uid === 0 ? 'root' : gid === 0 ? 'group root (e.g. for OpenShift, which runs images with an arbitrary uid in group 0)' : 'that system account'} on purpose`;
    fail('user', `is ${JSON.stringify(user)}, which ${problem}`, `${unprivileged}${allow}.`);
  }
  if (createsAccount && !root) {
    const tools = runtime._traits.packageManager === 'apk' ? 'addgroup and adduser' : 'groupadd and useradd';
    fail('user', `is ${JSON.stringify(user)}, which ${problem} allowSystemUser is true, but the ${runtime.name} runtime's Dockerfile creates the user and group with ${tools}, which cannot create an id of the image's own system accounts or their reserved range.`,
      `${unprivileged}, "0" to run as root, or a runtime that does not create the user (Runtime.DISTROLESS_CC, Runtime.DISTROLESS_STATIC, Runtime.SCRATCH, or Runtime.custom(image, { like: one of them })).`);
  }
}

/** 1-999 and 65533-65535 (see `checkUser`); 0 is root, checked on its own. */
function systemId(id: number): boolean {
  return (id >= 1 && id <= 999) || (id >= 65533 && id <= 65535);
}

function systemIdName(id: number, what: 'uid' | 'gid'): string {
  switch (id) {
    case 65533:
      return 'the id of Alpine\'s group "nogroup"';
    case 65534:
      return `the ${what === 'uid' ? 'user "nobody"' : 'group "nogroup"/"nobody"'} of Debian, Alpine and distroless, and the id the kernel gives unmapped users`;
    case 65535:
      return 'the 16-bit "(uid_t) -1", which Debian forbids as an id';
    default:
      return 'below 1000, the range Debian and Alpine keep for system accounts';
  }
}

/** `builderPackages`, `runtimePackages`: lists of Debian or Alpine package names (which of them is checked in planning). */
function checkPackages(option: string, packages: unknown, example: string): void {
  if (packages === undefined) {
    return;
  }
  checkList(option, packages, example);
  packages.forEach((name, i) => check(`${option}[${i}]`, name, PACKAGE_NAME,
    'Give package names as apt-get or apk takes them: lower-case letters, digits, "+", "-", "." (and "_" for Alpine), e.g. "libpq5" or "protobuf-compiler"; no versions or options.'));
}

function checkFeatures(features: unknown): void {
  if (features !== undefined) {
    checkList('features', features, '["tls"]');
    features.forEach((feature, i) =>
      check(`features[${i}]`, feature, FEATURE, 'Use feature names as `cargo build --features` takes them, e.g. "tls" or "serde/derive".'));
  }
}

/**
 * `dockerignorePatterns`: strings, each one line of the `.dockerignore` (blank lines and `#`
 * comments allowed). A line break would split a pattern in two rules, and Docker refuses a
 * `!` that re-includes nothing (the whole build fails on it).
 */
function checkDockerignorePatterns(patterns: unknown): void {
  if (patterns === undefined) {
    return;
  }
  const fix = 'Give each line of the .dockerignore as its own string, e.g. ["*", "!src", "!Cargo.toml"].';
  checkList('dockerignorePatterns', patterns, '["*.pem", ".env.local"]');
  patterns.forEach((pattern, i) => {
    const option = `dockerignorePatterns[${i}]`;
    if (typeof pattern !== 'string') {
      wrongType(option, pattern, 'a string', fix);
    }
    if (hasControlCharacter(pattern)) {
      fail(option, LINE_BREAK.test(pattern)
        ? `is ${describeValue(pattern)}: it contains a line break, which would make it more than one line of the .dockerignore.`
        : `is ${describeValue(pattern)}: it contains a control character, which no .dockerignore line can hold.`,
      `${fix} Split a value with line breaks into one string per line; remove other control characters.`);
    }
    if (/^\s*!\s*$/.test(pattern)) {
      fail(option, `is ${describeValue(pattern)}: a "!" with no pattern after it, which Docker refuses ("illegal exclusion pattern"), failing every build.`,
        'Write the path to re-include after the "!", e.g. "!src", or leave the line out.');
    }
  });
}

function checkFileName(option: string, value: unknown, fix: string): void {
  check(option, value, undefined, fix);
  const problem = fileNameProblem(value);
  if (problem) {
    fail(option, `is ${JSON.stringify(value)}, ${problem}`, fix);
  }
}

function checkValue(option: string, value: unknown, allowEmpty = false): void {
  if (typeof value !== 'string') {
    wrongType(option, value, 'a string', typeof value === 'number' || typeof value === 'boolean' ? `Write it as a string, "${value}".` : 'Give a string value.');
  }
  if (!allowEmpty && value === '') {
    fail(option, 'is empty.', 'Give a value, or leave the key out.');
  }
  const control = controlProblem(value);
  if (control) {
    fail(option, control, 'Put the value on one line, without control characters.');
  }
}

/** Whether a string is a plain Rust version (`1.80`, `1.80.1`). */
export function isRustVersion(value: string): boolean {
  return VERSION.test(value);
}
