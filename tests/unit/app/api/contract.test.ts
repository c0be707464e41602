import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PAYLOAD_SCHEMAS } from '../../../../app/api/schemas';
import { SIZER_CHANNELS, SIZER_METHODS, sizerRoute } from '../../../../app/api/sizer-api';
import { handlersFor } from '../../../../main/electron/ipc';
import { createSizerService } from '../../../../main/services/sizer-service';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

describe('the one contract', () => {
  const service = createSizerService({
    entryPoint: 'cli',
    appName: 'LLM Sizer',
    version: 'test',
    scan: () => Promise.resolve({ ok: false, error: { code: 'SCAN_FAILED', message: 'not in this test' } }),
    hardwareFile: null,
    reportsDir: '/nonexistent',
  });

  it('has its methods, each with a distinct IPC channel and HTTP route', () => {
    expect([...SIZER_METHODS].sort()).toEqual([
      'cancelLocalScan',
      'cancelMeasure',
      'findOllama',
      'getAppInfo',
      'getHardwareProfile',
      'getLocalScanProgress',
      'getMeasureProgress',
      'getSettings',
      'importBenchResults',
      'measureMachine',
      'measureRamBandwidth',
      'rescanHardware',
      'resetCalibration',
      'resetOverrides',
      'saveReport',
      'scanLocalModels',
      'setOverride',
      'showReportInFolder',
      'sizeGgufFile',
      'sizeHfRepo',
      'timeOllamaModels',
    ]);
    const channels = SIZER_METHODS.map((m) => SIZER_CHANNELS[m]);
    expect(new Set(channels).size).toBe(SIZER_METHODS.length);
    expect(new Set(SIZER_METHODS.map(sizerRoute)).size).toBe(SIZER_METHODS.length);
  });

  it('gives every method a service implementation, an IPC handler and a payload schema', () => {
    const handlers = handlersFor(service);
    for (const m of SIZER_METHODS) {
      expect(typeof service[m]).toBe('function');
      expect(typeof handlers[m]).toBe('function');
      expect(PAYLOAD_SCHEMAS[m]).toBeDefined();
    }
    expect(Object.keys(handlers).sort()).toEqual([...SIZER_METHODS].sort());
  });

  it('gives every method a preload bridge method on its own channel', async () => {
    const invoke = vi.fn(() => Promise.resolve({ ok: true, value: null }));
    const worlds: Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>> = {};
    vi.doMock('electron/renderer', () => ({
      ipcRenderer: { invoke },
      webUtils: { getPathForFile: () => '/dropped/file.gguf' },
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...a: unknown[]) => Promise<unknown>>) => (worlds[key] = api) },
    }));
    await import('../../../../main/preload/index');
    // window.sizer is exactly SizerApi; the only other global is the dropped-file helper (docs/decisions/0001)
    expect(Object.keys(worlds).sort()).toEqual(['sizer', 'sizerFiles']);
    expect(Object.keys(worlds['sizerFiles'] ?? {})).toEqual(['pathForFile']);
    const exposed = worlds['sizer'] ?? {};
    expect(Object.keys(exposed).sort()).toEqual([...SIZER_METHODS].sort());
    const sample: Partial<Record<(typeof SIZER_METHODS)[number], unknown>> = {
      saveReport: { format: 'json', contextTokens: 4096 },
      setOverride: { kind: 'memory', field: 'totalBytes', value: 1 },
      sizeGgufFile: '/models/x.gguf',
      measureMachine: { quick: true },
      importBenchResults: { fileName: 'bench.json', content: '[]' },
      sizeHfRepo: 'Qwen/Qwen3-8B-GGUF:Q4_K_M',
      showReportInFolder: '/reports/r.pdf',
    };
    for (const m of SIZER_METHODS) {
      const arg = sample[m];
      await (arg === undefined ? exposed[m]?.() : exposed[m]?.(arg));
      expect(invoke).toHaveBeenLastCalledWith(SIZER_CHANNELS[m], ...(arg === undefined ? [] : [arg]));
      // every argument the preload forwards is one the handler's schema accepts
      expect(PAYLOAD_SCHEMAS[m].safeParse(arg === undefined ? [] : [arg]).success, m).toBe(true);
    }
    vi.doUnmock('electron/renderer');
  });

  it('is what the renderer calls over HTTP: lib/sizer-api.ts builds one call per method from the same list', () => {
    const source = readFileSync(resolve(ROOT, 'renderer/lib/sizer-api.ts'), 'utf8');
    expect(source).toContain('SIZER_METHODS.map');
    expect(source).toContain('sizerRoute(method)');
  });
});
