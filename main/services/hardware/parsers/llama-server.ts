import type { GpuVendor } from '../../../../app/domain/hardware';
import { emptyObservation, type GpuObservation } from '../observations';

const MIB = 1024 * 1024;

/**
 * One device line: llama.cpp's common/arg.cpp prints, for each non-CPU backend device,
 * `printf("  %s: %s (%zu MiB, %zu MiB free)\n", name, description, total / 1024 / 1024, free / 1024 / 1024)`.
 * The description may itself hold parentheses, so the memory group is the last one on the line.
 */
const DEVICE_LINE = /^\s+([A-Za-z][A-Za-z0-9_-]*):\s+(.*\S)\s+\((\d+)\s+MiB,\s+(\d+)\s+MiB free\)\s*$/;

function vendorOf(device: string, description: string): GpuVendor | null {
  if (/^CUDA/i.test(device)) return 'nvidia';
  if (/^(ROCm|HIP)/i.test(device)) return 'amd';
  if (/^(MTL|Metal)/i.test(device)) return 'apple';
  if (/nvidia|geforce|quadro|tesla|\brtx\b/i.test(description)) return 'nvidia';
  if (/\bamd\b|radeon|instinct/i.test(description)) return 'amd';
  if (/intel|\barc\b|iris|uhd graphics/i.test(description)) return 'intel';
  if (/^apple\b/i.test(description)) return 'apple';
  if (/adreno|qualcomm/i.test(description)) return 'qualcomm';
  return null;
}

/**
 * Parses `llama-server --list-devices` (source 'llama-server'). Only lines after the "Available devices:"
 * header count, so the backend's own start-up log (`ggml_cuda_init: ... Device 0: ...`) is not read twice;
 * "  (none)" and garbage give []. Sizes are whole MiB (llama.cpp floors them), turned into bytes. `integrated`
 * stays null: Vulkan lists iGPUs too and this output does not say which is which.
 *
 * @example
 * parseLlamaServerDevices('Available devices:\n  CUDA0: NVIDIA GeForce RTX 4090 (24080 MiB, 23054 MiB free)\n')
 * // -> [{ source: 'llama-server', detail: 'llama-server --list-devices (CUDA0)', name: 'NVIDIA GeForce RTX 4090',
 * //       vendor: 'nvidia', vramTotalBytes: 25249710080, vramFreeBytes: 24173821952, ... }]
 */
export function parseLlamaServerDevices(text: string): GpuObservation[] {
  if (typeof text !== 'string') return [];
  const out: GpuObservation[] = [];
  let inList = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^Available devices:\s*$/.test(line.trim())) {
      inList = true;
      continue;
    }
    if (!inList) continue;
    const m = DEVICE_LINE.exec(line);
    if (!m?.[1] || !m[2] || !m[3] || !m[4]) continue;
    const totalMib = Number(m[3]);
    const freeMib = Number(m[4]);
    if (!Number.isSafeInteger(totalMib * MIB) || !Number.isSafeInteger(freeMib * MIB)) continue;
    const total = totalMib * MIB;
    const free = freeMib * MIB;
    out.push({
      ...emptyObservation('llama-server', `llama-server --list-devices (${m[1]})`),
      name: m[2],
      vendor: vendorOf(m[1], m[2]),
      vramTotalBytes: total > 0 ? total : null,
      vramFreeBytes: total > 0 && free <= total ? free : null,
      vramUsedBytes: total > 0 && free <= total ? total - free : null,
    });
  }
  return out;
}
