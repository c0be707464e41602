import type { IpcMainInvokeEvent } from 'electron/main';
import { err } from '../../app/api/result';
import type { Result } from '../../app/api/result';
import { PAYLOAD_SCHEMAS } from '../../app/api/schemas';
import { SIZER_CHANNELS, SIZER_METHODS } from '../../app/api/sizer-api';
import type { SizerApi, SizerMethod } from '../../app/api/sizer-api';

/** The part of ipcMain we use: injectable, so tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

/** A handler per method: a missing or mistyped one is a compile error. */
export type SizerHandlers = { readonly [K in SizerMethod]: (...args: Parameters<SizerApi[K]>) => ReturnType<SizerApi[K]> };

export function handlersFor(api: SizerApi): SizerHandlers {
  return {
    getHardwareProfile: () => api.getHardwareProfile(),
    rescanHardware: () => api.rescanHardware(),
    measureRamBandwidth: () => api.measureRamBandwidth(),
    getAppInfo: () => api.getAppInfo(),
    saveReport: (request) => api.saveReport(request),
    showReportInFolder: (path) => api.showReportInFolder(path),
    getSettings: () => api.getSettings(),
    setOverride: (change) => api.setOverride(change),
    resetOverrides: () => api.resetOverrides(),
    scanLocalModels: () => api.scanLocalModels(),
    getLocalScanProgress: () => api.getLocalScanProgress(),
    cancelLocalScan: () => api.cancelLocalScan(),
    sizeGgufFile: (path) => api.sizeGgufFile(path),
    measureMachine: (request) => api.measureMachine(request),
    getMeasureProgress: () => api.getMeasureProgress(),
    cancelMeasure: () => api.cancelMeasure(),
    importBenchResults: (request) => api.importBenchResults(request),
    findOllama: () => api.findOllama(),
    timeOllamaModels: () => api.timeOllamaModels(),
    resetCalibration: () => api.resetCalibration(),
    sizeHfRepo: (repo) => api.sizeHfRepo(repo),
  };
}

/**
 * Registers one IPC handler per SizerApi method. Each drops calls from any sender but our own window's
 * main frame, and parses its payload before the service sees it.
 */
export function registerIpcHandlers(ipc: IpcMainLike, handlers: SizerHandlers, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): void {
  for (const method of SIZER_METHODS) {
    ipc.handle(SIZER_CHANNELS[method], async (event, ...args): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) return err('FORBIDDEN', `Refused ${method}: the sender is not the LLM Sizer window.`);
      const parsed = PAYLOAD_SCHEMAS[method].safeParse(args);
      if (!parsed.success) return err('BAD_REQUEST', `Bad arguments for ${method}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const handler = handlers[method] as (...a: unknown[]) => Promise<Result<unknown>>;
      return handler(...(parsed.data as unknown[]));
    });
  }
}
