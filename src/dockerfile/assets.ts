import type { Instruction, Stage } from './model';
import { compareStrings } from '../core/compare';
import { execForm } from '../core/quote';
import type { PlannedAsset } from '../plan/assets';

/**
 * Assets in the Dockerfile. COPY keeps the build context's file modes, which depend on the
 * checkout's umask (group-writable with `umask 002`), and BuildKit's `COPY --chmod` gives
 * every copied directory the files' mode (`--chmod=644` leaves subdirectories untraversable,
 * `--chmod=755` makes every file executable; the symbolic `a+rX` form needs a Dockerfile
 * frontend newer than engines ship). So a small stage on the builder image, which has a
 * shell, copies the sources and sets directories to 0755 and regular files to 0644; each
 * final stage copies its assets from there with `--chown=0:0`: owned by root, readable and not
 * writable by the user the binary runs as (unless it is root), setuid/setgid bits dropped.
 *
 * Cache: the stage reads only the asset sources, so an asset edit rebuilds it and the final
 * stage's COPYs, never the dependency layer (manifests only). The builder's build step does
 * see the edit, since it mounts the whole context (the build may read any file of it:
 * `include_str!`, build scripts) and this engine cannot exclude paths: the workspace crates recompile, the
 * dependencies do not. In the final stage the assets come after the system setup (apt, user)
 * and before the binary: a code change, more frequent than an asset change, then reuses the
 * asset layers and replaces only the binary's.
 */

/** The stage's name in a single image's Dockerfile. */
export const ASSETS_STAGE = 'assets';
/** Where the stage keeps each source, under its own path (`/assets/<source>`). */
export const ASSETS_DIR = '/assets';

/** Where a source lies in the assets stage. */
function staged(source: string): string {
  return `${ASSETS_DIR}/${source}`;
}

/**
 * The assets stage for every asset of the images of one Dockerfile (each source once, sorted):
 * one stage, or none when there is no asset. `image` is the builder's image (it has a shell).
 */
export function assetsStages(assets: readonly PlannedAsset[], image: string, name: string = ASSETS_STAGE): Stage[] {
  const sources = [...new Set(assets.map((a) => a.source))].sort(compareStrings);
  if (sources.length === 0) {
    return [];
  }
  const copies: Instruction[] = sources.map((source) => ({ keyword: 'COPY', args: [execForm([source, staged(source)])] }));
  return [{
    comments: [
      'Assets (the assets option): copied from the build context and made read-only data,',
      'directories 0755 and files 0644; the final stage copies them owned by root.',
    ],
    from: image,
    name,
    instructions: [
      ...copies,
      {
        keyword: 'RUN',
        args: [`find ${ASSETS_DIR} -type d -exec chmod 0755 {} +`, `find ${ASSETS_DIR} -type f -exec chmod 0644 {} +`],
      },
    ],
  }];
}

/** The final stage's COPY of each asset, in the option's order (a later one may lie inside an earlier one). */
export function assetCopies(assets: readonly PlannedAsset[], stage: string = ASSETS_STAGE): Instruction[] {
  return assets.map((asset) => ({
    keyword: 'COPY',
    flags: [`--from=${stage}`, '--chown=0:0'],
    args: [execForm([staged(asset.source), asset.destination])],
  }));
}

/** A name for the assets stage that no other stage of the Dockerfile has (workspace stages are named after binaries). */
export function assetsStageName(taken: readonly string[]): string {
  const preferred = [ASSETS_STAGE, 'image-assets', 'runtime-assets'].find((n) => !taken.includes(n));
  if (preferred) {
    return preferred;
  }
  let i = 2;
  while (taken.includes(`assets-${i}`)) {
    i++;
  }
  return `assets-${i}`;
}

/** The stage a final stage copies its assets from (read off its COPYs), or null when it copies none. */
export function assetsStageOf(stage: Stage): string | null {
  const copy = stage.instructions.find((i) => i.keyword === 'COPY' && i.args[0]?.startsWith(`["${ASSETS_DIR}/`) && (i.flags ?? []).includes('--chown=0:0'));
  const from = copy?.flags?.find((f) => f.startsWith('--from='));
  return from === undefined ? null : from.slice('--from='.length);
}
