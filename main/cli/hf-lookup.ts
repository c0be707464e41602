import type { Result } from '../../app/api/result';
import type { LaunchSettings } from '../../app/domain/estimate';
import { parseHfRef } from '../../app/domain/hf-repo';
import type { HfGgufModel, HfRepoRef, HfRepoScan } from '../../app/domain/hf-repo';
import { formatBytes } from '../../app/format/units';
import { hfSettingsFromEnv } from '../services/hf/hf-env';
import { inspectHfRepo } from '../services/hf/hf-repo';
import { UsageError } from './args';
import type { CliIo } from './command';

/** Parses `ORG/REPO[:QUANT][@REV]` for --hf, or throws a usage error (exit 2). */
export function hfRefFromFlag(text: string): HfRepoRef {
  const r = parseHfRef(text);
  if (!r.ok) throw new UsageError(`--hf: ${r.error.message}`);
  return r.value;
}

/** Looks a repository up with the settings of the environment (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE...). */
export async function lookUpHf(ref: HfRepoRef): Promise<Result<HfRepoScan>> {
  return inspectHfRepo(ref, { settings: await hfSettingsFromEnv(process.env) });
}

/** Where the answer came from, said on standard error: always when it came from the cache. */
export function printHfSource(scan: HfRepoScan, io: CliIo): void {
  const commit = scan.commit ? ` at ${scan.commit.slice(0, 10)}` : '';
  if (scan.source === 'cache') {
    io.err(`Note: ${scan.repo}${commit} answered from the cache saved ${scan.cachedAt ?? '(unknown time)'}: the network is off (${scan.offlineReason ?? 'unknown reason'}).\n`);
  }
  for (const n of scan.notes) io.err(`Note: ${n}\n`);
}

/**
 * The launch lines for a file of a Hub repository: llama.cpp and Ollama fetch it by name
 * (`llama-server -hf ORG/REPO:QUANT`, `ollama run hf.co/ORG/REPO:QUANT`); LM Studio loads the file it downloaded.
 */
export function hfLaunch(launch: LaunchSettings, repo: string, quant: string, file: string): LaunchSettings {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return {
    llamaCpp: launch.llamaCpp.replace(/-m \S+/, `-hf ${repo}:${quant}`),
    ollama: launch.ollama.replace(/ollama run hf\.co\/.*?:[^,\s]+/, `ollama run hf.co/${repo}:${quant}`),
    lmStudio: launch.lmStudio.replace(/lms load \S+/, `lms load ${name}`),
  };
}

/** Exit code for a failed look-up: 2 for a repository or revision that does not exist, else 1. */
export function hfFailureCode(code: string): number {
  return code === 'NOT_FOUND' || code === 'BAD_REQUEST' ? 2 : 1;
}

/** One line per GGUF model: quant, file size, exact weights, parameters, projector, header bytes read. */
export function printHfModels(scan: HfRepoScan): string {
  const lines: string[] = [];
  const width = Math.max(10, ...scan.gguf.map((g) => g.file.length));
  for (const g of scan.gguf) lines.push(hfModelLine(g, width));
  if (scan.config) {
    const c = scan.config;
    lines.push(`config.json  ${c.modelType}, ${c.architecture.layers} layers, hidden ${c.architecture.hiddenSize}, context ${c.nativeContextTokens}; safetensors ${formatBytes(c.safetensorsBytes)} (estimate at any --quant)`);
  }
  if (scan.configError) lines.push(`config.json  error: ${scan.configError.message}`);
  const read = `${formatBytes(scan.bytesRead)} read`;
  lines.push(`${scan.gguf.length} GGUF models in ${scan.repo} (${scan.fileCount} files${scan.commit ? `, commit ${scan.commit.slice(0, 10)}` : ''}; ${read}${scan.source === 'cache' ? ', from the cache' : ''})`);
  if (scan.otherQuants.length > 0) lines.push(`Not read (other quantizations): ${scan.otherQuants.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function hfModelLine(g: HfGgufModel, width: number): string {
  const name = g.file.padEnd(width);
  if (!g.model) return `${name}  error: ${g.error?.message ?? 'unreadable'}`;
  const m = g.model;
  const params = m.parameters.total === m.parameters.active ? `${(m.parameters.total / 1e9).toFixed(2)}B` : `${(m.parameters.total / 1e9).toFixed(2)}B (${(m.parameters.active / 1e9).toFixed(2)}B active)`;
  const parts = g.parts.length > 1 ? `, ${g.parts.length} parts` : '';
  const vision = g.mmproj ? `, + vision ${formatBytes(g.mmproj.bytes)}` : '';
  return `${name}  ${m.quantLabel.padEnd(8)} file ${formatBytes(g.fileBytes).padEnd(10)} weights ${formatBytes(m.weights.totalBytes).padEnd(10)} ${params}${parts}${vision}; header ${formatBytes(g.headerBytesRead)} read`;
}
