import * as fs from 'fs';
import * as path from 'path';
import { github, Project } from 'projen';
import { githubProject, nodeProject, readText, readWorkflow, step, synthWorkflow } from './support';
import { RustDockerImage, RustWorkspaceImages } from '../../src';
import { Registry, Smoke } from '../../src/ci';
import { driftOwner } from '../../src/ci/github/drift-owner';
import { checkRunScripts } from '../../src/ci/github/workflow-file';
import { Platform } from '../../src/plan/platform';
import { crateFiles, writeTree } from '../support/temp-project';
import { workspaceProject } from '../workspace/support';

const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+@[0-9a-f]{40}$/;

function allUses(workflow: any): string[] {
  return Object.values(workflow.jobs).flatMap((job: any) => job.steps.filter((s: any) => s.uses).map((s: any) => s.uses));
}

describe('permissions', () => {
  test('nothing at workflow level; each job gets only what it needs', () => {
    const wf = readWorkflow(synthWorkflow({ cargoTest: true }).dir);
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.test.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs.build.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs.push.permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(wf.jobs.drift.permissions).toEqual({ contents: 'read' });
  });

  test('id-token: write only in the job that signs', () => {
    const single = readWorkflow(synthWorkflow({ signing: true, cargoTest: true }).dir);
    expect(single.jobs.push.permissions).toEqual({ 'contents': 'read', 'packages': 'write', 'id-token': 'write' });
    for (const id of ['test', 'build', 'drift']) {
      expect(single.jobs[id].permissions['id-token']).toBeUndefined();
    }
    expect(step(single.jobs.push, 'Sign the image').run).toBe('cosign sign --yes "${IMAGE}@${DIGEST}"\n');
    expect(step(single.jobs.push, 'Sign the image').env.DIGEST).toBe('${{ steps.build.outputs.digest }}');

    const multi = readWorkflow(synthWorkflow({ signing: true, platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] }).dir);
    expect(multi.jobs.push.permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(multi.jobs.merge.permissions).toEqual({ 'contents': 'read', 'packages': 'write', 'id-token': 'write' });
    expect(step(multi.jobs.merge, 'Sign the image').env.DIGEST).toBe('${{ steps.manifest.outputs.digest }}');
  });

  test('no signing steps and no id-token without signing', () => {
    const text = readText(synthWorkflow().dir, '.github/workflows/docker.yml');
    expect(text).not.toContain('id-token');
    expect(text).not.toContain('cosign');
  });

  test('registries other than GHCR do not get packages: write', () => {
    const wf = readWorkflow(synthWorkflow({ registry: Registry.DOCKER_HUB }).dir);
    expect(wf.jobs.push.permissions).toEqual({ contents: 'read' });
    expect(step(wf.jobs.push, 'Log in to docker.io').with).toEqual({
      registry: 'docker.io', username: '${{ secrets.DOCKERHUB_USERNAME }}', password: '${{ secrets.DOCKERHUB_TOKEN }}',
    });
  });

  test('checkout never persists the token', () => {
    const wf = readWorkflow(synthWorkflow({ cargoTest: true }).dir);
    for (const job of Object.values(wf.jobs) as any[]) {
      const checkout = job.steps.find((s: any) => s.name === 'Checkout');
      if (checkout) {
        expect(checkout.with['persist-credentials']).toBe(false);
      }
    }
  });
});

describe('action pins', () => {
  test('every action is pinned by full commit SHA with its version in a comment', () => {
    const { dir } = synthWorkflow({ cargoTest: true, signing: true, platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] });
    const wf = readWorkflow(dir);
    const uses = allUses(wf);
    expect(uses.length).toBeGreaterThan(10);
    for (const u of uses) {
      expect(u).toMatch(PINNED);
    }
    const lines = readText(dir, '.github/workflows/docker.yml').split('\n').filter((l) => l.includes('uses: '));
    for (const line of lines) {
      expect(line).toMatch(/uses: \S+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
    }
    expect(new Set(uses.map((u) => u.split('@')[0]))).toEqual(new Set([
      'actions/checkout', 'actions/setup-node', 'actions/upload-artifact', 'actions/download-artifact', 'Swatinem/rust-cache',
      'docker/setup-qemu-action', 'docker/setup-buildx-action', 'docker/login-action', 'docker/metadata-action', 'docker/build-push-action',
      'sigstore/cosign-installer',
    ]));
  });

  test('projen\'s actions provider overrides a pin; an overridden line gets no stale comment', () => {
    const project = githubProject();
    const sha = 'f'.repeat(40);
    github.GitHub.of(project)!.actions.set('docker/build-push-action', `my-org/build-push-action@${sha}`);
    new RustDockerImage(project, { ports: [8080] });
    project.synth();
    const text = readText(project.outdir, '.github/workflows/docker.yml');
    expect(text).toContain(`uses: my-org/build-push-action@${sha}\n`);
    expect(text).not.toContain('docker/build-push-action@');
    expect(text).toMatch(/uses: docker\/login-action@[0-9a-f]{40} # v/);
  });
});

describe('caches', () => {
  test('one GitHub Actions cache scope per image, shared by the build and push jobs', () => {
    const wf = readWorkflow(synthWorkflow().dir);
    expect(step(wf.jobs.build, 'Build the image').with['cache-from']).toBe('type=gha,scope=docker');
    expect(step(wf.jobs.build, 'Build the image').with['cache-to']).toBe('type=gha,mode=max,scope=docker');
    expect(step(wf.jobs.push, 'Build and push').with['cache-from']).toBe('type=gha,scope=docker');
    expect(step(wf.jobs.push, 'Build and push').with['cache-to']).toBe('type=gha,mode=max,scope=docker');
  });

  test('several platforms: one scope per platform; the build job shares the first platform\'s', () => {
    const wf = readWorkflow(synthWorkflow({ platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] }).dir);
    expect(step(wf.jobs.build, 'Build the image').with['cache-to']).toBe('type=gha,mode=max,scope=docker-linux-amd64');
    expect(wf.jobs.push.strategy.matrix.include).toEqual([
      { platform: 'linux/amd64', slug: 'linux-amd64' }, { platform: 'linux/arm64', slug: 'linux-arm64' },
    ]);
    const push = step(wf.jobs.push, 'Build and push by digest').with;
    expect(push['cache-to']).toBe('type=gha,mode=max,scope=docker-${{ matrix.slug }}');
    expect(push.platforms).toBe('${{ matrix.platform }}');
    expect(push.outputs).toBe('type=image,push-by-digest=true,name-canonical=true,push=true,rewrite-timestamp=true');
    expect(step(wf.jobs.push, 'Upload the digest').with.name).toBe('digests-docker-${{ matrix.slug }}');
    expect(step(wf.jobs.merge, 'Download the digests').with.pattern).toBe('digests-docker-*');
    expect(step(wf.jobs.push, 'Set up QEMU').with.platforms).toBe('linux/arm64');
  });

  test('two images get different scopes', () => {
    const project = githubProject();
    new RustDockerImage(project);
    new RustDockerImage(project, { dockerfileName: 'Dockerfile.worker' });
    project.synth();
    const main = readWorkflow(project.outdir);
    const worker = readWorkflow(project.outdir, '.github/workflows/docker-worker.yml');
    expect(step(main.jobs.build, 'Build the image').with['cache-to']).toContain('scope=docker');
    expect(step(worker.jobs.build, 'Build the image').with['cache-to']).toContain('scope=docker-worker');
    expect(step(worker.jobs.build, 'Build the image').with.file).toBe('Dockerfile.worker');
    expect(step(worker.jobs.push, 'Image name').env.IMAGE).toBe('ghcr.io/${{ github.repository }}/worker');
  });
});

describe('attestations, tags and labels', () => {
  test('pushes with provenance and SBOM, tags from docker/metadata-action, Cargo labels kept', () => {
    const wf = readWorkflow(synthWorkflow().dir);
    const build = step(wf.jobs.push, 'Build and push').with;
    expect(build).toMatchObject({
      outputs: 'type=image,push=true,rewrite-timestamp=true', provenance: true, sbom: true, tags: '${{ steps.meta.outputs.tags }}', labels: '${{ steps.meta.outputs.labels }}',
    });
    // Reproducible: the commit's time for the build and the created label, set before both.
    const time = step(wf.jobs.push, 'Commit time (reproducible images)');
    expect(time.run).toBe('echo "SOURCE_DATE_EPOCH=$(git log -1 --pretty=%ct)" >> "$GITHUB_ENV"\necho "SOURCE_DATE=$(git log -1 --pretty=%cI)" >> "$GITHUB_ENV"\n');
    expect(wf.jobs.push.steps.indexOf(time)).toBeLessThan(wf.jobs.push.steps.findIndex((s: any) => s.name === 'Image metadata'));
    expect(step(wf.jobs.push, 'Image metadata').with.labels).toMatch(/\norg\.opencontainers\.image\.created=\$\{\{ env\.SOURCE_DATE \}\}\n$/);
    const meta = step(wf.jobs.push, 'Image metadata').with;
    expect(meta.tags).toContain('type=semver,pattern={{version}}');
    expect(meta.tags).toContain('type=sha');
    expect(meta.tags).toContain('type=ref,event=branch');
    expect(meta.labels).toContain('org.opencontainers.image.title=svc');
    expect(step(wf.jobs.push, 'Image name')).toMatchObject({ shell: 'bash', env: { IMAGE: 'ghcr.io/${{ github.repository }}' } });
    expect(wf.jobs.push.if).toBe('github.event_name == \'push\'');
    expect(wf.jobs.push.needs).toBe('build');
  });

  test('a label value with ${{ is not evaluated by GitHub', () => {
    const wf = readWorkflow(synthWorkflow({}, { labels: { note: 'costs ${{ secrets.X }}' } }).dir);
    expect(step(wf.jobs.push, 'Image metadata').with.labels).toContain('note=costs ${{ \'${{\' }} secrets.X }}');
  });

  test('the PR build loads the image and pushes nothing', () => {
    const wf = readWorkflow(synthWorkflow().dir);
    expect(step(wf.jobs.build, 'Build the image').with).toMatchObject({ load: true, push: false, tags: 'local/docker:ci' });
    expect(wf.jobs.build.if).toBeUndefined();
  });
});

describe('triggers and concurrency', () => {
  test('defaults: pull requests to main, pushes to main and v* tags', () => {
    const wf = readWorkflow(synthWorkflow().dir);
    expect(wf.on).toEqual({ pull_request: { branches: ['main'] }, push: { branches: ['main'], tags: ['v*'] } });
    expect(wf.concurrency).toEqual({
      'group': '${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}',
      'cancel-in-progress': '${{ github.event_name == \'pull_request\' }}',
    });
  });

  test('custom branches and tags; pull requests off', () => {
    const wf = readWorkflow(synthWorkflow({ branches: ['trunk', 'release/*'], tags: ['release-*'], pullRequests: false }).dir);
    expect(wf.on).toEqual({ push: { branches: ['trunk', 'release/*'], tags: ['release-*'] } });
  });

  test('tags only', () => {
    const wf = readWorkflow(synthWorkflow({ branches: [], pullRequests: false }).dir);
    expect(wf.on).toEqual({ push: { tags: ['v*'] } });
  });

  test('timeouts on every job', () => {
    const wf = readWorkflow(synthWorkflow({ cargoTest: true, timeoutMinutes: 45, platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] }).dir);
    expect(wf.jobs.test['timeout-minutes']).toBe(45);
    expect(wf.jobs.build['timeout-minutes']).toBe(45);
    expect(wf.jobs.push['timeout-minutes']).toBe(45);
    expect(wf.jobs.merge['timeout-minutes']).toBe(10);
    expect(wf.jobs.drift['timeout-minutes']).toBe(15);
  });
});

describe('smoke test', () => {
  test('default: HTTP GET of / on the first exposed port, via 127.0.0.1', () => {
    const wf = readWorkflow(synthWorkflow({}, { ports: [9000, 9001] }).dir);
    const smoke = step(wf.jobs.build, 'Smoke test');
    expect(smoke.run).toContain('docker run --detach --name smoke --publish 127.0.0.1:9000:9000 local/docker:ci');
    expect(smoke.run).toContain('--retry-all-errors');
    expect(smoke.run).toContain('http://127.0.0.1:9000/');
    expect(smoke.run).toContain('trap \'docker logs smoke; docker rm --force smoke > /dev/null\' EXIT');
    expect(smoke['timeout-minutes']).toBe(5);
  });

  test('no ports: no smoke step by default', () => {
    const wf = readWorkflow(synthWorkflow({}, {}).dir);
    expect(wf.jobs.build.steps.map((s: any) => s.name)).not.toContain('Smoke test');
    expect(wf.jobs.build.name).toBe('Build the image');
  });

  test('Smoke.http with a path and port; Smoke.command with quoted arguments; Smoke.NONE', () => {
    const http = readWorkflow(synthWorkflow({ smoke: Smoke.http('/healthz', { port: 9090 }) }).dir);
    expect(step(http.jobs.build, 'Smoke test').run).toContain('http://127.0.0.1:9090/healthz');
    const command = readWorkflow(synthWorkflow({ smoke: Smoke.command(['--version', 'a b']) }).dir);
    expect(step(command.jobs.build, 'Smoke test').run).toBe('docker run --rm local/docker:ci "$SMOKE_ARG_0" "$SMOKE_ARG_1"\n');
    expect(step(command.jobs.build, 'Smoke test').env).toEqual({ SMOKE_ARG_0: '--version', SMOKE_ARG_1: 'a b' });
    const none = readWorkflow(synthWorkflow({ smoke: Smoke.NONE }).dir);
    expect(none.jobs.build.steps.map((s: any) => s.name)).not.toContain('Smoke test');
  });

  test('an emulated platform is run with --platform', () => {
    const wf = readWorkflow(synthWorkflow({ platforms: [Platform.LINUX_ARM64] }).dir);
    expect(step(wf.jobs.build, 'Set up QEMU').with.platforms).toBe('linux/arm64');
    expect(step(wf.jobs.build, 'Build the image').with.platforms).toBe('linux/arm64');
    expect(step(wf.jobs.build, 'Smoke test').run).toContain('docker run --platform linux/arm64 --detach');
    expect(step(wf.jobs.push, 'Build and push').with.platforms).toBe('linux/arm64');
  });

  test('Smoke.http without any port fails at synthesis with the fix', () => {
    expect(() => synthWorkflow({ smoke: Smoke.http('/') }, {})).toThrow(/DockerWorkflow \(Dockerfile\): option 'smoke' is Smoke.http\('\/'\) but the image of Dockerfile exposes no port/);
  });
});

describe('no value is evaluated by GitHub before the shell sees it', () => {
  test('${{ }} in smoke arguments and in the Cargo directory stays literal: scripts read them from env, other fields escape them', () => {
    const files = Object.fromEntries(Object.entries(crateFiles('svc')).map(([f, c]) => [`\${{ github.token }}/${f}`, c]));
    const project = githubProject(files);
    new RustDockerImage(project, { cargoDir: '${{ github.token }}', ports: [8080], workflow: { cargoTest: true, smoke: Smoke.command(['${{ secrets.GITHUB_TOKEN }}']) } });
    project.synth();
    const text = readText(project.outdir, '.github/workflows/docker-github-token.yml');
    const wf = readWorkflow(project.outdir, '.github/workflows/docker-github-token.yml');
    const runs: string[] = Object.values(wf.jobs).flatMap((job: any) => job.steps.map((s: any) => s.run).filter((r: any) => r !== undefined));
    expect(runs.length).toBeGreaterThan(3);
    for (const run of runs) {
      expect(run).not.toContain('${{');
    }
    // GitHub evaluates env values too: the literal is escaped there, so the secret is never read.
    expect(step(wf.jobs.build, 'Smoke test').env).toEqual({ SMOKE_ARG_0: '${{ \'${{\' }} secrets.GITHUB_TOKEN }}' });
    expect(step(wf.jobs.build, 'Build the image').with.context).toBe('${{ \'${{\' }} github.token }}');
    expect(wf.jobs.test.defaults.run['working-directory']).toBe('${{ \'${{\' }} github.token }}');
    // Every occurrence of the directory name is escaped: GitHub would evaluate the bare form.
    expect(text).toContain('${{ \'${{\' }} github.token }}');
    expect(text).not.toContain('${{ github.token }}');
  });

  test('the guard: a run script that would carry ${{ is refused as an internal error', () => {
    expect(() => checkRunScripts({ build: { runsOn: ['x'], permissions: {}, steps: [{ name: 'Oops', run: 'echo ${{ github.token }}' }] } }))
      .toThrow(/internal error: the run script of step 'Oops' of job 'build' contains '\$\{\{'/);
    expect(() => checkRunScripts({ build: { runsOn: ['x'], permissions: {}, steps: [{ name: 'Fine', env: { X: '${{ github.token }}' }, run: 'echo "$X"' }] } })).not.toThrow();
  });
});

describe('cargo test', () => {
  test('runs cargo test --locked for the image\'s package and features, with rust-cache in the Cargo directory', () => {
    const files = crateFiles('svc', {}, '[features]\nfast = []\nextra = []\n');
    const project = githubProject(files);
    new RustDockerImage(project, { features: ['fast'], noDefaultFeatures: true, rustVersion: '1.82', workflow: { cargoTest: true } });
    project.synth();
    const wf = readWorkflow(project.outdir);
    expect(wf.jobs.build.needs).toBe('test');
    expect(step(wf.jobs.test, 'Install Rust 1.82').run).toBe('rustup toolchain install "$RUST_CHANNEL" --profile minimal --no-self-update\nrustup default "$RUST_CHANNEL"\n');
    expect(step(wf.jobs.test, 'Install Rust 1.82').env).toEqual({ RUST_CHANNEL: '1.82' });
    expect(step(wf.jobs.test, 'Cache the Cargo build').with).toEqual({ workspaces: '. -> target', key: 'docker' });
    expect(step(wf.jobs.test, 'cargo test').run).toBe('cargo test --locked --package svc --no-default-features --features fast');
    expect(wf.jobs.test.defaults).toBeUndefined();
  });

  test('no test job by default', () => {
    const wf = readWorkflow(synthWorkflow().dir);
    expect(wf.jobs.test).toBeUndefined();
    expect(wf.jobs.build.needs).toBeUndefined();
  });
});

describe('paths', () => {
  test('a subproject: context, Dockerfile and working directory point into it; the workflow is at the root', () => {
    const project = githubProject();
    writeTree(path.join(project.outdir, 'services/api'), crateFiles('api'));
    const sub = new Project({ name: 'api', parent: project, outdir: 'services/api' });
    new RustDockerImage(sub, { ports: [3000], workflow: { cargoTest: true } });
    project.synth();
    expect(fs.existsSync(path.join(project.outdir, 'services/api/.github'))).toBe(false);
    const wf = readWorkflow(project.outdir, '.github/workflows/docker-services-api.yml');
    expect(wf.name).toBe('docker-services-api');
    expect(step(wf.jobs.build, 'Build the image').with).toMatchObject({ context: 'services/api', file: 'services/api/Dockerfile' });
    expect(step(wf.jobs.push, 'Build and push').with).toMatchObject({ context: 'services/api', file: 'services/api/Dockerfile' });
    expect(wf.jobs.test.defaults).toEqual({ run: { 'working-directory': 'services/api' } });
    expect(step(wf.jobs.test, 'Cache the Cargo build').with.workspaces).toBe('services/api -> target');
    expect(step(wf.jobs.push, 'Image name').env.IMAGE).toBe('ghcr.io/${{ github.repository }}/services-api');
    expect(step(wf.jobs.build, 'Build the image').with['cache-to']).toBe('type=gha,mode=max,scope=docker-services-api');
  });

  test('a workspace member as cargoDir builds from the workspace root', () => {
    const project = githubProject({
      'rust/Cargo.toml': '[workspace]\nmembers = ["api"]\nresolver = "2"\n',
      'rust/Cargo.lock': 'version = 4\n\n[[package]]\nname = "api"\nversion = "0.1.0"\n',
      'rust/api/Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n',
      'rust/api/src/main.rs': 'fn main() {}\n',
    });
    new RustDockerImage(project, { cargoDir: 'rust/api', workflow: { cargoTest: true } });
    project.synth();
    const wf = readWorkflow(project.outdir, '.github/workflows/docker-rust.yml');
    expect(step(wf.jobs.build, 'Build the image').with).toMatchObject({ context: 'rust', file: 'rust/Dockerfile' });
    expect(step(wf.jobs.test, 'cargo test').run).toBe('cargo test --locked --package api');
    expect(wf.jobs.test.defaults.run['working-directory']).toBe('rust');
  });
});

describe('drift check', () => {
  test('a bare project gets a drift job that synthesizes and fails on changed or new files', () => {
    const wf = readWorkflow(synthWorkflow().dir);
    const names = wf.jobs.drift.steps.map((s: any) => s.name);
    expect(names).toEqual(['Checkout', 'Set up Node.js', 'Synthesize', 'Fail on changed or new files']);
    expect(step(wf.jobs.drift, 'Synthesize').run).toBe('npx projen');
    const check = step(wf.jobs.drift, 'Fail on changed or new files').run;
    expect(check).toContain('git diff --exit-code');
    expect(check).toContain('git ls-files --others --exclude-standard');
  });

  test('npm ci when the root has a package-lock.json', () => {
    const project = githubProject({ ...crateFiles('svc'), 'package-lock.json': '{}' });
    new RustDockerImage(project);
    project.synth();
    expect(step(readWorkflow(project.outdir).jobs.drift, 'Install dependencies').run).toBe('npm ci');
  });

  test('absent when the NodeProject build workflow already fails on mutations', () => {
    const project = nodeProject();
    new RustDockerImage(project);
    project.synth();
    expect(readWorkflow(project.outdir).jobs.drift).toBeUndefined();
    expect(readText(project.outdir, '.github/workflows/build.yml')).toContain('self-mutation');
  });

  test('a NodeProject without a build workflow: the project\'s own install steps, then projen', () => {
    const project = nodeProject({ buildWorkflow: false });
    new RustDockerImage(project);
    project.synth();
    const drift = readWorkflow(project.outdir).jobs.drift;
    expect(step(drift, 'Install dependencies').run).toBe(project.package.installCommand);
    expect(step(drift, 'Synthesize').run).toBe(project.projenCommand);
  });

  test('driftCheck forces it on or off', () => {
    const forced = nodeProject();
    new RustDockerImage(forced, { workflow: { driftCheck: true } });
    forced.synth();
    expect(readWorkflow(forced.outdir).jobs.drift).toBeDefined();
    expect(readWorkflow(synthWorkflow({ driftCheck: false }).dir).jobs.drift).toBeUndefined();
  });

  test('a workflow named build also counts', () => {
    const project = githubProject();
    const build = github.GitHub.of(project)!.addWorkflow('build');
    build.on({ push: {} });
    build.addJob('noop', { runsOn: ['ubuntu-latest'], permissions: {}, steps: [{ run: 'true' }] });
    new RustDockerImage(project);
    project.synth();
    expect(readWorkflow(project.outdir).jobs.drift).toBeUndefined();
  });

  test('only one workflow of the repository carries it', () => {
    const project = githubProject();
    new RustDockerImage(project, { workflow: { driftCheck: false } });
    new RustDockerImage(project, { dockerfileName: 'Dockerfile.a' });
    new RustDockerImage(project, { dockerfileName: 'Dockerfile.b' });
    project.synth();
    expect(readWorkflow(project.outdir).jobs.drift).toBeUndefined();
    expect(readWorkflow(project.outdir, '.github/workflows/docker-a.yml').jobs.drift).toBeDefined();
    expect(readWorkflow(project.outdir, '.github/workflows/docker-b.yml').jobs.drift).toBeUndefined();
  });

  test('an explicit true on a later workflow is respected: it carries the one drift job, the first has none', () => {
    const project = githubProject();
    new RustDockerImage(project);
    new RustDockerImage(project, { dockerfileName: 'Dockerfile.a', workflow: { driftCheck: true } });
    project.synth();
    expect(readWorkflow(project.outdir).jobs.drift).toBeUndefined();
    expect(readWorkflow(project.outdir, '.github/workflows/docker-a.yml').jobs.drift).toBeDefined();
  });

  test('regression: two images and workspace images all saying driftCheck: true fail, naming both workflows, instead of two jobs', () => {
    const project = workspaceProject(['api', 'worker']);
    new RustDockerImage(project, { package: 'api', dockerfileName: 'Dockerfile.api', workflow: { driftCheck: true } });
    expect(() => new RustDockerImage(project, { package: 'worker', dockerfileName: 'Dockerfile.worker', workflow: { driftCheck: true } }))
      .toThrow(/DockerWorkflow \(Dockerfile.worker\): option 'driftCheck' is true for both docker-api.yml and docker-worker.yml.*Set driftCheck: true on one image workflow only/);
    expect(() => new RustWorkspaceImages(project, { workflow: { driftCheck: true } }))
      .toThrow(/WorkspaceImagesWorkflow \(Dockerfile\): option 'driftCheck' is true for both docker-api.yml and docker.yml/);
    // The same three with one explicit true: exactly one drift job, on the one that asked.
    const fixed = workspaceProject(['api', 'worker']);
    new RustDockerImage(fixed, { package: 'api', dockerfileName: 'Dockerfile.api' });
    new RustDockerImage(fixed, { package: 'worker', dockerfileName: 'Dockerfile.worker', workflow: { driftCheck: true } });
    new RustWorkspaceImages(fixed);
    fixed.synth();
    const files = ['docker-api.yml', 'docker-worker.yml', 'docker.yml'].map((f) => readWorkflow(fixed.outdir, `.github/workflows/${f}`));
    expect(files.map((wf) => wf.jobs.drift !== undefined)).toEqual([false, true, false]);
  });
});

describe('driftOwner: the one rule that decides which workflow carries the drift check', () => {
  const c = (label: string, driftCheck?: boolean) => ({ label, driftCheck });
  test.each([
    ['the first unset one', [c('a'), c('b')], false, 0],
    ['skips explicit false', [c('a', false), c('b'), c('c')], false, 1],
    ['an explicit true wins over an earlier unset one', [c('a'), c('b', true)], false, 1],
    ['none when the project already checks', [c('a'), c('b')], true, -1],
    ['an explicit true even when the project already checks', [c('a'), c('b', true)], true, 1],
    ['none when all are false', [c('a', false)], false, -1],
    ['none without workflows', [], false, -1],
  ])('%s', (_name, candidates, projectChecks, expected) => {
    expect(driftOwner(candidates, projectChecks)).toBe(expected);
  });

  test('two explicit trues are an error naming both and the fix', () => {
    expect(() => driftOwner([c('x.yml', true), c('y.yml'), c('z.yml', true)], false))
      .toThrow(/option 'driftCheck' is true for both x.yml and z.yml.*Set driftCheck: true on one image workflow only/);
  });
});

describe('names and switches', () => {
  test('workflowName sets the file, the name and the cache scope', () => {
    const project = githubProject();
    new RustDockerImage(project, { workflow: { workflowName: 'image' } });
    project.synth();
    const wf = readWorkflow(project.outdir, '.github/workflows/image.yml');
    expect(wf.name).toBe('image');
    expect(step(wf.jobs.build, 'Build the image').with['cache-from']).toBe('type=gha,scope=image');
  });

  test('clashing names fail with the fix', () => {
    const project = githubProject();
    new RustDockerImage(project);
    expect(() => new RustDockerImage(project, { dockerfileName: 'Dockerfile.x', workflow: { workflowName: 'docker' } }))
      .toThrow(/DockerWorkflow \(Dockerfile.x\): option 'workflowName' is 'docker' for two images \(Dockerfile and Dockerfile.x\).*'workflowName'/);

    const taken = githubProject();
    github.GitHub.of(taken)!.addWorkflow('docker');
    expect(() => new RustDockerImage(taken).workflow)
      .toThrow(/option 'workflowName' is 'docker', but a GitHub workflow of that name \(.github\/workflows\/docker.yml\) already exists/);
  });

  test('enabled: false adds nothing', () => {
    const { dir } = synthWorkflow({ enabled: false });
    expect(fs.existsSync(path.join(dir, '.github/workflows/docker.yml'))).toBe(false);
  });

  test('no GitHub: no workflow; github: true explains what is missing', () => {
    const project = new Project({ name: 'plain', outdir: githubProject().outdir + '-plain' });
    expect(new RustDockerImage(project).workflow.githubWorkflow).toBeUndefined();
    const again = new Project({ name: 'plain2', outdir: project.outdir + '2' });
    expect(() => new RustDockerImage(again, { workflow: { github: true } }).workflow).toThrow(/option 'github' is true but the root project has no GitHub component/);
  });

  test('the workflow follows Cargo.toml edits on the next synthesis', () => {
    const project = githubProject();
    new RustDockerImage(project, { ports: [8080], workflow: { cargoTest: true } });
    project.synth();
    expect(step(readWorkflow(project.outdir).jobs.test, 'cargo test').run).toBe('cargo test --locked --package svc');
    writeTree(project.outdir, {
      'Cargo.toml': '[package]\nname = "renamed"\nversion = "2.0.0"\nedition = "2021"\nrust-version = "1.80"\n',
      'Cargo.lock': 'version = 4\n\n[[package]]\nname = "renamed"\nversion = "2.0.0"\n',
    });
    project.synth();
    const wf = readWorkflow(project.outdir);
    expect(step(wf.jobs.test, 'cargo test').run).toBe('cargo test --locked --package renamed');
    expect(step(wf.jobs.test, 'Install Rust 1.80')).toBeDefined();
    expect(step(wf.jobs.push, 'Image metadata').with.labels).toContain('org.opencontainers.image.version=2.0.0');
  });
});
