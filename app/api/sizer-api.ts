import type { HardwareProfile } from '../domain/hardware';
import type { HfRepoScan } from '../domain/hf-repo';
import type { LocalModel, LocalModelScan, LocalScanProgress } from '../domain/local-model';
import type { BenchImportRequest, MeasureOutcome, MeasureProgress, MeasureRunRequest, OllamaServer } from '../domain/measure';
import type { OverrideChange } from '../domain/overrides';
import type { AppInfo, SaveReportRequest, SaveReportResult, SettingsView } from '../domain/report';
import type { Result } from './result';

/**
 * The one contract. The Electron preload, the local web server and the CLI all expose exactly this,
 * backed by the one implementation in `main/services/`.
 */
export interface SizerApi {
  /** The current profile: the last scan (scanning once if none was made), or the loaded profile file. */
  getHardwareProfile(): Promise<Result<HardwareProfile>>;
  /** Scans again, ignoring any cached result. */
  rescanHardware(): Promise<Result<HardwareProfile>>;
  /**
   * Runs the RAM copy benchmark again now (after waiting for a quiet CPU; the median of three runs) and returns the
   * profile with the new figure, its time in the value's detail. An error for a profile loaded from a file or built
   * from a GPU name: there is no machine to measure.
   */
  measureRamBandwidth(): Promise<Result<HardwareProfile>>;
  getAppInfo(): Promise<Result<AppInfo>>;
  /** Renders a report from the current profile in main (never from renderer-made content) and writes it. */
  saveReport(request: SaveReportRequest): Promise<Result<SaveReportResult>>;
  /** Shows a report saved in this session in the file manager (desktop app only; elsewhere an error). */
  showReportInFolder(path: string): Promise<Result<boolean>>;
  /** The user's hardware corrections and where they are kept. */
  getSettings(): Promise<Result<SettingsView>>;
  /** Corrects one hardware value (or removes the correction); persists it; returns the corrected profile. */
  setOverride(change: OverrideChange): Promise<Result<HardwareProfile>>;
  /** Removes every correction; returns the profile as scanned. */
  resetOverrides(): Promise<Result<HardwareProfile>>;
  /** Finds and sizes the GGUF files in the usual model folders (LM Studio, Ollama, Hugging Face cache, ...). */
  scanLocalModels(): Promise<Result<LocalModelScan>>;
  /** How far the running model scan is. */
  getLocalScanProgress(): Promise<Result<LocalScanProgress>>;
  /** Stops the running model scan; it then returns what it found so far. */
  cancelLocalScan(): Promise<Result<boolean>>;
  /** Reads and sizes one GGUF file the user named or dropped on the window. */
  sizeGgufFile(path: string): Promise<Result<LocalModel>>;
  /** Measures this machine with real llama.cpp on synthetic models and saves the corrections (llm-sizer bench). */
  measureMachine(request: MeasureRunRequest): Promise<Result<MeasureOutcome>>;
  /** How far the running measurement is. */
  getMeasureProgress(): Promise<Result<MeasureProgress>>;
  /** Stops the running measurement; it then answers CANCELLED and leaves the stored corrections as they were. */
  cancelMeasure(): Promise<Result<boolean>>;
  /** Calibrates from llama-bench output the user picked (json, jsonl, csv or its Markdown table). */
  importBenchResults(request: BenchImportRequest): Promise<Result<MeasureOutcome>>;
  /** Whether an Ollama server answers on this machine (127.0.0.1:11434) and what it has installed; null if none. Times nothing. */
  findOllama(): Promise<Result<OllamaServer | null>>;
  /**
   * Times the models installed in that Ollama server through its own API (one prompt and 64 generated tokens each;
   * only when the user asks) and calibrates from them as an import does. Progress and cancel as measureMachine.
   */
  timeOllamaModels(): Promise<Result<MeasureOutcome>>;
  /** Forgets every measurement; returns the profile without them. */
  resetCalibration(): Promise<Result<HardwareProfile>>;
  /**
   * Sizes a live Hugging Face repository, `ORG/REPO[:QUANT][@REVISION]`: every GGUF model from its header
   * (HTTP range requests, never the weights), else its config.json; from the disk cache when offline.
   */
  sizeHfRepo(repo: string): Promise<Result<HfRepoScan>>;
}

export type SizerMethod = keyof SizerApi;

/** IPC channel and HTTP route for each method. A missing entry is a compile error. */
export const SIZER_CHANNELS: { readonly [K in SizerMethod]: string } = {
  getHardwareProfile: 'sizer:get-hardware-profile',
  rescanHardware: 'sizer:rescan-hardware',
  measureRamBandwidth: 'sizer:measure-ram-bandwidth',
  getAppInfo: 'sizer:get-app-info',
  saveReport: 'sizer:save-report',
  showReportInFolder: 'sizer:show-report-in-folder',
  getSettings: 'sizer:get-settings',
  setOverride: 'sizer:set-override',
  resetOverrides: 'sizer:reset-overrides',
  scanLocalModels: 'sizer:scan-local-models',
  getLocalScanProgress: 'sizer:get-local-scan-progress',
  cancelLocalScan: 'sizer:cancel-local-scan',
  sizeGgufFile: 'sizer:size-gguf-file',
  measureMachine: 'sizer:measure-machine',
  getMeasureProgress: 'sizer:get-measure-progress',
  cancelMeasure: 'sizer:cancel-measure',
  importBenchResults: 'sizer:import-bench-results',
  findOllama: 'sizer:find-ollama',
  timeOllamaModels: 'sizer:time-ollama-models',
  resetCalibration: 'sizer:reset-calibration',
  sizeHfRepo: 'sizer:size-hf-repo',
};

export const SIZER_METHODS = Object.keys(SIZER_CHANNELS) as readonly SizerMethod[];

/** The HTTP path of a method on the local web server. */
export function sizerRoute(method: SizerMethod): string {
  return `/api/${method}`;
}
