/**
 * Synthesis time of a 200-member workspace: RustWorkspaceImages (every member's image, one
 * Dockerfile) and RustDockerImage for one member, in-process, each in a new projen Project.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Project } from 'projen';
import { tempDir } from './fixture';
import type { SynthesisTiming } from './results';
import { RustDockerImage, RustWorkspaceImages } from '../../src';
import { generateLockfile } from '../../test/e2e/support/cargo';

export const MEMBERS = 200;

function member(i: number): string {
  return `m${String(i).padStart(3, '0')}`;
}

/** Writes a virtual workspace of `count` tiny bin crates (crates/mNNN) with its Cargo.lock. */
export function writeWorkspace(dir: string, count: number): void {
  const members: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = member(i);
    members.push(`"crates/${name}"`);
    fs.mkdirSync(path.join(dir, 'crates', name, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'crates', name, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n`);
    fs.writeFileSync(path.join(dir, 'crates', name, 'src', 'main.rs'), `fn main() {\n    println!("${name}");\n}\n`);
  }
  fs.writeFileSync(path.join(dir, 'Cargo.toml'), `[workspace]\nresolver = "2"\nmembers = [\n    ${members.join(',\n    ')},\n]\n`);
  generateLockfile(dir);
}

function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return (performance.now() - started) / 1000;
}

export function synthesisTimings(reps: number, log: (line: string) => void): SynthesisTiming[] {
  const dir = tempDir('workspace');
  writeWorkspace(dir, MEMBERS);
  log(`  [synthesis] ${MEMBERS}-member workspace written to ${dir} (Cargo.lock by cargo generate-lockfile --offline)`);
  const workspace: number[] = [];
  const single: number[] = [];
  for (let i = 1; i <= reps; i++) {
    let targets = 0;
    workspace.push(time(() => {
      const project = new Project({ name: 'bench-workspace', outdir: dir });
      targets = new RustWorkspaceImages(project, { syntaxDirective: false }).targets().length;
      project.synth();
    }));
    log(`  [synthesis] RustWorkspaceImages (${targets} image targets) synth rep ${i}: ${workspace[i - 1].toFixed(2)} s`);
    single.push(time(() => {
      const project = new Project({ name: 'bench-member', outdir: dir });
      new RustDockerImage(project, { package: member(0), syntaxDirective: false });
      project.synth();
    }));
    log(`  [synthesis] RustDockerImage (package ${member(0)}) synth rep ${i}: ${single[i - 1].toFixed(2)} s`);
  }
  return [
    { what: `RustWorkspaceImages, ${MEMBERS} members (new Project + synth)`, samples: workspace },
    { what: `RustDockerImage, one member of the ${MEMBERS}-member workspace (new Project + synth)`, samples: single },
  ];
}
