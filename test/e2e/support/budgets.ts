/**
 * Image size budgets per runtime: the final image may hold the base image, the binary, and a
 * stated allowance for what the runtime stage adds (documented in docs/e2e.md).
 */
const KiB = 1024;
const MiB = 1024 * KiB;

export interface SizeBudget {
  /** The base image whose size counts towards the budget; none for scratch. */
  readonly base?: string;
  /** Allowed on top of base + binary. */
  readonly allowanceBytes: number;
  /** What the allowance is for. */
  readonly reason: string;
}

export const SIZE_BUDGETS = {
  'debian-slim': {
    base: 'debian:bookworm-slim',
    allowanceBytes: 12 * MiB,
    reason: 'apt-installed ca-certificates with openssl and libssl3 (measured ~9.2 MiB), the app user',
  },
  'distroless-cc': {
    base: 'gcr.io/distroless/cc-debian12:nonroot',
    allowanceBytes: 64 * KiB,
    reason: 'nothing but the binary (certificates are part of the base)',
  },
  'distroless-static': {
    base: 'gcr.io/distroless/static-debian12:nonroot',
    allowanceBytes: 64 * KiB,
    reason: 'nothing but the binary (certificates are part of the base)',
  },
  'scratch': {
    allowanceBytes: 300 * KiB,
    reason: 'the CA bundle copied from the builder (~217 KiB)',
  },
} satisfies { [runtime: string]: SizeBudget };

export type RuntimeName = keyof typeof SIZE_BUDGETS;
