import { parse as parseHcl } from '@cdktf/hcl2json';
import type { ServiceSpec } from './support';
import { bakeTargets, stageNames, workspaceFiles, wsTempDir } from './support';
import type { RustWorkspaceImagesOptions } from '../../src';
import { Runtime } from '../../src';
import { loadWorkspace } from '../../src/cargo/workspace';
import { RustDockerError } from '../../src/core/errors';
import { renderBakeFile } from '../../src/workspace/bake';
import { renderWorkspaceDockerfile } from '../../src/workspace/dockerfile';
import type { WorkspacePlan } from '../../src/workspace/plan';
import { planWorkspaceImages } from '../../src/workspace/plan';
import { validateWorkspaceOptions } from '../../src/workspace/validate';
import { lintDockerfile, stageLines } from '../support/dockerfile-lint';
import { writeTree } from '../support/temp-project';

function planOf(services: (string | ServiceSpec)[], options: RustWorkspaceImagesOptions = {}): WorkspacePlan {
  const dir = wsTempDir();
  writeTree(dir, workspaceFiles(services));
  return planWorkspaceImages(loadWorkspace(dir), options);
}

function render(services: (string | ServiceSpec)[], options: RustWorkspaceImagesOptions = {}): string {
  return renderWorkspaceDockerfile(planOf(services, options));
}

const tiniEntrypoint = (bin: string) => `ENTRYPOINT ["/usr/bin/tini-static", "--", "/usr/local/bin/${bin}"]`;

describe('workspace images: init and stopSignal', () => {
  test('workspace-wide init: one tini stage after the builder, every image runs under it; lints clean', () => {
    const text = render(['api', 'worker'], { init: true, stopSignal: 'SIGINT' });
    expect(stageNames(text)).toEqual(['runtime-libraries', 'builder', 'tini', 'api', 'worker']);
    for (const bin of ['api', 'worker']) {
      const stage = stageLines(text, bin);
      expect(stage).toContain('COPY --from=tini /usr/bin/tini-static /usr/bin/tini-static');
      expect(stage.slice(-2)).toEqual(['STOPSIGNAL SIGINT', tiniEntrypoint(bin)]);
    }
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('per-binary options win over the workspace-wide ones', () => {
    const plan = planOf(['api', 'worker', 'admin'], {
      init: true,
      stopSignal: 'SIGTERM',
      binaries: { worker: { init: false, stopSignal: 'SIGQUIT' }, admin: { stopSignal: '2' } },
    });
    const byTarget = Object.fromEntries(plan.images.map((i) => [i.target, { init: i.plan.init, stopSignal: i.plan.stopSignal }]));
    expect(byTarget).toEqual({
      admin: { init: true, stopSignal: '2' },
      api: { init: true, stopSignal: 'SIGTERM' },
      worker: { init: false, stopSignal: 'SIGQUIT' },
    });
    const text = renderWorkspaceDockerfile(plan);
    expect(stageLines(text, 'worker').slice(-2)).toEqual(['STOPSIGNAL SIGQUIT', 'ENTRYPOINT ["/usr/local/bin/worker"]']);
    expect(stageLines(text, 'worker').join('\n')).not.toContain('tini');
    expect(stageLines(text, 'admin').slice(-2)).toEqual(['STOPSIGNAL 2', tiniEntrypoint('admin')]);
  });

  test('one binary with init: the tini stage is there for it alone, the others are unchanged', () => {
    const text = render(['api', 'worker'], { binaries: { api: { init: true, runtime: Runtime.SCRATCH } } });
    expect(stageNames(text)).toEqual(['runtime-libraries', 'builder', 'tini', 'api', 'worker']);
    expect(stageLines(text, 'api')[0]).toBe('FROM scratch AS api');
    expect(stageLines(text, 'api')).toContain(tiniEntrypoint('api'));
    expect(stageLines(text, 'worker')).toContain('ENTRYPOINT ["/usr/local/bin/worker"]');
    expect(text).not.toContain('STOPSIGNAL');
    expect(lintDockerfile(text)).toEqual([]);
  });

  test('without init anywhere there is no tini stage', () => {
    expect(stageNames(render(['api', 'worker'], { binaries: { api: { init: false } } }))).toEqual(['runtime-libraries', 'builder', 'api', 'worker']);
  });

  test('a binary named tini keeps its target; the tini stage takes another name, and bake builds only the images', () => {
    const plan = planOf(['api', { name: 'tools', bins: ['tini'] }], { init: true });
    const text = renderWorkspaceDockerfile(plan);
    expect(stageNames(text)).toEqual(['runtime-libraries', 'builder', 'tini-init', 'api', 'tini', 'tools']);
    expect(stageLines(text, 'tini')).toContain('COPY --from=tini-init /usr/bin/tini-static /usr/bin/tini-static');
    expect(stageLines(text, 'tini')).toContain(tiniEntrypoint('tini'));
    expect(lintDockerfile(text)).toEqual([]);
    const bake = renderBakeFile(plan, { context: '.', dockerfile: 'Dockerfile' });
    expect(bakeTargets(bake)).toEqual(['api', 'tini', 'tools']);
    expect(() => parseHcl('docker-bake.hcl', bake)).not.toThrow();
  });

  test('a bad per-binary stopSignal or init is refused, naming the binary\'s option', () => {
    const caught = (options: RustWorkspaceImagesOptions): RustDockerError => {
      try {
        validateWorkspaceOptions(options);
      } catch (e) {
        expect(RustDockerError.is(e)).toBe(true);
        return e as RustDockerError;
      }
      throw new Error('expected a RustDockerError');
    };
    expect(caught({ binaries: { api: { stopSignal: 'int' } } }).message).toBe('option \'binaries.api.stopSignal\' is "int", not a signal name as the kernel spells it. Write it as "SIGINT".');
    expect(caught({ binaries: { api: { init: 'yes' as unknown as boolean } } }).option).toBe('binaries.api.init');
    expect(caught({ stopSignal: 'SIGFOO' }).option).toBe('stopSignal');
  });
});
