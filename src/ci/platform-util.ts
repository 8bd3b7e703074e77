/** The platform GitHub-hosted `ubuntu-latest` and most GitLab runners have without emulation. */
export const NATIVE_PLATFORM = 'linux/amd64';

/** `linux/arm/v7` → `linux-arm-v7`, for cache scopes and artifact names. */
export function platformSlug(platform: string): string {
  return platform.replace(/\//g, '-');
}

/** Whether building these platforms needs QEMU emulation on an amd64 runner. */
export function needsEmulation(platforms: string[]): boolean {
  return platforms.some((p) => p !== NATIVE_PLATFORM);
}
