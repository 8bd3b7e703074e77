import type { WorkspacePlan } from './plan';
import { builderSummary, runtimeWords } from '../plan/summary';

/** What a workspace's images plan chose, for the synthesis log: one shared builder, then one line per image. Pure. */
export function workspaceSummary(plan: WorkspacePlan): string[] {
  const first = plan.images[0].plan;
  return [
    `images ${plan.images.map((i) => i.target).join(', ')}${plan.left.length ? ` (no image: ${plan.left.join(', ')})` : ''}`,
    `one builder stage compiles them all: ${builderSummary(first).join('; ')}`,
    ...plan.images.map(({ target, plan: p }) => `${target}: binary ${p.binary.name} of package ${p.package.name}, runtime ${runtimeWords(p.runtime)}, ${p.linking} linking`),
  ];
}
