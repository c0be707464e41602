import { describe, expect, it } from 'vitest';
import gpuTable from '../../../../resources/gpus.json';
import { GPU_SOURCED_FIELDS, gpuTableSchema } from '../../../../app/catalog/gpu-schema';
import { buildGpuIndex, matchGpu, normalizeGpuName } from '../../../../app/catalog/gpu-match';
import { gpuIndex } from '../../../../app/catalog/gpus';

describe('the GPU and chip table', () => {
  const parsed = gpuTableSchema.safeParse(gpuTable);

  it('passes the schema, with a source for every value', () => {
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 5)).toEqual([]);
  });

  const gpus = parsed.success ? parsed.data.gpus : [];

  it('has at least 200 entries', () => {
    expect(gpus.length).toBeGreaterThanOrEqual(200);
  });

  it('gives every non-null value a source URL', () => {
    for (const g of gpus) {
      for (const field of GPU_SOURCED_FIELDS) {
        const v = g[field];
        if (v === null || (Array.isArray(v) && v.length === 0)) continue;
        expect(g.sources[field]?.url, `${g.id}.${field}`).toMatch(/^https?:\/\//);
      }
    }
  });

  it('has no two entries claiming the same id, PCI id or normalized name', () => {
    const seen = new Map<string, string>();
    const clash: string[] = [];
    for (const g of gpus) {
      const keys = [`id:${g.id}`, ...g.pciDeviceIds.map((p) => `pci:${p}`), ...g.matchNames.map((n) => `name:${normalizeGpuName(n)}`)];
      for (const k of new Set(keys)) {
        const other = seen.get(k);
        if (other && other !== g.id) clash.push(`${k} in ${other} and ${g.id}`);
        seen.set(k, g.id);
      }
    }
    expect(clash).toEqual([]);
  });

  it('covers the parts people ask about', () => {
    const names = gpus.map((g) => g.name.toLowerCase()).join('\n');
    for (const n of ['rtx 4090', 'rtx 5090', 'rtx 3060', '4060 laptop', 'h200', 'h100', 'a100', 'l40s', 'rx 7900 xtx', 'mi300x', 'arc b580', 'm3 max', 'm4 max', 'm2 ultra', '8060s', 'snapdragon']) {
      expect(names, n).toContain(n);
    }
  });
});

describe('matchGpu', () => {
  const index = gpuIndex();

  it('matches names as drivers print them', () => {
    expect(matchGpu(index, 'NVIDIA GeForce RTX 4090')?.id).toBe('nvidia-geforce-rtx-4090');
    expect(matchGpu(index, 'AD102 [GeForce RTX 4090]')?.id).toBe('nvidia-geforce-rtx-4090');
    expect(matchGpu(index, 'NVIDIA H200')?.id).toBe('nvidia-h200-sxm-141gb');
    expect(matchGpu(index, 'AMD Radeon RX 7900 XTX')?.id).toBe('amd-radeon-rx-7900-xtx');
  });

  it('finds an entry by the display name the UI pickers show', () => {
    expect(matchGpu(index, 'Apple M2 Ultra (76-core GPU)')?.id).toBe('apple-m2-ultra-76-core-gpu');
    expect(matchGpu(index, 'NVIDIA GB10 (DGX Spark)')?.vendor).toBe('nvidia');
  });

  it('prefers the laptop entry for a laptop GPU', () => {
    expect(matchGpu(index, 'NVIDIA GeForce RTX 4060 Laptop GPU')?.id).toBe('nvidia-geforce-rtx-4060-laptop-gpu');
    expect(matchGpu(index, 'NVIDIA GeForce RTX 4060')?.id).toBe('nvidia-geforce-rtx-4060');
  });

  it('matches by PCI id first', () => {
    expect(matchGpu(index, 'Some OEM name', '10de:2684')?.id).toBe('nvidia-geforce-rtx-4090');
  });

  it('knows the 2026 Arc Pro B70 by the Windows driver name and, on Linux, by its PCI id (lspci names it only "Battlemage G31")', () => {
    expect(matchGpu(gpuIndex(), 'Intel(R) Arc(TM) Pro B70 Graphics')?.id).toBe('intel-arc-pro-b70');
    expect(matchGpu(gpuIndex(), 'Battlemage G31 [Intel Graphics]', '8086:e223')?.id).toBe('intel-arc-pro-b70');
    // The lspci name alone is shared by the B65 (e222), so it does not pick the B70.
    expect(matchGpu(gpuIndex(), 'Battlemage G31 [Intel Graphics]')).toBeNull();
  });

  it('leaves an unknown card unknown rather than guessing', () => {
    expect(matchGpu(index, 'NVIDIA GeForce RTX 9999')).toBeNull();
    expect(matchGpu(index, 'Matrox G200eW')).toBeNull();
    expect(matchGpu(buildGpuIndex([]), 'NVIDIA GeForce RTX 4090')).toBeNull();
  });
});

describe('names as drivers report them', () => {
  it('finds Turing Max-Q laptop GPUs by the "with Max-Q Design" name, not the desktop card', () => {
    const index = gpuIndex();
    expect(matchGpu(index, 'NVIDIA GeForce RTX 2080 with Max-Q Design')?.id).toBe('nvidia-geforce-rtx-2080-laptop-gpu');
    expect(matchGpu(index, 'NVIDIA GeForce GTX 1650 Ti with Max-Q Design')?.id).toBe('nvidia-geforce-gtx-1650-ti-laptop-gpu');
  });

  it('has an FP16 figure for every entry, so prompt speed is never blank for a known GPU', () => {
    expect(gpuIndex().all.filter((g) => g.fp16TensorTflops === null).map((g) => g.id)).toEqual([]);
  });
});
