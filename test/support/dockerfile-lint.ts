import { validate } from 'dockerfile-utils';

/** dockerfile-utils' diagnostics for a Dockerfile, as readable strings (empty when clean). */
export function lintDockerfile(text: string): string[] {
  return validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
}

/** The instructions of one stage (`builder` or `runtime`), without comments and blank lines. */
export function stageLines(text: string, stage: string): string[] {
  const lines = text.replace(/\s*\\\n\s*/g, ' ').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const start = lines.findIndex((l) => new RegExp(`^FROM \\S+ AS ${stage}$`).test(l));
  if (start < 0) {
    throw new Error(`no stage ${stage} in:\n${text}`);
  }
  const end = lines.findIndex((l, i) => i > start && l.startsWith('FROM '));
  return lines.slice(start, end < 0 ? undefined : end);
}
