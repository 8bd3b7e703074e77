import type { DockerfileModel, Instruction, Stage } from './model';

const CONTINUATION = ' \\\n    && ';

/** Renders a Dockerfile model to text. Pure and deterministic. */
export function renderDockerfile(model: DockerfileModel): string {
  const lines: string[] = [];
  if (model.syntax) {
    lines.push(`# syntax=${model.syntax}`);
  }
  lines.push(...model.header.map(comment));
  for (const stage of model.stages) {
    lines.push('');
    lines.push(...renderStage(stage));
  }
  return lines.join('\n') + '\n';
}

function renderStage(stage: Stage): string[] {
  const lines = (stage.comments ?? []).map(comment);
  lines.push(`FROM ${stage.from}${stage.name ? ` AS ${stage.name}` : ''}`);
  stage.instructions.forEach((instruction, i) => {
    if (instruction.comments?.length && i > 0) {
      lines.push('');
    }
    lines.push(...renderInstruction(instruction));
  });
  return lines;
}

function renderInstruction(instruction: Instruction): string[] {
  const lines = (instruction.comments ?? []).map(comment);
  // RUN's mount flags are long: one per line. Other flags (COPY --from) stay inline.
  const separator = instruction.keyword === 'RUN' ? ' \\\n    ' : ' ';
  const flags = (instruction.flags ?? []).map((flag) => `${flag}${separator}`).join('');
  lines.push(`${instruction.keyword} ${flags}${instruction.args.join(CONTINUATION)}`);
  return lines;
}

function comment(text: string): string {
  return text === '' ? '#' : `# ${text}`;
}
