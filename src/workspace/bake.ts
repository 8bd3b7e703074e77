import type { WorkspacePlan } from './plan';
import { hclLiteral, hclString } from '../core/quote';
import { GENERATED_MARKER } from '../dockerfile/dockerfile';

export interface BakeFileInput {
  /** The build context, relative to the directory bake runs in (the workspace root: `.`). */
  readonly context: string;
  /** The Dockerfile, relative to the context. */
  readonly dockerfile: string;
}

/**
 * A BuildKit bake file (HCL) with one target per image and a `default` group of all of them,
 * so `docker buildx bake` builds every image in one BuildKit session, sharing the builder
 * stage. `REGISTRY` (e.g. `ghcr.io/my-org/`) and `TAG` name the images. Pure.
 */
export function renderBakeFile(plan: WorkspacePlan, input: BakeFileInput): string {
  const targets = plan.images.map((i) => i.target);
  const lines = [
    `# ${GENERATED_MARKER}`,
    '#',
    '# Every image of the Cargo workspace, from one Dockerfile whose builder stage they share.',
    '# Run from this directory: `docker buildx bake` builds them all, `docker buildx bake <binary>` one.',
    '# Image names: REGISTRY=ghcr.io/my-org/ TAG=1.2.3 docker buildx bake',
    '',
    'variable "REGISTRY" {',
    '  default = ""',
    '}',
    '',
    'variable "TAG" {',
    '  default = "latest"',
    '}',
    '',
    'group "default" {',
    `  targets = [${targets.map(hclString).join(', ')}]`,
    '}',
  ];
  for (const target of targets) {
    lines.push(
      '',
      `target ${hclString(target)} {`,
      `  context    = ${hclString(input.context)}`,
      `  dockerfile = ${hclString(input.dockerfile)}`,
      `  target     = ${hclString(target)}`,
      `  tags       = ["\${REGISTRY}${hclLiteral(target)}:\${TAG}"]`,
      '}',
    );
  }
  return lines.join('\n') + '\n';
}
