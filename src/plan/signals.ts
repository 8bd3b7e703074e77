/**
 * `stopSignal`: the signal `docker stop` (and Kubernetes, and every engine that honours the
 * image's `STOPSIGNAL`) sends first. The rules are the engine's own (moby's
 * `signal.ParseSignal` on Linux): a signal number, or a name of its Linux signal table. Here
 * names must be written as the kernel and `kill -l` spell them, with `SIG` and in capitals,
 * so that the Dockerfile says exactly which signal is meant.
 */

/** Linux signal names without `SIG`, as the engine knows them (moby's `SignalMap`). */
const NAMES = new Set([
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF',
  'PWR', 'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'USR1', 'USR2', 'VTALRM',
  'WINCH', 'XCPU', 'XFSZ', 'RTMIN', 'RTMAX',
  ...Array.from({ length: 15 }, (_, i) => `RTMIN+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `RTMAX-${i + 1}`),
]);

/** `SIGTERM`, `SIGRTMIN+3`: what may follow `STOPSIGNAL` as a name. */
const NAME = /^SIG[A-Z0-9+-]+$/;
/** 1-64 without leading zeros; the range is checked as a number. */
const NUMBER = /^[1-9][0-9]?$/;
const LARGEST = 64;

/** The fix every refusal shares. */
export const STOP_SIGNAL_FIX = 'Use a signal name such as "SIGINT", "SIGQUIT" or "SIGRTMIN+3" (with "SIG", in capitals), or a number from 1 to 64; ' +
  'leave stopSignal out for Docker\'s SIGTERM.';

/**
 * Why `value` (a non-empty string on one line) is not a stop signal, as a sentence after the
 * option name, with a fix for the value given; undefined when it is one.
 */
export function stopSignalProblem(value: string): { problem: string; fix: string } | undefined {
  if (NUMBER.test(value)) {
    return Number(value) <= LARGEST ? undefined : { problem: `is ${JSON.stringify(value)}, which is not a Linux signal number (1 to ${LARGEST}).`, fix: STOP_SIGNAL_FIX };
  }
  if (NAME.test(value) && NAMES.has(value.slice(3))) {
    return undefined;
  }
  // What the engine would have taken, written as it should be: "int", "TERM", "sigquit".
  const bare = value.trim().toUpperCase().replace(/^SIG/, '');
  if (NAMES.has(bare)) {
    return { problem: `is ${JSON.stringify(value)}, not a signal name as the kernel spells it.`, fix: `Write it as "SIG${bare}".` };
  }
  if (/^0*[0-9]+$/.test(value)) {
    return { problem: `is ${JSON.stringify(value)}, which is not a Linux signal number (1 to ${LARGEST}, without leading zeros).`, fix: STOP_SIGNAL_FIX };
  }
  return NAME.test(value)
    ? { problem: `is ${JSON.stringify(value)}, which is not a Linux signal: Docker would refuse the Dockerfile ("invalid signal").`, fix: STOP_SIGNAL_FIX }
    : { problem: `is ${JSON.stringify(value)}, which is not a signal name or number.`, fix: STOP_SIGNAL_FIX };
}
