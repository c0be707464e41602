import { useEffect, useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import type { Result } from '../../../app/api/result';
import type { HardwareProfile } from '../../../app/domain/hardware';
import type { MeasureOutcome, MeasureProgress, OllamaServer } from '../../../app/domain/measure';
import { formatBytes } from '../../../app/format/units';
import { sizerApi } from '../../lib/sizer-api';

export interface MeasurePanelProps {
  readonly profile: HardwareProfile;
  /** Takes the profile the service answers after a measurement or a reset (it carries the new corrections). */
  readonly onProfile: (r: Result<HardwareProfile>) => void;
  /** The "formula only" switch: estimates leave this machine's measurements out. */
  readonly raw: boolean;
  readonly onRaw: (raw: boolean) => void;
}

const tps = (v: number | null) => (v === null ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));

/**
 * "Measure this machine": real llama.cpp on synthetic models (progress and cancel), or llama-bench results imported
 * from a file; afterwards the table of estimated, measured and calibrated speeds. The corrections are saved by the
 * service and every estimate then uses them (marked "measured" in the model list).
 */
export function MeasurePanel({ profile, onProfile, raw, onRaw }: MeasurePanelProps) {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<MeasureProgress | null>(null);
  const [outcome, setOutcome] = useState<MeasureOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [ollama, setOllama] = useState<OllamaServer | null>(null);

  // Only asks whether an Ollama server answers here (two quick local requests); timing its models waits for the user.
  useEffect(() => {
    let live = true;
    void sizerApi.findOllama().then((r) => {
      if (live && r.ok) setOllama(r.value);
    });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!running) return undefined;
    const timer = window.setInterval(() => {
      void sizerApi.getMeasureProgress().then((r) => {
        if (r.ok && r.value.phase !== 'idle') setProgress(r.value);
      });
    }, 500);
    return () => window.clearInterval(timer);
  }, [running]);

  const finish = (r: Result<MeasureOutcome>) => {
    setRunning(false);
    setProgress(null);
    if (!r.ok) {
      setError(r.error.code === 'CANCELLED' ? 'Cancelled: nothing was saved.' : r.error.message);
      return;
    }
    setError(r.value.notice);
    setOutcome(r.value);
    void sizerApi.getHardwareProfile().then(onProfile);
  };

  /** Starts a measurement (llama.cpp, or Ollama's timings): progress until `finish`. */
  const start = (first: string, run: () => Promise<Result<MeasureOutcome>>) => {
    setError(null);
    setOutcome(null);
    setRunning(true);
    setProgress({ phase: 'preparing', fraction: 0, text: first });
    void run().then(finish);
  };
  const measure = () => start('Starting', () => sizerApi.measureMachine({ quick: true }));
  const timeOllama = () => start('Asking Ollama for its models', () => sizerApi.timeOllamaModels());

  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    if (file.size > 60_000) {
      setError(`${file.name} is over 60 KB: llama-bench output of a few dozen tests is a few KB.`);
      return;
    }
    finish(await sizerApi.importBenchResults({ fileName: file.name, content: await file.text() }));
  };

  const cal = profile.calibration;
  return (
    <section className="measure" aria-labelledby="measure-title">
      <h3 id="measure-title">Measured on this machine</h3>
      {cal && cal.entries.length > 0 ? (
        <p className="muted" data-testid="calibration-state">
          Speeds are calibrated to llama.cpp measurements:{' '}
          {cal.entries
            .map(
              (e) =>
                `${e.backend} on ${e.measuredAt.slice(0, 10)} (${e.source === 'synthetic' ? 'measured here' : e.source}${e.generationThreads && e.promptThreads && e.generationThreads < e.promptThreads ? `; generation with ${e.generationThreads} thread${e.generationThreads === 1 ? '' : 's'}, the faster here` : ''})`,
            )
            .join(', ')}
          .
        </p>
      ) : (
        <p className="muted" data-testid="calibration-state">
          Speeds are formula estimates. Measuring runs real llama.cpp on test models of random shape (about a minute) and corrects every estimate to this machine.
        </p>
      )}
      {cal?.stale.map((s) => (
        <p key={`${s.backend}${s.measuredAt}`} className="muted">
          Not used: the {s.backend} measurement of {s.measuredAt.slice(0, 10)} was {s.reason}.
        </p>
      ))}
      <div className="measure-actions">
        <button type="button" onClick={measure} disabled={running}>
          Measure this machine
        </button>
        {running ? (
          <button type="button" onClick={() => void sizerApi.cancelMeasure()}>
            Cancel
          </button>
        ) : null}
        <button type="button" onClick={() => fileInput.current?.click()} disabled={running}>
          Import llama-bench results…
        </button>
        <input ref={fileInput} type="file" accept=".json,.jsonl,.csv,.md,.txt" hidden onChange={(e) => void importFile(e)} aria-label="llama-bench results file" />
        {cal && cal.entries.length > 0 ? (
          <>
            <label>
              <input type="checkbox" checked={raw} onChange={(e) => onRaw(e.target.checked)} /> Formula only (ignore measurements)
            </label>
            <button type="button" onClick={() => void sizerApi.resetCalibration().then(onProfile)} disabled={running}>
              Forget measurements
            </button>
          </>
        ) : null}
      </div>
      {ollama && ollama.models.length > 0 ? (
        <div className="ollama-offer" data-testid="ollama-offer">
          <p className="muted">
            Ollama {ollama.version} is running on this machine with {ollama.models.length} model{ollama.models.length === 1 ? '' : 's'} installed. Timing them loads
            each in turn and runs one short prompt (64 tokens generated); Ollama&apos;s own timings then calibrate the estimates.
          </p>
          <button type="button" onClick={timeOllama} disabled={running}>
            Time my Ollama models
          </button>
        </div>
      ) : null}
      {progress ? (
        <div role="status" aria-live="polite">
          <progress max={1} value={progress.fraction} aria-label="Measurement progress" /> <span>{progress.text}</span>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {outcome && outcome.rows.length > 0 ? (
        <table className="measured-table" aria-label="Estimated against measured">
          <caption>
            {outcome.build}
            {outcome.saved ? ' · saved: every estimate now uses it' : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Test model</th>
              <th scope="col">File</th>
              <th scope="col">Test</th>
              <th scope="col">Estimated</th>
              <th scope="col">Measured</th>
              <th scope="col">Calibrated</th>
            </tr>
          </thead>
          <tbody>
            {outcome.rows.map((r, i) => (
              <tr key={i}>
                <td>{r.label}</td>
                <td>{formatBytes(r.fileBytes)}</td>
                <td>{r.kind === 'prompt' ? 'prompt 512' : `generation @${Math.round(r.depthTokens ?? 0)}`}</td>
                <td>{tps(r.estimatedTokensPerSec)}</td>
                <td>{tps(r.measuredTokensPerSec)}</td>
                <td>{tps(r.calibratedTokensPerSec)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {outcome?.skipped && outcome.skipped.length > 0 ? (
        <ul className="muted">
          {outcome.skipped.map((s) => (
            <li key={s}>Skipped: {s}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
