const GIB = 1024 ** 3;

/**
 * How much unified memory Metal lets the GPU wire (recommendedMaxWorkingSetSize) when the user has not
 * set `iogpu.wired_limit_mb`: about 2/3 of RAM up to 32 GB, about 3/4 at 64 GB and about 84 % at
 * 128 GB on recent macOS (../shared/notes/hardware-detection.md; docs/research/runtime-facts.md 5),
 * linear in between. A non-zero wired limit replaces the default.
 */
export function appleGpuBudgetBytes(ramBytes: number, wiredLimitMb: number | null): number {
  if (wiredLimitMb !== null && wiredLimitMb > 0) return Math.min(ramBytes, wiredLimitMb * 1024 * 1024);
  const gib = ramBytes / GIB;
  let fraction: number;
  if (gib <= 32) fraction = 2 / 3;
  else if (gib <= 64) fraction = 2 / 3 + ((gib - 32) / 32) * (0.75 - 2 / 3);
  else if (gib <= 128) fraction = 0.75 + ((gib - 64) / 64) * (0.84 - 0.75);
  else fraction = 0.84;
  return Math.floor(ramBytes * fraction);
}
