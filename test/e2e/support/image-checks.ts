/**
 * What every final image must satisfy, checked from outside (no shell needed in the image):
 * the binary is there, no toolchain or sources are, CA certificates where promised, the
 * promised user, and the size budget of its runtime.
 */
import type { RuntimeName } from './budgets';
import { SIZE_BUDGETS } from './budgets';
import type { FileEntry } from './docker';
import { inspectImage, listFiles, readImageFile } from './docker';

export const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

const TOOLCHAIN_NAMES = new Set(['cargo', 'rustc', 'rustup', 'rustdoc', 'gcc', 'cc', 'ld', 'Cargo.toml', 'Cargo.lock']);

/** Entries that must never reach a final image: toolchain programs, the build directory, Rust sources and manifests. */
export function forbiddenEntries(entries: FileEntry[]): string[] {
  return entries.filter((e) => {
    const p = e.path;
    const base = p.slice(p.lastIndexOf('/') + 1);
    return (e.type !== 'd' && TOOLCHAIN_NAMES.has(base)) || p.endsWith('.rs') || p === 'app' || p.startsWith('app/') ||
      p.startsWith('usr/local/cargo') || p.startsWith('usr/local/rustup') || p.includes('/target/release');
  }).map((e) => e.path);
}

export interface ImageFacts {
  readonly imageBytes: number;
  readonly binaryBytes: number;
  readonly baseBytes: number;
  readonly budgetBytes: number;
}

export interface ImageExpectations {
  readonly runtime: RuntimeName;
  /** The binary's name: the image must hold /usr/local/bin/<binary> and run it. */
  readonly binary: string;
  /** `uid:gid` the image promises (Config.User). */
  readonly user: string;
  /** true: the CA bundle must exist; false: it must not. */
  readonly caCertificates: boolean;
  /**
   * Paths (absolute) the image may hold although `forbiddenEntries` would refuse them, with
   * everything under them: the `assets` copied to `/app/...`, and `/app` itself.
   */
  readonly allowed?: string[];
}

/** Checks the image's config and filesystem against the expectations; returns its sizes. */
export async function checkImage(image: string, expected: ImageExpectations): Promise<ImageFacts> {
  const info = await inspectImage(image);
  expect(info.user).toBe(expected.user);
  expect(info.entrypoint).toEqual([`/usr/local/bin/${expected.binary}`]);

  const entries = await listFiles(image);
  const binary = entries.find((e) => e.path === `usr/local/bin/${expected.binary}`);
  expect(binary?.type).toBe('-');
  const allowed = (p: string) => (expected.allowed ?? []).some((a) => `/${p}` === a || `/${p}`.startsWith(`${a}/`) || a.startsWith(`/${p}/`));
  expect(forbiddenEntries(entries).filter((p) => !allowed(p))).toEqual([]);

  expect(entries.some((e) => e.path === CA_BUNDLE.slice(1))).toBe(expected.caCertificates);
  if (expected.caCertificates) {
    const bundle = (await readImageFile(image, CA_BUNDLE)).toString('utf8');
    expect(bundle.startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
    expect(bundle.split('-----BEGIN CERTIFICATE-----').length - 1).toBeGreaterThan(50);
  }

  const budget = SIZE_BUDGETS[expected.runtime] as { base?: string; allowanceBytes: number };
  const baseBytes = budget.base ? (await inspectImage(budget.base)).size : 0;
  const facts = {
    imageBytes: info.size,
    binaryBytes: binary?.size ?? 0,
    baseBytes,
    budgetBytes: baseBytes + (binary?.size ?? 0) + budget.allowanceBytes,
  };
  expect(facts.imageBytes).toBeLessThanOrEqual(facts.budgetBytes);
  return facts;
}
