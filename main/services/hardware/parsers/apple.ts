import { emptyObservation, type AppleObservation, type GpuObservation } from '../observations';

/** What `sysctl machdep.cpu.brand_string hw.memsize iogpu.wired_limit_mb` printed. */
export interface AppleSysctl {
  /** "Apple M3 Max"; an Intel Mac prints "Intel(R) Core(TM) i9-9880H CPU @ 2.30GHz". */
  readonly brand: string | null;
  readonly memsizeBytes: number | null;
  /** null when the oid is missing (before macOS 14) or unreadable; 0 means "no override". */
  readonly wiredLimitMb: number | null;
}

/** One GPU entry of `system_profiler SPDisplaysDataType -json`. */
export interface SpDisplayGpu {
  /** sppci_model, e.g. "Apple M3 Max". */
  readonly model: string;
  /** sppci_cores (a string in the JSON), as a number. */
  readonly cores: number | null;
  /** spdisplays_vendor, e.g. "sppci_vendor_Apple". */
  readonly vendor: string | null;
}

function nonNegativeInt(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Reads `sysctl machdep.cpu.brand_string hw.memsize iogpu.wired_limit_mb` ("name: value" lines). Lines it
 * does not know, such as `sysctl: unknown oid 'iogpu.wired_limit_mb'`, are ignored.
 *
 * @example
 * parseAppleSysctl('machdep.cpu.brand_string: Apple M3 Max\nhw.memsize: 137438953472\niogpu.wired_limit_mb: 0\n')
 * // -> { brand: 'Apple M3 Max', memsizeBytes: 137438953472, wiredLimitMb: 0 }
 */
export function parseAppleSysctl(text: string): AppleSysctl {
  let brand: string | null = null;
  let memsizeBytes: number | null = null;
  let wiredLimitMb: number | null = null;
  if (typeof text === 'string') {
    for (const line of text.split(/\r?\n/)) {
      const m = /^\s*([a-z0-9_.]+)\s*[:=]\s*(.*?)\s*$/i.exec(line);
      if (!m?.[1]) continue;
      const value = m[2] ?? '';
      if (m[1] === 'machdep.cpu.brand_string' && value !== '') brand = value;
      else if (m[1] === 'hw.memsize') memsizeBytes = nonNegativeInt(value);
      else if (m[1] === 'iogpu.wired_limit_mb') wiredLimitMb = nonNegativeInt(value);
    }
  }
  return { brand, memsizeBytes: memsizeBytes === 0 ? null : memsizeBytes, wiredLimitMb };
}

/**
 * Reads the GPU entries of `system_profiler SPDisplaysDataType -json`. Bad JSON or another shape gives [].
 *
 * @example
 * parseSystemProfilerDisplays('{"SPDisplaysDataType":[{"sppci_model":"Apple M3 Max","sppci_cores":"40"}]}')
 * // -> [{ model: 'Apple M3 Max', cores: 40, vendor: null }]
 */
export function parseSystemProfilerDisplays(json: string): SpDisplayGpu[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof json === 'string' ? json : '');
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const list = (parsed as Record<string, unknown>)['SPDisplaysDataType'];
  if (!Array.isArray(list)) return [];
  const out: SpDisplayGpu[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const r = item as Record<string, unknown>;
    const model = typeof r['sppci_model'] === 'string' ? r['sppci_model'].trim() : '';
    if (model === '') continue;
    const coresRaw = r['sppci_cores'];
    const cores = typeof coresRaw === 'number' ? (Number.isSafeInteger(coresRaw) && coresRaw > 0 ? coresRaw : null) : nonNegativeInt(typeof coresRaw === 'string' ? coresRaw : undefined);
    out.push({ model, cores: cores === 0 ? null : cores, vendor: typeof r['spdisplays_vendor'] === 'string' ? r['spdisplays_vendor'] : null });
  }
  return out;
}

const APPLE_SILICON = /^Apple M\d/;

/**
 * Combines sysctl and system_profiler into the Apple Silicon facts, or null on an Intel Mac, without a RAM
 * size, or on garbage. The GPU core count comes from the system_profiler entry whose model is the chip
 * (the M-series GPU is part of the SoC, so its name is the chip name).
 *
 * @example
 * appleObservation('machdep.cpu.brand_string: Apple M3 Max\nhw.memsize: 137438953472\n',
 *   '{"SPDisplaysDataType":[{"sppci_model":"Apple M3 Max","sppci_cores":"40"}]}')
 * // -> { detail: 'sysctl + system_profiler SPDisplaysDataType', chip: 'Apple M3 Max', gpuCores: 40,
 * //      ramBytes: 137438953472, wiredLimitMb: null }
 */
export function appleObservation(sysctlText: string, spJson: string): AppleObservation | null {
  const s = parseAppleSysctl(sysctlText);
  if (s.brand === null || !APPLE_SILICON.test(s.brand) || s.memsizeBytes === null) return null;
  const gpus = parseSystemProfilerDisplays(spJson);
  const gpu = gpus.find((g) => g.model === s.brand) ?? gpus.find((g) => APPLE_SILICON.test(g.model));
  return {
    detail: 'sysctl + system_profiler SPDisplaysDataType',
    chip: s.brand,
    gpuCores: gpu?.cores ?? null,
    ramBytes: s.memsizeBytes,
    wiredLimitMb: s.wiredLimitMb,
  };
}

/**
 * The Apple Silicon GPU as an observation (source 'system_profiler'): vendor 'apple', named after the chip,
 * with its core count; VRAM stays null (unified memory is system RAM: never count it twice) and `integrated`
 * null (it is neither an iGPU beside a discrete card nor a discrete card; the merger makes it 'unified').
 *
 * @example
 * appleGpuObservation(sysctlText, spJson) // -> { vendor: 'apple', name: 'Apple M3 Max', gpuCores: 40, ... } | null
 */
export function appleGpuObservation(sysctlText: string, spJson: string): GpuObservation | null {
  const apple = appleObservation(sysctlText, spJson);
  if (apple === null) return null;
  return {
    ...emptyObservation('system_profiler', apple.detail),
    name: apple.chip,
    vendor: 'apple',
    gpuCores: apple.gpuCores,
  };
}
