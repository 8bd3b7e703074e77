import type { WorkspacePlan } from './plan';
import { builderStageFor } from '../dockerfile/builder-stage';
import { GENERATED_MARKER, SYNTAX } from '../dockerfile/dockerfile';
import type { DockerfileModel } from '../dockerfile/model';
import { renderDockerfile } from '../dockerfile/render';
import { runtimeStage } from '../dockerfile/runtime-stage';

/**
 * The workspace's Dockerfile model: one builder stage that compiles the dependencies once and
 * builds every selected binary, then one final stage per binary, named after it. Pure.
 */
export function workspaceDockerfileModel(plan: WorkspacePlan): DockerfileModel {
  const build = plan.builder.build;
  const features = build.features.length ? `, features ${build.features.join(',')}` : '';
  const header = [
    GENERATED_MARKER,
    '',
    `Images of the Cargo workspace: ${plan.images.map((i) => i.target).join(', ')}.`,
    'One builder stage compiles the dependencies once and builds every binary; each final stage',
    'is an image named after its binary. Build one with `docker build --target <binary> .`,',
    'all of them with `docker buildx bake` (the bake file next to this one).',
    `Profile ${build.profile}${features}; ${plan.builder.caching} dependency caching; ${plan.builder.linking} binaries.`,
  ];
  if (plan.left.length > 0) {
    header.push(`Left out: ${plan.left.join(', ')}.`);
  }
  return {
    syntax: plan.syntaxDirective ? SYNTAX : undefined,
    header,
    stages: [
      builderStageFor(plan.builder),
      ...plan.images.map(({ target, plan: image }) => {
        const stage = runtimeStage(image, { name: target, builder: plan.builder.name });
        const about = `Image '${target}': binary '${image.binary.name}' of package '${image.package.name}' ${image.package.version} (${image.package.manifestPath}).`;
        return { ...stage, comments: [about, ...(stage.comments ?? [])] };
      }),
    ],
  };
}

/** The workspace's Dockerfile text. Pure and deterministic. */
export function renderWorkspaceDockerfile(plan: WorkspacePlan): string {
  return renderDockerfile(workspaceDockerfileModel(plan));
}
