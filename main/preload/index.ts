import { contextBridge, ipcRenderer, webUtils } from 'electron/renderer';
import type { SizerApi } from '../../app/api/sizer-api';
import { SIZER_CHANNELS } from '../../app/api/sizer-api';

/**
 * Exposes exactly SizerApi to the sandboxed renderer, one bridge method per message: no generic invoke,
 * no ipcRenderer, no Node.
 */
export const sizerBridge: SizerApi = {
  getHardwareProfile: () => ipcRenderer.invoke(SIZER_CHANNELS.getHardwareProfile),
  rescanHardware: () => ipcRenderer.invoke(SIZER_CHANNELS.rescanHardware),
  measureRamBandwidth: () => ipcRenderer.invoke(SIZER_CHANNELS.measureRamBandwidth),
  getAppInfo: () => ipcRenderer.invoke(SIZER_CHANNELS.getAppInfo),
  saveReport: (request) => ipcRenderer.invoke(SIZER_CHANNELS.saveReport, request),
  showReportInFolder: (path) => ipcRenderer.invoke(SIZER_CHANNELS.showReportInFolder, path),
  getSettings: () => ipcRenderer.invoke(SIZER_CHANNELS.getSettings),
  setOverride: (change) => ipcRenderer.invoke(SIZER_CHANNELS.setOverride, change),
  resetOverrides: () => ipcRenderer.invoke(SIZER_CHANNELS.resetOverrides),
  scanLocalModels: () => ipcRenderer.invoke(SIZER_CHANNELS.scanLocalModels),
  getLocalScanProgress: () => ipcRenderer.invoke(SIZER_CHANNELS.getLocalScanProgress),
  cancelLocalScan: () => ipcRenderer.invoke(SIZER_CHANNELS.cancelLocalScan),
  sizeGgufFile: (path) => ipcRenderer.invoke(SIZER_CHANNELS.sizeGgufFile, path),
  measureMachine: (request) => ipcRenderer.invoke(SIZER_CHANNELS.measureMachine, request),
  getMeasureProgress: () => ipcRenderer.invoke(SIZER_CHANNELS.getMeasureProgress),
  cancelMeasure: () => ipcRenderer.invoke(SIZER_CHANNELS.cancelMeasure),
  importBenchResults: (request) => ipcRenderer.invoke(SIZER_CHANNELS.importBenchResults, request),
  findOllama: () => ipcRenderer.invoke(SIZER_CHANNELS.findOllama),
  timeOllamaModels: () => ipcRenderer.invoke(SIZER_CHANNELS.timeOllamaModels),
  resetCalibration: () => ipcRenderer.invoke(SIZER_CHANNELS.resetCalibration),
  sizeHfRepo: (repo) => ipcRenderer.invoke(SIZER_CHANNELS.sizeHfRepo, repo),
};

contextBridge.exposeInMainWorld('sizer', sizerBridge);

/**
 * The one addition to SizerApi: a sandboxed page cannot learn where a dropped file is, and SizerApi runs
 * in main, which never sees the File object. See docs/decisions/0001-dropped-file-path.md.
 */
export const sizerFiles = { pathForFile: (file: File): string => webUtils.getPathForFile(file) };
contextBridge.exposeInMainWorld('sizerFiles', sizerFiles);
