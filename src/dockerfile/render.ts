import type { DockerfileModel, Instruction, Stage } from './model';
import { commentLines } from '../core/quote';

const CONTINUATION = ' \\\n    && ';

/** Renders a Dockerfile model to text. Pure and deterministic. */
export function renderDockerfile(model: DockerfileModel): string {
  const lines: string[] = [];
  if (model.syntax) {
    lines.push(`# syntax=${model.syntax}`);
  }
  lines.push(...model.header.flatMap(comment));
  for (const stage of model.stages) {
    lines.push('');
    lines.push(...renderStage(stage));
  }
  return lines.join('\n') + '\n';
}

function renderStage(stage: Stage): string[] {
  const lines = (stage.comments ?? []).flatMap(comment);
  lines.push(`FROM ${stage.platform ? `--platform=${stage.platform} ` : ''}${stage.from}${stage.name ? ` AS ${stage.name}` : ''}`);
  stage.instructions.forEach((instruction, i) => {
    if (instruction.comments?.length && i > 0) {
      lines.push('');
    }
    lines.push(...renderInstruction(instruction));
  });
  return lines;
}

function renderInstruction(instruction: Instruction): string[] {
  const lines = (instruction.comments ?? []).flatMap(comment);
  // RUN's mount flags are long: one per line. Other flags (COPY --from) stay inline.
  const separator = instruction.keyword === 'RUN' ? ' \\\n    ' : ' ';
  const flags = (instruction.flags ?? []).map((flag) => `${flag}${separator}`).join('');
  lines.push(`${instruction.keyword} ${flags}${instruction.args.join(CONTINUATION)}`);
  return lines;
}

/** Comment lines: text from Cargo files (a toolchain channel, a package name) can never start an instruction. */
function comment(text: string): string[] {
  return commentLines(text).map((line) => (line === '' ? '#' : `# ${line}`));
}
