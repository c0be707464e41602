import { formatBytes, formatSeconds, formatTokens, formatTokensPerSec } from '../format/units';
import { lineChart } from './line-chart';
import type { Chart } from './svg-node';
import type { SweepPoint } from './sweeps';

const GIB = 1024 ** 3;

/** Generation speed (tokens per second, context full) against context length. Example: `speedByContextChart(contextSweep(...), { markTokens: 8192 })`. */
export function speedByContextChart(points: readonly SweepPoint[], o: { readonly markTokens?: number; readonly minTokensPerSec?: number; readonly width?: number } = {}): Chart {
  return lineChart({
    title: 'Generation speed against context length',
    xLabel: 'context (tokens, filled)',
    yLabel: 'tok/s',
    series: [{ name: 'generation', points: points.map((p) => ({ x: p.tokens, y: p.estimate?.speed?.generationTokensPerSec.value ?? null })) }],
    formatX: formatTokens,
    formatY: (y) => `${formatTokensPerSec(y)} tok/s`,
    logX: true,
    ...(o.markTokens !== undefined ? { markX: o.markTokens } : {}),
    ...(o.minTokensPerSec !== undefined ? { limits: [{ y: o.minTokensPerSec, label: `minimum ${o.minTokensPerSec} tok/s` }] } : {}),
    ...(o.width !== undefined ? { width: o.width } : {}),
  });
}

/** Memory needed against context length, with the GPUs' memory as a limit line. */
export function memoryByContextChart(points: readonly SweepPoint[], o: { readonly markTokens?: number; readonly vramBytes?: number; readonly width?: number } = {}): Chart {
  return lineChart({
    title: 'Memory against context length',
    xLabel: 'context (tokens)',
    yLabel: 'GiB',
    series: [{ name: 'memory', points: points.map((p) => ({ x: p.tokens, y: p.estimate ? p.estimate.memory.totalBytes / GIB : null })) }],
    formatX: formatTokens,
    formatY: (y) => formatBytes(y * GIB),
    logX: true,
    ...(o.markTokens !== undefined ? { markX: o.markTokens } : {}),
    ...(o.vramBytes ? { limits: [{ y: o.vramBytes / GIB, label: `VRAM ${formatBytes(o.vramBytes)}` }] } : {}),
    ...(o.width !== undefined ? { width: o.width } : {}),
  });
}

/** Time to first token against prompt length. */
export function firstTokenByPromptChart(points: readonly SweepPoint[], o: { readonly markTokens?: number; readonly width?: number } = {}): Chart {
  return lineChart({
    title: 'Time to first token against prompt length',
    xLabel: 'prompt (tokens)',
    yLabel: 'seconds',
    series: [{ name: 'first token', points: points.map((p) => ({ x: p.tokens, y: p.estimate?.speed?.timeToFirstTokenSec?.value ?? null })) }],
    formatX: formatTokens,
    formatY: formatSeconds,
    logX: true,
    ...(o.markTokens !== undefined ? { markX: o.markTokens } : {}),
    ...(o.width !== undefined ? { width: o.width } : {}),
  });
}
