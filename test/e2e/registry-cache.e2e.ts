/**
 * Registry build cache and bake, on engine 26 (scripts/engine-26.sh: Docker 26.1, buildx 0.13,
 * containerd image store, a plain-HTTP registry on 127.0.0.1:5000). The main engine
 * (dockerd 20.10, no buildx) can do neither; the other suites keep using it. Skipped, with
 * the reason, when engine 26 is not available locally (see global-setup.ts).
 *
 *   - A fresh runner: checkout A (fixture `fresh-checkout`: vendored crates with build
 *     scripts, a path dependency) is built with `--cache-to type=registry,mode=max`; engine
 *     26's build cache is pruned and the image removed (a new runner: nothing local but the
 *     base images); checkout B (same commit, every file time newer) edits src/main.rs and
 *     builds with `--cache-from` only: the imported dependency layer is used, only the
 *     service compiles, and the image prints B's text.
 *   - `docker buildx bake` of RustWorkspaceImages' bake file (fixture `workspace` with a third
 *     service): every image target is built in one session that runs the shared builder
 *     stage once, and each image serves its own name.
 */
import { Project } from 'projen';
import { RustWorkspaceImages } from '../../src';
import { compiledCrates } from './support/build-log';
import { generateLockfile, vendorFromDebian } from './support/cargo';
import { imageTag, inspectImage, processIds, RUN_LABEL, runImage, startService, trackImage } from './support/docker';
import { buildxOk, cacheRef, engine26Client, freshRunner } from './support/engine-26';
import { exec, tail } from './support/exec';
import { copyFixture, editFile, readText, setFileTimes, synthesize, writeFiles } from './support/fixture';
import { waitForHttp } from './support/http';
import { variant } from './support/report';
import { runId } from './support/run';
import { describeE2E } from './support/suite';

const SERVICE = 'e2e-fresh-checkout';
const USER = '10001:10001';

/** A checkout of fixture `fresh-checkout`: vendored crates, the default Dockerfile, every file time set to `when`. */
function checkout(when: Date): string {
  // The same variant name for both checkouts: their Cargo.toml must be byte-identical.
  const dir = copyFixture('fresh-checkout', 'registry-cache');
  vendorFromDebian(dir);
  synthesize(dir, [{}]);
  setFileTimes(dir, when);
  return dir;
}

/** Adds a member `crates/<name>` that serves like the fixture's services (as workspace-images.e2e.ts does). */
function addService(dir: string, name: string): void {
  writeFiles(dir, {
    [`crates/${name}/Cargo.toml`]: readText(dir, 'crates/svc-b/Cargo.toml').replace('name = "svc-b"', `name = "${name}"`),
    [`crates/${name}/src/main.rs`]: readText(dir, 'crates/svc-b/src/main.rs'),
  });
  editFile(dir, 'Cargo.toml', '"crates/common"', `"crates/common", "crates/${name}"`);
}

/** For each crate, the build steps (`#N` of the plain-progress log) of its `Compiling` lines, one entry per line. */
function compilingSteps(log: string): Map<string, string[]> {
  const steps = new Map<string, string[]>();
  for (const match of log.matchAll(/^(#\d+) .*\bCompiling ([A-Za-z0-9_-]+) v\d/gm)) {
    steps.set(match[2], [...(steps.get(match[2]) ?? []), match[1]]);
  }
  return steps;
}

describeE2E('engine 26: registry build cache on a fresh runner, workspace images with buildx bake', () => {
  variant('fresh runner: --cache-to registry, prune, a fresh checkout\'s source edit with --cache-from compiles only the service', async (recorder) => {
    const client = engine26Client();
    const ref = cacheRef(`e2e-${runId()}`, 'cache');
    const tag = imageTag('registry-cache');
    recorder.note('cache', ref);

    const a = checkout(new Date(Date.now() - 3600_000));
    const first = await buildxOk(client, a, tag, { cacheTo: ref });
    expect(compiledCrates(first.log)).toEqual(expect.arrayContaining(['libc', 'serde', 'proc-macro2', 'wire', SERVICE]));
    expect(first.log).toMatch(/exporting cache to registry/);
    recorder.note('first build with --cache-to s', first.seconds);

    // A fresh runner: no build cache, no image; only the base images and the registry.
    await freshRunner(client, [tag]);

    const b = checkout(new Date(Date.now() + 60_000));
    const text = 'hello from a fresh runner';
    editFile(b, 'src/main.rs', 'text: "hello"', `text: "${text}"`);
    const edit = await buildxOk(client, b, tag, { cacheFrom: ref });
    expect(edit.log).toContain(`importing cache manifest from ${ref}`);
    recorder.note('fresh runner source edit with --cache-from s', edit.seconds);
    recorder.note('compiled (fresh runner)', compiledCrates(edit.log));
    recorder.result.image = tag;
    recorder.result.coldBuildSeconds = Math.round(first.seconds * 10) / 10;
    expect(compiledCrates(edit.log)).toEqual([SERVICE]);
    const run = await runImage(tag, [], undefined, client);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`fresh-checkout wire-v3 ${text.length}:${text} colon at Some(2) (pid>0: true)\n`);
  });

  variant('workspace images: docker buildx bake builds every image target, the shared builder stage runs once', async (recorder) => {
    const client = engine26Client();
    const dir = copyFixture('workspace', 'registry-cache-bake');
    addService(dir, 'svc-c');
    generateLockfile(dir);
    const project = new Project({ name: 'e2e-workspace-bake', outdir: dir });
    const targets = new RustWorkspaceImages(project, { ports: [8080], syntaxDirective: false }).targets();
    project.synth();
    expect(targets).toEqual(['svc-a', 'svc-b', 'svc-c']);
    const members = ['common', ...targets];

    // The bake file names images `${REGISTRY}<target>:${TAG}`.
    const prefix = 'prd-e2e-bake-';
    const tags = targets.map((t) => `${prefix}${t}:${runId()}`);
    tags.forEach((t) => trackImage(t, client));
    const bake = await exec(client.path, ['buildx', 'bake', '--progress=plain', '--load', '--set', `*.labels.${RUN_LABEL}=${runId()}`], {
      cwd: dir,
      env: { ...process.env, ...client.env, REGISTRY: prefix, TAG: runId(), CACHE_REPOSITORY: '' },
      timeoutMs: 900_000,
    });
    const log = bake.stderr + bake.stdout;
    if (bake.code !== 0) {
      throw new Error(`docker buildx bake in ${dir} (engine 26) failed:\n${tail(log, 60)}`);
    }
    recorder.note('bake s', bake.seconds);
    recorder.note('compiled (bake)', compiledCrates(log));

    // Every image target is built and loaded.
    for (const t of tags) {
      expect((await inspectImage(t, client)).entrypoint).toEqual([`/usr/local/bin/${t.slice(prefix.length).split(':')[0]}`]);
    }
    // The builder stage ran once for all targets: each member compiles in exactly two steps of
    // the whole log, once each: the dependency layer (stub sources) and the real sources.
    // Built per target (no shared session), they would show once per target.
    const steps = compilingSteps(log);
    expect([...steps.keys()].sort()).toEqual(members);
    for (const member of members) {
      const of = steps.get(member) ?? [];
      expect({ member, lines: of.length, steps: new Set(of).size }).toEqual({ member, lines: 2, steps: 2 });
    }
    expect(new Set([...steps.values()].flat()).size).toBe(2);
    recorder.note('Compiling lines per member', members.map((m) => `${m}: ${steps.get(m)?.length}`));

    for (const [i, target] of targets.entries()) {
      const running = await startService(tags[i], 8080, client);
      expect(await waitForHttp(`${running.url}/`)).toBe(`${target} 0.2.0 (common 0.2.0)\n`);
      const processes = await processIds(running.container, client);
      expect(processes.length).toBeGreaterThan(0);
      expect(processes.map((p) => `${p.uid}:${p.gid}`)).toEqual(processes.map(() => USER));
    }
    const image = await inspectImage(tags[0], client);
    recorder.result.image = tags[0];
    recorder.result.imageBytes = image.size;
  });
}, { engine26: true });
