import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { err, errorMessage, ok } from '../../app/api/result';
import type { Result } from '../../app/api/result';
import type { SizerApi } from '../../app/api/sizer-api';
import { builtInCatalog } from '../../app/catalog/models';
import { gpuIndex } from '../../app/catalog/gpus';
import { llamaCppFp16Flops } from '../../app/catalog/gpu-compute';
import type { HardwareProfile } from '../../app/domain/hardware';
import { NO_OVERRIDES, applyOverrides, changeOverrides } from '../../app/domain/overrides';
import type { HardwareOverrides, SpecFacts } from '../../app/domain/overrides';
import type { AppInfo, SaveReportRequest, SaveReportResult } from '../../app/domain/report';
import { reportOptions } from '../../app/report/build-data';
import { removeStaleTemporaryFilesIn, writeFileAtomic } from './atomic-write';
import { renderReportFile as renderReport } from './report-file';
import type { PdfRenderer, RenderedReport, ReportFileDeps } from './report-file';
import type { LocalModel } from '../../app/domain/local-model';
import { estimateGguf } from '../../app/estimator/local-estimate';
import { LocalModelScanner } from './local-models/local-models';
import { MemorySettings } from './settings-store';
import type { LoadedSettings, SettingsStorage } from './settings-store';
import type { CalibrationStore } from './measure/calibration-store';
import { createMeasureService } from './measure/measure-service';
import type { MeasureServiceDeps } from './measure/measure-service';
import { ollamaUrlFromEnv } from './measure/ollama-timing';
import { parseHfRef } from '../../app/domain/hf-repo';
import type { HfRepoRef, HfRepoScan } from '../../app/domain/hf-repo';
import { hfSettingsFromEnv } from './hf/hf-env';
import { inspectHfRepo } from './hf/hf-repo';
import type { RamReading } from './hardware/measure-now';

export interface ServiceDeps {
  readonly entryPoint: AppInfo['entryPoint'];
  readonly appName: string;
  readonly version: string;
  /** Produces the profile: a live scan, or a saved profile file. */
  readonly scan: () => Promise<Result<HardwareProfile>>;
  readonly hardwareFile: string | null;
  readonly reportsDir: string;
  /** Asks the user where to save (Electron's dialog); null = cancelled. Without it, reports go to reportsDir. */
  readonly chooseReportPath?: (suggestedName: string) => Promise<string | null>;
  readonly now?: () => Date;
  /** Writes a finished report; the default writes the file atomically (the CLI's `--out -` prints it instead). */
  readonly writeReport?: (path: string, content: string | Uint8Array) => Promise<void>;
  /** Reveals a saved report in the file manager (Electron's shell); absent: not offered. */
  readonly showInFolder?: (path: string) => void;
  /** The zone report dates are shown in when the request names none (default: this process's). */
  readonly timeZone?: () => string;
  /** The user's home folder, user name and host name, kept out of reports (default: this process's). */
  readonly privateFacts?: ReportFileDeps['privateFacts'];
  /** Draws PDFs (default pdfkit; the desktop app prints its HTML with Chromium). */
  readonly renderPdf?: PdfRenderer;
  /** Where hardware corrections persist; without it they last for this run only. */
  readonly settings?: SettingsStorage;
  /** Finds GGUF files on disk; the default looks in the usual folders of this machine. */
  readonly localModels?: LocalModelScanner;
  /** Where this machine's llama.cpp measurements persist (llm-sizer bench); without it they are not kept. */
  readonly calibration?: CalibrationStore;
  /** Test seams for measuring (child launcher, temp folder, module name). */
  readonly measure?: MeasureServiceDeps['measure'];
  /** Looks up a live Hugging Face repository; the default reads HF_ENDPOINT, HF_TOKEN... from the environment. */
  readonly hfRepo?: (ref: HfRepoRef) => Promise<Result<HfRepoScan>>;
  /** Measures this machine's RAM bandwidth now (bytes/s); absent where the profile is not this machine's. */
  readonly measureRam?: () => Promise<Result<RamReading>>;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** The GPU table facts a user's "pick from the table" correction brings. */
export function specFacts(id: string): SpecFacts | null {
  const spec = gpuIndex().byId.get(id);
  if (!spec) return null;
  return { id: spec.id, name: spec.name, bandwidthBytesPerSec: spec.bandwidthGBps * 1e9, fp16FlopsPerSec: llamaCppFp16Flops(spec)?.flopsPerSec ?? null };
}

/** The one implementation of SizerApi, shared by the Electron window, the web server and the CLI. */
/** SizerApi plus what the web server's download route needs: the rendered report without writing it. */
export interface SizerService extends SizerApi {
  renderReportFile(request: SaveReportRequest): Promise<Result<RenderedReport>>;
}

export function createSizerService(deps: ServiceDeps): SizerService {
  let current: Promise<Result<HardwareProfile>> | null = null;
  const now = deps.now ?? (() => new Date());
  const localModels = deps.localModels ?? new LocalModelScanner();
  /** GGUF files found or sized in this session: the report lists them too. */
  const seenLocal = new Map<string, LocalModel>();
  const remember = (models: readonly LocalModel[]) => {
    for (const m of models) seenLocal.set(m.path, m);
  };
  const store: SettingsStorage = deps.settings ?? new MemorySettings();
  /** The last acknowledged corrections (loaded once, then replaced by each saved update, in order). */
  let overrides: HardwareOverrides | null = null;
  let loaded: Promise<LoadedSettings> | null = null;
  const loadSettings = (): Promise<LoadedSettings> => {
    loaded ??= store.load();
    return loaded;
  };
  const currentOverrides = async (): Promise<HardwareOverrides> => overrides ?? (await loadSettings()).overrides;

  const runScan = (): Promise<Result<HardwareProfile>> =>
    deps.scan().catch((e: unknown) => err<HardwareProfile>('SCAN_FAILED', `The hardware scan failed: ${errorMessage(e)}`));

  /** The scanned profile with the user's corrections applied (no measurements). */
  const correctedProfile = async (): Promise<Result<HardwareProfile>> => {
    current ??= runScan();
    const scanned = await current;
    if (!scanned.ok) return scanned;
    return ok(applyOverrides(scanned.value, await currentOverrides(), specFacts));
  };
  const measuring = createMeasureService({
    profile: correctedProfile,
    store: deps.calibration ?? null,
    hardwareFile: deps.hardwareFile,
    now,
    ...(deps.measure ? { measure: deps.measure } : {}),
    ollamaUrl: ollamaUrlFromEnv(process.env),
  });
  /** The scanned profile with the user's corrections and this machine's measurements applied. */
  const getHardwareProfile = async (): Promise<Result<HardwareProfile>> => {
    const p = await correctedProfile();
    return p.ok ? ok(await measuring.withCalibration(p.value)) : p;
  };

  /** Every change goes through the store's serialized update: each applies to the state the previous one saved. */
  const change = async (fn: (o: HardwareOverrides) => HardwareOverrides): Promise<Result<HardwareProfile>> => {
    await loadSettings();
    const saved = await store.update((s) => ({ ...s, overrides: fn(s.overrides) }));
    if (!saved.ok) return saved;
    overrides = saved.value.overrides;
    return getHardwareProfile();
  };

  /** Reports written in this session: the only paths showReportInFolder reveals. */
  const savedReports = new Set<string>();
  const renderReportFile = async (request: SaveReportRequest): Promise<Result<RenderedReport>> => {
    const profile = await getHardwareProfile();
    if (!profile.ok) return profile;
    const options = reportOptions(request);
    const localLines = [...seenLocal.values()].map((m) => {
      if (!m.model) return { name: m.displayName, path: m.path, quant: null, estimate: null, error: m.error?.message ?? 'unreadable' };
      const e = estimateGguf(profile.value, m.model, m.path, options);
      return { name: m.displayName, path: m.path, quant: m.model.quantLabel, estimate: e.ok ? e.value : null, error: e.ok ? null : e.error.message };
    });
    try {
      return ok(
        await renderReport(profile.value, request, localLines, {
          appName: deps.appName,
          version: deps.version,
          now,
          ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
          ...(deps.privateFacts ? { privateFacts: deps.privateFacts } : {}),
          ...(deps.renderPdf ? { renderPdf: deps.renderPdf } : {}),
        }),
      );
    } catch (e) {
      return err('INTERNAL', `Could not render the report: ${errorMessage(e)}`);
    }
  };

  /** Paths handed out in this run: two reports made in the same millisecond get two files, not one. */
  const reportPaths = new Set<string>();
  let reportsCleaned: Promise<number> | null = null;
  const newReportPath = async (base: string, extension: string): Promise<string> => {
    // the temporary files of exports killed in an earlier run go at this run's first export
    reportsCleaned ??= removeStaleTemporaryFilesIn(deps.reportsDir);
    await reportsCleaned;
    for (let n = 1; n < 10_000; n++) {
      const path = join(deps.reportsDir, n === 1 ? `${base}.${extension}` : `${base}-${n}.${extension}`);
      if (reportPaths.has(path)) continue;
      // reserved before the await, so a parallel export cannot pick the same name meanwhile
      reportPaths.add(path);
      if (!(await exists(path))) return path;
    }
    throw new Error(`${deps.reportsDir} already holds 10,000 reports named ${base}`);
  };

  return {
    getHardwareProfile,
    measureMachine: measuring.measureMachine,
    getMeasureProgress: measuring.getMeasureProgress,
    cancelMeasure: measuring.cancelMeasure,
    importBenchResults: measuring.importBenchResults,
    findOllama: measuring.findOllama,
    timeOllamaModels: measuring.timeOllamaModels,
    resetCalibration: measuring.resetCalibration,
    rescanHardware: () => {
      current = runScan();
      return getHardwareProfile();
    },
    measureRamBandwidth: async () => {
      if (!deps.measureRam) return err('BAD_REQUEST', 'This profile is not of this machine (a file or a GPU name): there is no RAM here to measure.');
      current ??= runScan();
      const scanned = await current;
      if (!scanned.ok) return scanned;
      const measured = await deps.measureRam();
      if (!measured.ok) return measured;
      const at = now().toISOString().replace('T', ' ').slice(0, 16);
      const r = measured.value;
      const detail = `copy benchmark, median of 3 runs, measured ${at} UTC${r.quiet ? '' : ` while the CPU was ${Math.round(r.busy * 100)} % busy (may read low)`}`;
      const memory = { ...scanned.value.memory, bandwidthBytesPerSec: { value: r.bytesPerSec, source: 'measured' as const, confidence: r.quiet ? ('medium' as const) : ('low' as const), detail } };
      // The old reading's warnings (timed out, busy machine) no longer apply.
      const warnings = scanned.value.warnings.filter((w) => !/RAM (bandwidth|benchmark)/i.test(w));
      current = Promise.resolve(ok({ ...scanned.value, memory, warnings }));
      return getHardwareProfile();
    },
    getSettings: async () => {
      const settings = await loadSettings();
      return ok({ overrides: await currentOverrides(), path: store.path, notice: settings.notice });
    },
    setOverride: async (request) => {
      if (request.kind === 'gpuSpec' && request.specId !== null && !gpuIndex().byId.has(request.specId))
        return err('UNKNOWN_GPU', `"${request.specId}" is not in the GPU table.`);
      return change((o) => changeOverrides(o, request));
    },
    resetOverrides: () => change(() => NO_OVERRIDES),
    scanLocalModels: async () => {
      const r = await localModels.scan();
      if (r.ok) remember(r.value.models);
      return r;
    },
    getLocalScanProgress: () => Promise.resolve(ok(localModels.progress())),
    cancelLocalScan: () => Promise.resolve(ok(localModels.cancel())),
    sizeGgufFile: async (path) => {
      const r = await localModels.sizeFile(path);
      if (r.ok) remember([r.value]);
      return r;
    },
    sizeHfRepo: async (text) => {
      const ref = parseHfRef(text);
      if (!ref.ok) return ref;
      if (deps.hfRepo) return deps.hfRepo(ref.value);
      return inspectHfRepo(ref.value, { settings: await hfSettingsFromEnv(process.env) });
    },
    getAppInfo: () =>
      Promise.resolve(
        ok({
          name: deps.appName,
          version: deps.version,
          entryPoint: deps.entryPoint,
          reportsDir: deps.reportsDir,
          hardwareFromFile: deps.hardwareFile,
          modelCount: builtInCatalog().models.length,
        }),
      ),
    saveReport: async (request: SaveReportRequest): Promise<Result<SaveReportResult>> => {
      const rendered = await renderReportFile(request);
      if (!rendered.ok) return rendered;
      const { name, content } = rendered.value;
      const dot = name.lastIndexOf('.');
      const base = name.slice(0, dot);
      const extension = name.slice(dot + 1);
      let path: string | null;
      try {
        path = deps.chooseReportPath ? await deps.chooseReportPath(name) : await newReportPath(base, extension);
      } catch (e) {
        return err('WRITE_FAILED', `Could not choose where to save: ${errorMessage(e)}`);
      }
      if (path === null) return ok({ path: null, bytes: 0 });
      try {
        await (deps.writeReport ?? writeFileAtomic)(path, content);
      } catch (e) {
        return err('WRITE_FAILED', `Could not write the report to ${path}: ${errorMessage(e)}`);
      }
      savedReports.add(path);
      return ok({ path, bytes: typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.byteLength });
    },
    showReportInFolder: (path: string): Promise<Result<boolean>> => {
      if (!deps.showInFolder) return Promise.resolve(err('BAD_REQUEST', 'Only the desktop app can show a file in its folder.'));
      // Only a report this session wrote: a page can never make main reveal an arbitrary path.
      if (!savedReports.has(path)) return Promise.resolve(err('FORBIDDEN', 'That is not a report saved in this session.'));
      deps.showInFolder(path);
      return Promise.resolve(ok(true));
    },
    renderReportFile,
  };
}
