import type { Adoption, AdoptedOption, AdoptionStatement } from './plan';
import { isRuntimeChoice as isRuntime } from './plan';

const INDENT = '  ';

/**
 * The `.projenrc.ts` (or `.projenrc.js`) that `projen new` writes in an existing
 * repository: the command line's options, then what adoption detected and decided as
 * explicit, commented options (values that follow the Cargo files are shown commented out),
 * then the statements that merge the user's ignore files and package.json. Running it gives
 * exactly what `projen new` wrote. Pure; deterministic.
 */
export function renderProjenrc(args: { [key: string]: unknown }, adoption: Adoption, language: 'ts' | 'js' = 'ts'): string {
  const usesRuntime = adoption.options.some((o) => isRuntime(o.value) && !o.hint);
  const names = ['RustDockerProject', ...(usesRuntime ? ['Runtime'] : [])];
  const lines: string[] = [];
  lines.push(language === 'ts'
    ? `import { ${names.join(', ')} } from "projen-rust-docker";`
    : `const { ${names.join(', ')} } = require("projen-rust-docker");`);
  lines.push('');
  lines.push('// Created by `projen new` in an existing repository. What it found is written below as');
  lines.push('// explicit options (commented out where the default already follows your Cargo files):');
  lines.push('// change any of them and run `npx projen`. Your own files were kept; see docs/adoption.md');
  lines.push('// of projen-rust-docker for moving from a hand-written Dockerfile.');
  lines.push('const project = new RustDockerProject({');
  const adoptedNames = new Set(adoption.options.filter((o) => o.scope === 'project').map((o) => o.name));
  for (const key of Object.keys(args).sort()) {
    if (key !== 'outdir' && !adoptedNames.has(key) && args[key] !== undefined) {
      lines.push(`${INDENT}${key}: ${literal(args[key], 1)},`);
    }
  }
  for (const option of adoption.options.filter((o) => o.scope === 'project')) {
    lines.push(...optionLines(option, 1));
  }
  const image = adoption.options.filter((o) => o.scope === 'image');
  const workflow = adoption.options.filter((o) => o.scope === 'workflow');
  if (image.length > 0 || workflow.length > 0) {
    lines.push(`${INDENT}${adoption.workspace ? 'workspaceImagesOptions' : 'imageOptions'}: {`);
    for (const option of image) {
      lines.push(...optionLines(option, 2));
    }
    if (workflow.length > 0) {
      lines.push(`${INDENT.repeat(2)}workflow: {`);
      for (const option of workflow) {
        lines.push(...optionLines(option, 3));
      }
      lines.push(`${INDENT.repeat(2)}},`);
    }
    lines.push(`${INDENT}},`);
  }
  lines.push('});');
  let previous: string | undefined;
  for (const statement of adoption.statements) {
    if (statement.comment !== undefined || statement.call !== previous) {
      lines.push('');
    }
    if (statement.comment !== undefined) {
      lines.push(`// ${statement.comment}`);
    }
    lines.push(...statementLines(statement));
    previous = statement.call;
  }
  lines.push('');
  lines.push('project.synth();');
  return lines.join('\n') + '\n';
}

function optionLines(option: AdoptedOption, depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const value = isRuntime(option.value) ? option.value.expression : literal(option.value, depth);
  return [
    `${pad}// ${option.comment}`,
    `${pad}${option.hint ? '// ' : ''}${option.name}: ${value},`,
  ];
}

function statementLines(statement: AdoptionStatement): string[] {
  const args = statement.args as unknown[];
  const target = `project.${statement.call}`;
  const oneLine = `${target}(${args.map((a) => literal(a, 0)).join(', ')});`;
  if (oneLine.length <= 100 && !oneLine.includes('\n')) {
    return [oneLine];
  }
  return [`${target}(`, ...args.map((a) => `${INDENT}${literal(a, 1)},`), ');'];
}

/** A JSON value as a JavaScript literal, multi-line for long arrays and objects. */
function literal(value: unknown, depth: number): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) {
    return 'undefined';
  }
  if (flat.length <= 80 || value === null || typeof value !== 'object') {
    return flat;
  }
  const pad = INDENT.repeat(depth + 1);
  const close = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => `${pad}${literal(v, depth + 1)},`).join('\n')}\n${close}]`;
  }
  return `{\n${Object.entries(value as object).map(([k, v]) => `${pad}${JSON.stringify(k)}: ${literal(v, depth + 1)},`).join('\n')}\n${close}}`;
}
