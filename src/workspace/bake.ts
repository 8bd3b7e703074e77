import type { WorkspacePlan } from './plan';
import { cacheTag } from '../ci/cache-tag';
import { hclLiteral, hclString } from '../core/quote';
import { GENERATED_MARKER } from '../dockerfile/dockerfile';

export interface BakeFileInput {
  /** The build context, relative to the directory bake runs in (the workspace root: `.`). */
  readonly context: string;
  /** The Dockerfile, relative to the context. */
  readonly dockerfile: string;
  /**
   * The default of `CACHE_REPOSITORY`: the workflow's registry build cache
   * (`BuildCache.registry`), or undefined for none.
   */
  readonly cacheRepository?: string;
}

/**
 * A BuildKit bake file (HCL) with one target per image and a `default` group of all of them,
 * so `docker buildx bake` builds every image in one BuildKit session, sharing the builder
 * stage. `REGISTRY` (e.g. `ghcr.io/my-org/`) and `TAG` name the images. `CACHE_REPOSITORY`
 * (an image repository, empty for none) is a registry build cache, one tag per target (the
 * same tags the workspace workflow's image jobs use). Pure.
 */
export function renderBakeFile(plan: WorkspacePlan, input: BakeFileInput): string {
  const targets = plan.images.map((i) => i.target);
  const lines = [
    `# ${GENERATED_MARKER}`,
    '#',
    '# Every image of the Cargo workspace, from one Dockerfile whose builder stage they share.',
    '# Run from this directory: `docker buildx bake` builds them all, `docker buildx bake <binary>` one.',
    '# Image names: REGISTRY=ghcr.io/my-org/ TAG=1.2.3 docker buildx bake',
    '# Registry build cache, one tag per target (read; written with mode=max where you may push, else skipped):',
    '#   CACHE_REPOSITORY=ghcr.io/my-org/my-repo-cache docker buildx bake',
    '',
    'variable "REGISTRY" {',
    '  default = ""',
    '}',
    '',
    'variable "TAG" {',
    '  default = "latest"',
    '}',
    '',
    'variable "CACHE_REPOSITORY" {',
    `  default = ${hclString(input.cacheRepository ?? '')}`,
    '}',
    '',
    'group "default" {',
    `  targets = [${targets.map(hclString).join(', ')}]`,
    '}',
  ];
  const credentials = plan.builder?.credentials;
  const secrets = (credentials?.registries ?? []).map((r) => `id=${r.secretId},env=${r.tokenEnv}`);
  if (secrets.length > 0 || credentials?.ssh) {
    lines.splice(lines.indexOf(''), 0,
      `# Credentials (read from this shell, never written to a layer):${secrets.length ? ` ${credentials!.registries.map((r) => r.tokenEnv).join(', ')} for the private registries` : ''}${credentials?.ssh ? `${secrets.length ? ';' : ''} an SSH agent (SSH_AUTH_SOCK) with the key of the git dependencies` : ''}.`);
  }
  const credentialLines = [
    ...(secrets.length ? [`  secret     = [${secrets.map(hclString).join(', ')}]`] : []),
    ...(credentials?.ssh ? ['  ssh        = ["default"]'] : []),
  ];
  for (const target of targets) {
    lines.push(
      '',
      `target ${hclString(target)} {`,
      `  context    = ${hclString(input.context)}`,
      `  dockerfile = ${hclString(input.dockerfile)}`,
      `  target     = ${hclString(target)}`,
      `  tags       = ["\${REGISTRY}${hclLiteral(target)}:\${TAG}"]`,
      `  cache-from = CACHE_REPOSITORY == "" ? [] : ["type=registry,ref=\${CACHE_REPOSITORY}:${hclLiteral(cacheTag(target))}"]`,
      `  cache-to   = CACHE_REPOSITORY == "" ? [] : ["type=registry,ref=\${CACHE_REPOSITORY}:${hclLiteral(cacheTag(target))},mode=max,ignore-error=true"]`,
      ...credentialLines,
      '}',
    );
  }
  return lines.join('\n') + '\n';
}
