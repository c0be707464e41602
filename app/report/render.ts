import { formatBandwidth, formatBytes, formatTokens, formatTokensPerSec } from '../format/units';
import type { Estimate, FitKind } from '../domain/estimate';
import type { GpuDevice, HardwareProfile, Sourced } from '../domain/hardware';
import type { ReportFormat } from '../domain/report';
import type { ReportData } from './report-data';

export const FIT_LABELS: Readonly<Record<FitKind, string>> = {
  'full-gpu': 'Fits on GPU',
  partial: 'Partial offload',
  'cpu-only': 'CPU only',
  disk: 'Runs from disk (very slow)',
  none: 'Does not fit',
};

function src<T>(s: Sourced<T> | null, show: (v: T) => string): string {
  return s === null ? 'unknown' : `${show(s.value)} (${s.source})`;
}

function gpuLine(g: GpuDevice): string {
  const vram = src(g.vramTotalBytes, formatBytes);
  const free = g.vramFreeBytes ? `, free ${formatBytes(g.vramFreeBytes.value)}` : '';
  const bw = g.bandwidthBytesPerSec ? `, ${formatBandwidth(g.bandwidthBytesPerSec.value)} (${g.bandwidthBytesPerSec.source})` : '';
  const offload = g.usedForOffload ? '' : ' — not used for offload';
  return `${g.name.value}: ${vram}${free}${bw}${offload}`;
}

function speedText(e: Estimate): string {
  if (!e.speed) return '—';
  const g = e.speed.generationTokensPerSec;
  return `${formatTokensPerSec(g.value)} tok/s (${formatTokensPerSec(g.low)}–${formatTokensPerSec(g.high)})`;
}

function ppText(e: Estimate): string {
  if (!e.speed) return '—';
  return e.speed.promptTokensPerSec ? `${formatTokensPerSec(e.speed.promptTokensPerSec.value)} tok/s` : 'unknown';
}

function clockText(p: HardwareProfile): string {
  return p.cpu.clockHz ? ` at ${(p.cpu.clockHz.value / 1e9).toFixed(2)} GHz` : '';
}

function escapeMd(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function renderMarkdown(d: ReportData): string {
  const p = d.profile;
  const lines: string[] = [];
  lines.push(`# ${d.appName} report`, '');
  lines.push(`Generated ${d.generatedAt} by ${d.appName} ${d.appVersion}. Context ${formatTokens(d.options.contextTokens)} tokens, prompt ${formatTokens(d.options.promptTokens)} tokens, KV cache ${d.options.kvCacheType}, flash attention ${d.options.flashAttention ? 'on' : 'off'}, runtime ${d.options.runtime}${d.options.backend ? `, backend ${d.options.backend}` : ''}.`, '');
  lines.push('## Hardware', '');
  lines.push(`- Profile: ${escapeMd(p.label)} (captured ${p.capturedAt})`);
  lines.push(`- CPU: ${escapeMd(p.cpu.name.value)}, ${p.cpu.physicalCores.value} cores${clockText(p)}, ${p.cpu.isa.join(' ') || 'no SIMD flags read'}`);
  lines.push(`- RAM: ${src(p.memory.totalBytes, formatBytes)}, available ${formatBytes(p.memory.availableBytes.value)}, bandwidth ${src(p.memory.bandwidthBytesPerSec, formatBandwidth)}`);
  if (p.gpus.length === 0) lines.push('- GPU: none found (CPU-only inference)');
  for (const g of p.gpus) lines.push(`- GPU: ${escapeMd(gpuLine(g))}`);
  for (const w of p.warnings) lines.push(`- Warning: ${escapeMd(w)}`);
  lines.push('', '## Recommendations', '');
  lines.push('| Model | Quant | Fit | GPU layers | Memory | Generation | Prompt | llama.cpp |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const r of d.recommendations) {
    const e = r.best;
    if (!e) {
      lines.push(`| ${escapeMd(r.model.name)} | — | ${FIT_LABELS.none} | — | — | — | — | — |`);
      continue;
    }
    lines.push(
      `| ${escapeMd(r.model.name)} | ${e.quant} | ${FIT_LABELS[e.fit]} | ${Math.min(e.gpuLayers, e.totalLayers + 1)}/${e.totalLayers + 1} | ${formatBytes(e.memory.totalBytes)} | ${speedText(e)} | ${ppText(e)} | \`${escapeMd(e.launch.llamaCpp)}\` |`,
    );
  }
  if (d.localModels && d.localModels.length > 0) {
    lines.push('', '## Models on this disk', '');
    lines.push('| File | Quant | Fit | Memory | Generation | Path |');
    lines.push('|---|---|---|---|---|---|');
    for (const l of d.localModels) {
      const e = l.estimate;
      lines.push(
        `| ${escapeMd(l.name)} | ${l.quant ?? '—'} | ${e ? FIT_LABELS[e.fit] : escapeMd(l.error ?? '—')} | ${e ? formatBytes(e.memory.totalBytes) : '—'} | ${e ? speedText(e) : '—'} | \`${escapeMd(l.path)}\` |`,
      );
    }
  }
  lines.push('', 'Speeds are estimates with a low–high range; memory is in GiB (2^30 bytes). Sources of every value: docs/estimator.md.', '');
  return lines.join('\n');
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function renderHtml(d: ReportData): string {
  const p = d.profile;
  const rows = d.recommendations
    .map((r) => {
      const e = r.best;
      if (!e) return `<tr><td>${esc(r.model.name)}</td><td>—</td><td>${FIT_LABELS.none}</td><td>—</td><td>—</td><td>—</td><td>—</td></tr>`;
      return `<tr><td>${esc(r.model.name)}</td><td>${esc(e.quant)}</td><td>${FIT_LABELS[e.fit]}</td><td>${formatBytes(e.memory.totalBytes)}</td><td>${esc(speedText(e))}</td><td>${esc(ppText(e))}</td><td><code>${esc(e.launch.llamaCpp)}</code></td></tr>`;
    })
    .join('\n');
  const gpus = p.gpus.length === 0 ? '<li>GPU: none found (CPU-only inference)</li>' : p.gpus.map((g) => `<li>GPU: ${esc(gpuLine(g))}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(d.appName)} report</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:4px 8px;text-align:left}code{font-size:12px}</style>
</head><body>
<h1>${esc(d.appName)} report</h1>
<p>Generated ${esc(d.generatedAt)} by ${esc(d.appName)} ${esc(d.appVersion)}. Context ${formatTokens(d.options.contextTokens)} tokens, prompt ${formatTokens(d.options.promptTokens)} tokens, KV cache ${d.options.kvCacheType}, flash attention ${d.options.flashAttention ? 'on' : 'off'}, runtime ${d.options.runtime}${d.options.backend ? `, backend ${d.options.backend}` : ''}.</p>
<h2>Hardware</h2>
<ul><li>CPU: ${esc(p.cpu.name.value)}, ${p.cpu.physicalCores.value} cores${clockText(p)}</li>
<li>RAM: ${esc(src(p.memory.totalBytes, formatBytes))}, bandwidth ${esc(src(p.memory.bandwidthBytesPerSec, formatBandwidth))}</li>${gpus}</ul>
<h2>Recommendations</h2>
<table><thead><tr><th>Model</th><th>Quant</th><th>Fit</th><th>Memory</th><th>Generation</th><th>Prompt</th><th>llama.cpp</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${localHtml(d)}
<p>Time to first token for a ${d.options.promptTokens}-token prompt is in the JSON report. Memory in GiB (2^30 bytes).</p>
</body></html>
`;
}

function localHtml(d: ReportData): string {
  if (!d.localModels || d.localModels.length === 0) return '';
  const rows = d.localModels
    .map((l) => {
      const e = l.estimate;
      return `<tr><td>${esc(l.name)}</td><td>${esc(l.quant ?? '—')}</td><td>${e ? FIT_LABELS[e.fit] : esc(l.error ?? '—')}</td><td>${e ? formatBytes(e.memory.totalBytes) : '—'}</td><td>${e ? esc(speedText(e)) : '—'}</td><td><code>${esc(l.path)}</code></td></tr>`;
    })
    .join('\n');
  return `<h2>Models on this disk</h2>
<table><thead><tr><th>File</th><th>Quant</th><th>Fit</th><th>Memory</th><th>Generation</th><th>Path</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

export function renderJson(d: ReportData): string {
  return `${JSON.stringify(
    {
      app: { name: d.appName, version: d.appVersion },
      generatedAt: d.generatedAt,
      options: d.options,
      hardware: d.profile,
      recommendations: d.recommendations.map((r) => ({
        modelId: r.model.id,
        modelName: r.model.name,
        best: r.best,
      })),
      localModels: d.localModels ?? [],
    },
    null,
    2,
  )}\n`;
}

export function renderReport(format: ReportFormat, d: ReportData): string {
  switch (format) {
    case 'markdown':
      return renderMarkdown(d);
    case 'html':
      return renderHtml(d);
    case 'json':
      return renderJson(d);
  }
}

export const REPORT_EXTENSIONS: Readonly<Record<ReportFormat, string>> = { markdown: 'md', html: 'html', json: 'json' };
