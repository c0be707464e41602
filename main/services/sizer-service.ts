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
import { DEFAULT_OPTIONS } from '../../app/estimator/estimate';
import { recommendedQuantIds } from '../../app/estimator/quant-types';
import { DEFAULT_MIN_TOKENS_PER_SEC, recommendAll } from '../../app/estimator/recommend';
import { REPORT_EXTENSIONS, renderReport } from '../../app/report/render';
import { writeFileAtomic } from './atomic-write';
import type { LocalModel } from '../../app/domain/local-model';
import { estimateGguf } from '../../app/estimator/local-estimate';
import { LocalModelScanner } from './local-models/local-models';
import type { LoadedSettings, SettingsStore } from './settings-store';
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
  /** Where hardware corrections persist; without it they last for this run only. */
  readonly settings?: SettingsStore;
  /** Finds GGUF files on disk; the default looks in the usual folders of this machine. */
  readonly localModels?: LocalModelScanner;
  /** Measures this machine's RAM bandwidth now (bytes/s); absent where the profile is not this machine's. */
  readonly measureRam?: () => Promise<Result<RamReading>>;
}

/** The GPU table facts a user's "pick from the table" correction brings. */
export function specFacts(id: string): SpecFacts | null {
  const spec = gpuIndex().byId.get(id);
  if (!spec) return null;
  return { id: spec.id, name: spec.name, bandwidthBytesPerSec: spec.bandwidthGBps * 1e9, fp16FlopsPerSec: llamaCppFp16Flops(spec)?.flopsPerSec ?? null };
}

/** The one implementation of SizerApi, shared by the Electron window, the web server and the CLI. */
export function createSizerService(deps: ServiceDeps): SizerApi {
  let current: Promise<Result<HardwareProfile>> | null = null;
  const now = deps.now ?? (() => new Date());
  const localModels = deps.localModels ?? new LocalModelScanner();
  /** GGUF files found or sized in this session: the report lists them too. */
  const seenLocal = new Map<string, LocalModel>();
  const remember = (models: readonly LocalModel[]) => {
    for (const m of models) seenLocal.set(m.path, m);
  };
  let settings: Promise<LoadedSettings> | null = null;
  let overrides: HardwareOverrides | null = null;
  const loadSettings = (): Promise<LoadedSettings> => {
    settings ??= deps.settings ? deps.settings.load() : Promise.resolve({ overrides: NO_OVERRIDES, notice: null });
    return settings;
  };
  const currentOverrides = async (): Promise<HardwareOverrides> => overrides ?? (await loadSettings()).overrides;

  const runScan = (): Promise<Result<HardwareProfile>> =>
    deps.scan().catch((e: unknown) => err<HardwareProfile>('SCAN_FAILED', `The hardware scan failed: ${errorMessage(e)}`));

  /** The scanned profile with the user's corrections applied. */
  const getHardwareProfile = async (): Promise<Result<HardwareProfile>> => {
    current ??= runScan();
    const scanned = await current;
    if (!scanned.ok) return scanned;
    return ok(applyOverrides(scanned.value, await currentOverrides(), specFacts));
  };

  const persist = async (next: HardwareOverrides): Promise<Result<HardwareProfile>> => {
    overrides = next;
    if (deps.settings) {
      try {
        await deps.settings.save(next);
      } catch (e) {
        return err('WRITE_FAILED', `The correction applies now but could not be saved to ${deps.settings.path}: ${errorMessage(e)}`);
      }
    }
    return getHardwareProfile();
  };

  return {
    getHardwareProfile,
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
      const loaded = await loadSettings();
      return ok({ overrides: await currentOverrides(), path: deps.settings?.path ?? '(not saved: this run only)', notice: loaded.notice });
    },
    setOverride: async (change) => {
      if (change.kind === 'gpuSpec' && change.specId !== null && !gpuIndex().byId.has(change.specId))
        return err('UNKNOWN_GPU', `"${change.specId}" is not in the GPU table.`);
      return persist(changeOverrides(await currentOverrides(), change));
    },
    resetOverrides: () => persist(NO_OVERRIDES),
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
      const profile = await getHardwareProfile();
      if (!profile.ok) return profile;
      const prompt = Math.min(request.promptTokens ?? DEFAULT_OPTIONS.promptTokens, request.contextTokens);
      const runtime = request.runtime ?? DEFAULT_OPTIONS.runtime;
      const options = {
        ...DEFAULT_OPTIONS,
        contextTokens: request.contextTokens,
        kvCacheType: request.kvCacheType ?? DEFAULT_OPTIONS.kvCacheType,
        runtime,
        promptTokens: prompt,
        depthTokens: prompt,
      };
      const recommendations = recommendAll(profile.value, builtInCatalog().models, {
        estimate: options,
        quantIds: recommendedQuantIds(runtime),
        goal: request.goal ?? 'quality',
        minTokensPerSec: DEFAULT_MIN_TOKENS_PER_SEC,
      });
      const generatedAt = now().toISOString();
      const localLines = [...seenLocal.values()].map((m) => {
        if (!m.model) return { name: m.displayName, path: m.path, quant: null, estimate: null, error: m.error?.message ?? 'unreadable' };
        const e = estimateGguf(profile.value, m.model, m.path, options);
        return { name: m.displayName, path: m.path, quant: m.model.quantLabel, estimate: e.ok ? e.value : null, error: e.ok ? null : e.error.message };
      });
      const content = renderReport(request.format, {
        appName: deps.appName,
        appVersion: deps.version,
        generatedAt,
        profile: profile.value,
        options,
        recommendations,
        localModels: localLines,
      });
      const name = `llm-sizer-report-${generatedAt.replace(/[:.]/g, '-')}.${REPORT_EXTENSIONS[request.format]}`;
      let path: string | null;
      try {
        path = deps.chooseReportPath ? await deps.chooseReportPath(name) : join(deps.reportsDir, name);
      } catch (e) {
        return err('WRITE_FAILED', `Could not choose where to save: ${errorMessage(e)}`);
      }
      if (path === null) return ok({ path: null, bytes: 0 });
      try {
        await writeFileAtomic(path, content);
      } catch (e) {
        return err('WRITE_FAILED', `Could not write the report to ${path}: ${errorMessage(e)}`);
      }
      return ok({ path, bytes: Buffer.byteLength(content, 'utf8') });
    },
  };
}
