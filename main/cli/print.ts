import { formatBandwidth, formatBytes, formatSeconds, formatTokens, formatTokensPerSec } from '../../app/format/units';
import type { Estimate } from '../../app/domain/estimate';
import type { HardwareProfile, Sourced } from '../../app/domain/hardware';
import { FIT_LABELS } from '../../app/report/render';

function src<T>(s: Sourced<T> | null, show: (v: T) => string): string {
  return s === null ? 'unknown' : `${show(s.value)}  [${s.source}${s.detail ? `: ${s.detail}` : ''}]`;
}

export function printProfile(p: HardwareProfile): string {
  const lines = [
    `${p.label} (${p.os.platform} ${p.os.release} ${p.os.arch}${p.os.virtual ? ', virtual machine' : ''})`,
    `CPU     ${src(p.cpu.name, String)}, ${p.cpu.physicalCores.value} cores / ${p.cpu.logicalCores.value} threads, ${p.cpu.clockHz ? `${(p.cpu.clockHz.value / 1e9).toFixed(2)} GHz base (${p.cpu.clockHz.source})` : 'clock unknown (2.5 GHz assumed)'}, ${p.cpu.isa.join(' ') || 'no SIMD flags'}`,
    `RAM     ${src(p.memory.totalBytes, formatBytes)}, available ${formatBytes(p.memory.availableBytes.value)}`,
    `        bandwidth ${src(p.memory.bandwidthBytesPerSec, formatBandwidth)}`,
  ];
  if (p.gpus.length === 0) lines.push('GPU     none found: models run on the CPU');
  for (const g of p.gpus) {
    lines.push(`GPU     ${src(g.name, String)} (${g.vendor}, ${g.kind}${g.usedForOffload ? '' : ', not used for offload'})`);
    lines.push(`        VRAM ${src(g.vramTotalBytes, formatBytes)}, free ${src(g.vramFreeBytes, formatBytes)}`);
    lines.push(`        bandwidth ${src(g.bandwidthBytesPerSec, formatBandwidth)}; table entry ${g.specId ?? 'none (unknown card)'}`);
  }
  for (const w of p.warnings) lines.push(`Warning ${w}`);
  return `${lines.join('\n')}\n`;
}

export function printEstimate(e: Estimate): string {
  const m = e.memory;
  const lines = [
    `${e.modelName} ${e.quant} at ${formatTokens(e.contextTokens)} context: ${FIT_LABELS[e.fit]}`,
    `  GPU layers   ${Math.min(e.gpuLayers, e.totalLayers + 1)} of ${e.totalLayers + 1}${e.cpuMoeLayers > 0 ? `, experts of ${e.cpuMoeLayers} layers on the CPU` : ''}`,
    `  Memory       weights ${formatBytes(m.weightsBytes)}, KV cache ${formatBytes(m.kvCacheBytes)}, compute ${formatBytes(m.computeBytes)}, overhead ${formatBytes(m.overheadBytes)}${m.visionBytes > 0 ? `, vision ${formatBytes(m.visionBytes)}` : ''}`,
    `               total ${formatBytes(m.totalBytes)}: GPU ${formatBytes(m.gpuBytes)}, CPU RAM ${formatBytes(m.cpuBytes)}; headroom ${formatBytes(m.headroomBytes)}`,
  ];
  if (e.speed) {
    const g = e.speed.generationTokensPerSec;
    const p = e.speed.promptTokensPerSec;
    lines.push(`  Generation   ${formatTokensPerSec(g.value)} tok/s (${formatTokensPerSec(g.low)}–${formatTokensPerSec(g.high)}), bound by ${e.speed.boundBy}`);
    const ttft = e.speed.timeToFirstTokenSec;
    lines.push(
      p && ttft
        ? `  Prompt       ${formatTokensPerSec(p.value)} tok/s (${formatTokensPerSec(p.low)}–${formatTokensPerSec(p.high)}); first token after ${formatSeconds(ttft.value)}`
        : '  Prompt       unknown: the GPU table has no FP16 figure for this GPU (set it in the hardware card)',
    );
  }
  // MLX weights run in mlx-lm, whose command takes the llama.cpp line's place.
  lines.push(`  ${e.quant.startsWith('MLX_') ? 'mlx-lm   ' : 'llama.cpp'}    ${e.launch.llamaCpp}`, `  Ollama       ${e.launch.ollama}`, `  LM Studio    ${e.launch.lmStudio}`);
  for (const n of e.notes) lines.push(`  Note: ${n}`);
  return `${lines.join('\n')}\n`;
}
