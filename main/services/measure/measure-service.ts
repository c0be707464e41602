import { err, ok } from '../../../app/api/result';
import type { Result } from '../../../app/api/result';
import type { SizerApi } from '../../../app/api/sizer-api';
import type { BackendCalibration } from '../../../app/domain/calibration';
import type { HardwareProfile } from '../../../app/domain/hardware';
import { NO_LLAMA_HINT } from '../../../app/domain/measure';
import type { MeasureOutcome, MeasureProgress, MeasureReport } from '../../../app/domain/measure';
import { applyCalibration } from '../../../app/measure/calibration-apply';
import type { CalibrationStore } from './calibration-store';
import { importBenchFile } from './import-bench';
import { measureMachine } from './measure-machine';
import { findOllama, ollamaReport } from './ollama-timing';
import type { MeasureDeps } from './measure-machine';

export interface MeasureServiceDeps {
  /** This machine's profile with the user's corrections, without measurements. */
  readonly profile: () => Promise<Result<HardwareProfile>>;
  /** Where measurements persist; without it they are refused (nothing to keep them in). */
  readonly store: CalibrationStore | null;
  /** Non-null when the hardware is a saved profile: measuring this machine would not describe it. */
  readonly hardwareFile: string | null;
  readonly now?: () => Date;
  /** Test seams: the child launcher, temp folder, node-llama-cpp module name, free-space check. */
  readonly measure?: Omit<MeasureDeps, 'onProgress' | 'signal' | 'now'>;
  /** The Ollama server to look for (default 127.0.0.1:11434; the app passes OLLAMA_HOST's, this machine's only). */
  readonly ollamaUrl?: string;
}

type MeasureMethods = Pick<
  SizerApi,
  'measureMachine' | 'getMeasureProgress' | 'cancelMeasure' | 'importBenchResults' | 'findOllama' | 'timeOllamaModels' | 'resetCalibration'
>;

const IDLE: MeasureProgress = { phase: 'idle', fraction: 0, text: '' };

/**
 * The measuring half of SizerApi: one measurement at a time, progress and cancel, corrections saved to the store, and
 * the stored corrections applied to every profile the service hands out (`withCalibration`).
 */
export function createMeasureService(deps: MeasureServiceDeps): MeasureMethods & { withCalibration: (p: HardwareProfile) => Promise<HardwareProfile> } {
  const now = deps.now ?? (() => new Date());
  let progress: MeasureProgress = IDLE;
  let running: AbortController | null = null;

  // Read once and then kept: every profile the service hands out needs them, and only this service changes them
  // (each save or reset replaces the kept list with what the store wrote).
  let kept: Promise<readonly BackendCalibration[]> | null = null;
  const stored = (): Promise<readonly BackendCalibration[]> => {
    kept ??= deps.store ? deps.store.load().then((l) => l.entries) : Promise.resolve([]);
    return kept;
  };
  const keep = (entries: readonly BackendCalibration[]) => {
    kept = Promise.resolve(entries);
  };

  const save = async (report: MeasureReport): Promise<MeasureOutcome> => {
    if (report.calibrations.length === 0) return { ...report, saved: false, notice: null };
    if (!deps.store) return { ...report, saved: false, notice: 'Measurements are not kept in this run (no settings folder).' };
    try {
      for (const c of report.calibrations) keep(await deps.store.add(c));
      return { ...report, saved: true, notice: null };
    } catch (e) {
      return { ...report, saved: false, notice: `Measured, but not saved: ${(e as Error).message}` };
    }
  };

  const profileForMeasuring = async (): Promise<Result<HardwareProfile>> => {
    if (deps.hardwareFile)
      return err('BAD_REQUEST', `The hardware comes from ${deps.hardwareFile}: measuring this machine would not describe it. Start the app without --hardware to measure.`);
    const p = await deps.profile();
    if (!p.ok) return p;
    return ok(applyCalibration(p.value, await stored()));
  };

  /** One measurement at a time, on this machine's profile, cancellable; its report saved. */
  const exclusive = async (first: string, run: (profile: HardwareProfile, signal: AbortSignal) => Promise<Result<MeasureReport>>): Promise<Result<MeasureOutcome>> => {
    if (running) return err('BAD_REQUEST', 'A measurement is already running.');
    const abort = new AbortController();
    running = abort;
    progress = { phase: 'preparing', fraction: 0, text: first };
    try {
      const profile = await profileForMeasuring();
      if (!profile.ok) return profile;
      const r = await run(profile.value, abort.signal);
      return r.ok ? ok(await save(r.value)) : r;
    } finally {
      running = null;
      progress = IDLE;
    }
  };

  return {
    // Without a store (the CLI's report, whose profile already carries them) or with a saved profile, leave it as it is.
    withCalibration: async (p) => (deps.hardwareFile || !deps.store ? p : applyCalibration(p, await stored())),
    measureMachine: (request) =>
      exclusive('Starting', async (profile, signal) => {
        const r = await measureMachine(
          profile,
          { quick: request.quick, backend: request.backend ?? 'auto' },
          { ...deps.measure, now, signal, onProgress: (p) => (progress = p) },
        );
        return !r.ok && r.error.code === 'NOT_FOUND' ? err('NOT_FOUND', `${r.error.message}. ${NO_LLAMA_HINT}`) : r;
      }),
    getMeasureProgress: () => Promise.resolve(ok(running ? progress : IDLE)),
    cancelMeasure: () => {
      if (!running) return Promise.resolve(ok(false));
      running.abort();
      return Promise.resolve(ok(true));
    },
    findOllama: async () => ok(await findOllama(deps.ollamaUrl !== undefined ? { url: deps.ollamaUrl } : {})),
    timeOllamaModels: () =>
      exclusive('Asking Ollama for its models', (profile, signal) =>
        ollamaReport(profile, {
          ...(deps.ollamaUrl !== undefined ? { url: deps.ollamaUrl } : {}),
          now: now(),
          signal,
          onModel: (i, n, name) => (progress = { phase: 'measuring', fraction: i / n, text: `Ollama: timing ${name} (${i + 1} of ${n})` }),
        }),
      ),
    importBenchResults: async (request) => {
      const profile = await profileForMeasuring();
      if (!profile.ok) return profile;
      const r = importBenchFile(profile.value, request.fileName, request.content, now());
      if (!r.ok) return r;
      return ok(await save(r.value));
    },
    resetCalibration: async () => {
      if (deps.store) {
        try {
          keep(await deps.store.reset());
        } catch (e) {
          return err('WRITE_FAILED', `Could not forget the measurements: ${(e as Error).message}`);
        }
      }
      const p = await deps.profile();
      return p.ok ? ok(applyCalibration(p.value, [])) : p;
    },
  };
}
