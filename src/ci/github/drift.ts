import * as fs from 'fs';
import * as path from 'path';
import type { Project } from 'projen';
import { github, javascript } from 'projen';
import { ACTION_PINS, pinned } from './action-pins';
import { shellWord } from '../../core/quote';

type JobStep = github.workflows.JobStep;

/**
 * Whether the root project's own CI already fails when synthesis changes files: projen's
 * NodeProject build workflow runs the build (which synthesizes) and then fails, or pushes
 * a self-mutation commit, when files changed. A workflow named `build` is trusted to do
 * the same.
 */
export function projectChecksDrift(root: Project): boolean {
  if (root instanceof javascript.NodeProject && root.buildWorkflow !== undefined) {
    return true;
  }
  return github.GitHub.of(root)?.tryFindWorkflow('build') !== undefined;
}

/**
 * Steps (after checkout) that install what projen needs, synthesize, and fail when any
 * file changed or appeared: a Cargo.toml edit committed without `npx projen` cannot merge.
 */
export function driftSteps(root: Project): JobStep[] {
  const projen = root.projenCommand;
  return [
    ...setupSteps(root),
    { name: 'Synthesize', run: projen },
    {
      name: 'Fail on changed or new files',
      run: [
        'if ! git diff --exit-code; then',
        `  echo "::error::Generated files are out of date. Run ${shellWord(projen).replace(/"/g, '\\"')} and commit the changes."`,
        '  exit 1',
        'fi',
        'untracked="$(git ls-files --others --exclude-standard)"',
        'if [ -n "$untracked" ]; then',
        '  echo "::error::Synthesis created files that are not committed:"',
        '  echo "$untracked"',
        '  exit 1',
        'fi',
        '',
      ].join('\n'),
    },
  ];
}

/** The project's own install steps for a NodeProject, else Node.js plus `npm ci` when there is a lockfile. */
function setupSteps(root: Project): JobStep[] {
  if (root instanceof javascript.NodeProject) {
    return root.renderWorkflowSetup({ mutable: false }).map(pinStep);
  }
  return [
    { name: 'Set up Node.js', uses: pinned('actions/setup-node'), with: { 'node-version': 'lts/*' } },
    ...(fs.existsSync(path.join(root.outdir, 'package-lock.json')) ? [{ name: 'Install dependencies', run: 'npm ci' }] : []),
  ];
}

/** Steps from projen may reference actions by tag; pin those we have a SHA for. */
function pinStep(step: JobStep): JobStep {
  if (!step.uses) {
    return step;
  }
  const [action, ref] = step.uses.split('@');
  if (ACTION_PINS[action] && !/^[0-9a-f]{40}$/.test(ref ?? '')) {
    return { ...step, uses: pinned(action) };
  }
  return step;
}
