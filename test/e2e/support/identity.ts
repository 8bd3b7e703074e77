/** Which uid:gid the image's processes really run as (beyond what Config.User claims). */
import { processIds, runImage } from './docker';

/** Every process of a running container runs as `uid:gid` (read with `docker top`; no shell needed). */
export async function expectServiceRunsAs(container: string, user: string): Promise<void> {
  const [uid, gid] = user.split(':');
  const processes = await processIds(container);
  expect(processes.length).toBeGreaterThan(0);
  expect(processes).toEqual(processes.map(() => ({ uid, gid })));
}

/** For images with a shell userland (debian-slim): `id` run under the image's USER prints `uid:gid`. */
export async function expectImageUserRunsAs(image: string, user: string): Promise<void> {
  const [uid, gid] = user.split(':');
  const result = await runImage(image, [], 'id');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(new RegExp(`^uid=${uid}\\(\\S+\\) gid=${gid}\\(`));
}
