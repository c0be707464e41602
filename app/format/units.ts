/**
 * The one formatting policy for sizes and speeds. Memory is shown in GiB/MiB (binary, as llama.cpp,
 * nvidia-smi and operating systems report it) and labelled "GiB"/"MiB" so nobody confuses it with GB.
 */
const KIB = 1024;
const MIB = KIB * 1024;
const GIB = MIB * 1024;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const sign = bytes < 0 ? '-' : '';
  const b = Math.abs(bytes);
  if (b >= GIB) return `${sign}${(b / GIB).toFixed(1)} GiB`;
  if (b >= MIB) return `${sign}${(b / MIB).toFixed(0)} MiB`;
  if (b >= KIB) return `${sign}${(b / KIB).toFixed(0)} KiB`;
  return `${sign}${b.toFixed(0)} B`;
}

export function formatBandwidth(bytesPerSec: number): string {
  return `${(bytesPerSec / 1e9).toFixed(bytesPerSec >= 1e11 ? 0 : 1)} GB/s`;
}

export function formatTokensPerSec(tps: number): string {
  if (!Number.isFinite(tps)) return '—';
  if (tps >= 100) return tps.toFixed(0);
  if (tps >= 10) return tps.toFixed(1);
  return tps.toFixed(2);
}

/** Parameter counts as model names write them: 8.0B, 30.5B, 600M. */
export function formatParams(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)}B` : `${(n / 1e6).toFixed(0)}M`;
}

export function formatTokens(tokens: number): string {
  if (tokens >= 1024 && tokens % 1024 === 0) return `${tokens / 1024}K`;
  return String(tokens);
}

export function formatSeconds(sec: number): string {
  if (!Number.isFinite(sec)) return '—';
  if (sec < 1) return `${(sec * 1000).toFixed(0)} ms`;
  if (sec < 60) return `${sec.toFixed(1)} s`;
  return `${(sec / 60).toFixed(1)} min`;
}

export const UNITS = { KIB, MIB, GIB } as const;
