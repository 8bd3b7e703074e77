import type { Instruction, Stage } from './model';
import { ins } from './model';
import { execForm } from '../core/quote';
import type { ImagePlan } from '../plan/plan';
import { Runtime } from '../plan/runtime';

/**
 * Signals of the final image: tini as PID 1 (`init`) and `STOPSIGNAL` (`stopSignal`).
 *
 * Without an init the binary is PID 1, and the kernel ignores every signal sent to PID 1 whose
 * action is the default one (it would end "init"): a service without a SIGTERM handler
 * ignores `docker stop` until the engine kills it with SIGKILL after the grace period. tini
 * runs as PID 1 instead, starts the binary as its child, forwards the signals it gets and
 * reaps zombies; when the binary ends, tini exits with its status (128 + n for signal n).
 *
 * Which tini: the static build of Debian's `tini` package, `/usr/bin/tini-static`, installed
 * in a stage of its own and copied into the final stage. Static, it needs no C library and
 * runs on every runtime: scratch, distroless-static and alpine too. Alpine's own packages
 * (`apk add tini`, dynamic against musl, or `tini-static`) would work there as well, but would
 * put another package manager step and another tini version (at another path, /sbin) into one
 * runtime only; one binary at one path everywhere keeps the images alike and their
 * ENTRYPOINT the same. The final stage copies only the file, so no apt state reaches it.
 */

/** The stage that installs tini, when no image's target has the name. */
export const INIT_STAGE = 'tini';

/** Where tini is, in its stage and in the final image (the path of Debian's package). */
export const TINI_PATH = '/usr/bin/tini-static';

/** The tini stage's base: Debian's, whose `tini` package ships the static build. */
const INIT_BASE = Runtime.DEBIAN_SLIM.image;

/** Names for the tini stage, in order of preference (workspace images name stages after binaries). */
const STAGE_NAMES = [INIT_STAGE, 'tini-init', 'init-tini'];

/** The tini stage's name: the first of `STAGE_NAMES` no other stage has. */
export function initStageName(taken: string[]): string {
  const name = STAGE_NAMES.find((n) => !taken.includes(n));
  if (name === undefined) {
    throw new Error(`internal error: every name for the tini stage is taken (${STAGE_NAMES.join(', ')})`);
  }
  return name;
}

/** The tini stage when an image asks for `init`, else nothing. */
export function initStages(plans: ImagePlan[], name: string = INIT_STAGE): Stage[] {
  if (!plans.some((p) => p.init)) {
    return [];
  }
  return [{
    comments: [`tini for \`init\`: Debian's tini package ships a static build (${TINI_PATH}) that runs on every runtime.`],
    from: INIT_BASE,
    name,
    instructions: [ins.run(['apt-get update', 'apt-get install -y --no-install-recommends tini', 'rm -rf /var/lib/apt/lists/*'])],
  }];
}

/** Copies tini into a final stage with `init` (owned by root, executable by the image's user), before the binary: it changes less often. */
export function initCopy(plan: ImagePlan, stage: string = INIT_STAGE): Instruction[] {
  return plan.init
    ? [ins.copy([TINI_PATH], TINI_PATH, { from: stage, comments: ['tini is PID 1: it forwards signals to the binary and reaps zombies.'] })]
    : [];
}

/** `STOPSIGNAL` when `stopSignal` is set (validated: a signal name or number, nothing else). */
export function stopSignalInstructions(plan: ImagePlan): Instruction[] {
  return plan.stopSignal === undefined ? [] : [ins.plain('STOPSIGNAL', plan.stopSignal)];
}

/** The exec-form `ENTRYPOINT` argument: the binary, under tini with `init`. */
export function entrypoint(plan: ImagePlan, binary: string): string {
  return execForm(plan.init ? [TINI_PATH, '--', binary] : [binary]);
}

/** The stage a final stage copies tini from, or null without `init` (read off the model, for `plan`). */
export function initStageOf(stage: Stage): string | null {
  const copy = stage.instructions.find((i) => i.keyword === 'COPY' && i.args[0] === `${TINI_PATH} ${TINI_PATH}`);
  const from = copy?.flags?.find((f) => f.startsWith('--from='));
  return from === undefined ? null : from.slice('--from='.length);
}
