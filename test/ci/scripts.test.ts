import * as YAML from 'yaml';
import { githubProject, readText, readWorkflow, synthWorkflow, shellcheck, withShellcheck } from './support';
import type { DockerWorkflowOptions } from '../../src';
import { RustDockerImage, Platform, Smoke } from '../../src';

const VARIANTS: [string, DockerWorkflowOptions][] = [
  ['http smoke, three platforms, signing, cargo test', {
    cargoTest: true, signing: true, platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7],
  }],
  ['command smoke with odd arguments, arm64', { smoke: Smoke.command(['--version', 'it\'s', '$HOME']), platforms: [Platform.LINUX_ARM64], signing: true }],
  ['http smoke with a query', { smoke: Smoke.http('/healthz?full=1&x=$y') }],
];

describe('generated shell scripts pass shellcheck', () => {
  withShellcheck.each(VARIANTS)('GitHub run steps (bash): %s', (_title, options) => {
    const wf = readWorkflow(synthWorkflow(options).dir);
    const problems: string[] = [];
    for (const [id, job] of Object.entries<any>(wf.jobs)) {
      for (const s of job.steps.filter((x: any) => x.run)) {
        expect(s.run).not.toContain('${{'); // values come in through env, never expressions
        const found = shellcheck(s.run, 'bash');
        if (found) {
          problems.push(`${id} / ${s.name}:\n${found}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  withShellcheck.each(VARIANTS)('GitLab jobs (sh): %s', (_title, options) => {
    const project = githubProject();
    new RustDockerImage(project, { ports: [8080], workflow: { ...options, gitlab: true, github: false } });
    project.synth();
    const ci = YAML.parse(readText(project.outdir, '.gitlab-ci.yml'));
    const problems: string[] = [];
    for (const [name, job] of Object.entries<any>(ci)) {
      if (!job.script) {
        continue;
      }
      const found = shellcheck([...(job.before_script ?? []), ...job.script].join('\n') + '\n', 'sh');
      if (found) {
        problems.push(`${name}:\n${found}`);
      }
    }
    expect(problems).toEqual([]);
  });

  withShellcheck('the drift check', () => {
    const project = githubProject();
    new RustDockerImage(project);
    project.synth();
    const drift = readWorkflow(project.outdir).jobs.drift;
    for (const s of drift.steps.filter((x: any) => x.run)) {
      expect(shellcheck(s.run, 'bash')).toBe('');
    }
  });
});
