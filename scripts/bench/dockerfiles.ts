/**
 * The Dockerfiles under test. Ours are synthesized by the library into the checkout; the
 * others are the files in scripts/bench/dockerfiles/, copied in. Each is built from its own
 * checkout as `Dockerfile`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { currentCrateSource } from './fixture';
import { DependencyCaching } from '../../src';
import { synthesize } from '../../test/e2e/support/fixture';

export type DockerfileId = 'ours-layer' | 'ours-cache-mount' | 'article' | 'docker-init' | 'naive' | 'cargo-chef';

export interface DockerfileUnderTest {
  readonly id: DockerfileId;
  readonly label: string;
  /** Why it is not built, when it is not. */
  readonly notRun?: string;
  /**
   * Writes `Dockerfile` into the checkout. `run` is unique per repetition: cache mount ids
   * get it as a suffix, so the first build of a repetition starts with empty mounts.
   */
  write(dir: string, run: string): void;
}

const FILES = path.join(__dirname, 'dockerfiles');

function copied(id: DockerfileId, label: string, notRun?: string): DockerfileUnderTest {
  return {
    id,
    label,
    notRun,
    write(dir: string, run: string) {
      const text = fs.readFileSync(path.join(FILES, `${id}.Dockerfile`), 'utf8').replace(/__RUN__/g, run);
      fs.writeFileSync(path.join(dir, 'Dockerfile'), currentCrateSource().name === 'registry' ? withoutVendor(text) : text);
    },
  };
}

/**
 * The anchors' Dockerfiles with crates from a registry: without the lines that bring vendor/ in
 * (`COPY vendor vendor`, a `vendor` bind mount), which is not there; the rest stays, as their
 * authors wrote it for crates.io.
 */
export function withoutVendor(dockerfile: string): string {
  return dockerfile.split('\n').filter((line) => !/^\s*(COPY vendor vendor|--mount=type=bind,source=vendor,target=vendor \\)\s*$/.test(line)).join('\n');
}

/** Appends `-<run>` to every `type=cache,id=...` of a Dockerfile. */
export function suffixCacheIds(dockerfile: string, run: string): string {
  return dockerfile.replace(/(type=cache,id=)([A-Za-z0-9._-]+)/g, `$1$2-${run}`);
}

function ours(id: DockerfileId, label: string, caching: DependencyCaching): DockerfileUnderTest {
  return {
    id,
    label,
    write(dir: string, run: string) {
      synthesize(dir, [{ ports: [8080], caching }]);
      const file = path.join(dir, 'Dockerfile');
      fs.writeFileSync(file, suffixCacheIds(fs.readFileSync(file, 'utf8'), run));
    },
  };
}

export const DOCKERFILES: readonly DockerfileUnderTest[] = [
  ours('ours-layer', 'ours LAYER', DependencyCaching.LAYER),
  ours('ours-cache-mount', 'ours CACHE_MOUNT', DependencyCaching.CACHE_MOUNT),
  copied('docker-init', 'docker init style'),
  copied('article', 'article (cargo fetch layer)'),
  copied('naive', 'naive COPY . .'),
  copied('cargo-chef', 'cargo-chef', 'not run: cargo-chef cannot be installed offline'),
];
