/**
 * Digest pinning against the local registry (digest-pinning.e2e.ts, renovate.e2e.ts): the
 * suite's base images pushed to 127.0.0.1:5000, the registry's digest of a tag over its HTTP
 * API, and synthesis as `npx projen` or `npx projen docker:pin` runs it, with engine 26's docker
 * CLI resolving.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ProjectOptions } from 'projen';
import { Project } from 'projen';
import type { DockerClient } from './docker';
import { dockerOk } from './docker';
import { buildxOk, REGISTRY } from './engine-26';
import { scratchDir } from './fixture';
import { runId } from './run';
import { RustDockerImage } from '../../../src';
import type { RustDockerImageOptions } from '../../../src';
import { parseImageLock } from '../../../src/pin/image-lock';
import { PIN_ENV } from '../../../src/projen/image-lock-refresh';

export const LOCK = 'docker-images.lock.json';
export const RUST = `${REGISTRY}/pin-e2e/rust:1.95-bookworm`;
export const DEBIAN = `${REGISTRY}/pin-e2e/debian:bookworm-slim`;
export const NEW_BASE_LABEL = 'org.projen-rust-docker.e2e.new-base';

/** The registry's digest of a tag, asked over its HTTP API (not through the code under test). */
export async function registryDigest(ref: string): Promise<string> {
  const [, repository, tag] = /^[^/]+\/(.+):([^:]+)$/.exec(ref)!;
  const response = await fetch(`http://${REGISTRY}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      Accept: [
        'application/vnd.oci.image.index.v1+json', 'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.docker.distribution.manifest.v2+json',
      ].join(', '),
    },
  });
  const digest = response.headers.get('docker-content-digest');
  if (response.status !== 200 || !digest) {
    throw new Error(`registry: HEAD ${ref} answered ${response.status}`);
  }
  return digest;
}

export async function push(client: DockerClient, source: string, target: string): Promise<string> {
  await dockerOk(['tag', source, target], client);
  await dockerOk(['push', '-q', target], client);
  return registryDigest(target);
}

/** Synthesis as `npx projen` runs it, or as `npx projen docker:pin` does; the docker CLI of engine 26 resolves. */
export function synthesize(
  dir: string, options: RustDockerImageOptions, pin: boolean, client: DockerClient, projectOptions: Partial<ProjectOptions> = {},
): string[] {
  const saved = { ...process.env };
  const logged: string[] = [];
  Object.assign(process.env, client.env, { DOCKER: client.path }, pin ? { [PIN_ENV]: '1' } : {});
  if (!pin) {
    delete process.env[PIN_ENV];
  }
  try {
    const project = new Project({ name: 'pin-e2e', ...projectOptions, outdir: dir });
    const info = project.logger.info.bind(project.logger);
    project.logger.info = (...text: unknown[]) => {
      logged.push(text.join(' '));
      info(...text);
    };
    new RustDockerImage(project, { syntaxDirective: false, ...options });
    project.synth();
  } finally {
    process.env = saved;
  }
  return logged;
}

export const froms = (dir: string) => fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8').split('\n').filter((l) => l.startsWith('FROM '));
export const lockOf = (dir: string) => parseImageLock(fs.readFileSync(path.join(dir, LOCK), 'utf8'), LOCK).digests;


/**
 * An image made from `base` with one label, built with buildx on engine 26 (an OCI index with
 * an attestation manifest, as images on Docker Hub are) and pushed as `target`; its digest.
 */
export async function pushDerived(client: DockerClient, base: string, target: string, label: string): Promise<string> {
  const dir = scratchDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${base}\nLABEL ${label}\n`);
  const local = `${target.replace(/:[^:/]+$/, '')}:derived-${runId()}-${label.replace(/[^a-z0-9]+/gi, '-').slice(-40)}`;
  await buildxOk(client, dir, local);
  return push(client, local, target);
}
