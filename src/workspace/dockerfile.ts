import type { WorkspacePlan } from './plan';
import { assetsStageName, assetsStages } from '../dockerfile/assets';
import { builderStageFor, librariesStageFor } from '../dockerfile/builder-stage';
import { GENERATED_MARKER, SYNTAX } from '../dockerfile/dockerfile';
import { probeStageName, probeStages } from '../dockerfile/healthcheck';
import { initStageName, initStages } from '../dockerfile/init';
import type { DockerfileModel } from '../dockerfile/model';
import { renderDockerfile } from '../dockerfile/render';
import { runtimeStage } from '../dockerfile/runtime-stage';
import { pinModel } from '../pin/pin-model';

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
  // tini's stage (for images with `init`) is named apart from the images' targets.
  const libraries = plan.builder.librariesStage ?? '';
  const init = initStageName([...plan.images.map((i) => i.target), libraries]);
  // One assets stage holds the assets of every image; each final stage copies its own.
  const assets = assetsStageName([...plan.images.map((i) => i.target), plan.builder.name ?? '', init, libraries]);
  // The health check probe's stage (for images with Healthcheck.http()), named apart from the others.
  const probe = probeStageName([...plan.images.map((i) => i.target), plan.builder.name ?? '', init, assets, libraries]);
  return {
    syntax: plan.syntaxDirective ? SYNTAX : undefined,
    header,
    stages: [
      librariesStageFor(plan.builder),
      builderStageFor(plan.builder),
      ...initStages(plan.images.map((i) => i.plan), init),
      ...assetsStages(plan.images.flatMap((i) => i.plan.assets), plan.builder.toolchain.builderImage, assets),
      ...probeStages(plan.images.map((i) => i.plan), probe),
      ...plan.images.map(({ target, plan: image }) => {
        const stage = runtimeStage(image, { name: target, builder: plan.builder.name, init, assets, probe });
        const about = `Image '${target}': binary '${image.binary.name}' of package '${image.package.name}' ${image.package.version} (${image.package.manifestPath}).`;
        return { ...stage, comments: [about, ...(stage.comments ?? [])] };
      }),
    ],
  };
}

/** The workspace's Dockerfile text. Pure and deterministic. */
export function renderWorkspaceDockerfile(plan: WorkspacePlan): string {
  const first = plan.images[0].plan;
  return renderDockerfile(pinModel(workspaceDockerfileModel(plan), first.imageLock, first.requirePinnedImages, first.imageLockFile));
}
