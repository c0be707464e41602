import { useDeferredValue, useMemo, useState } from 'react';
import type { ChangeEvent } from 'react';
import { hardwareProfileSchema } from '../../../app/api/schemas';
import { allGpus, gpuIndex } from '../../../app/catalog/gpus';
import { matchGpu } from '../../../app/catalog/gpu-match';
import { builtInCatalog } from '../../../app/catalog/models';
import { profileFromSpec } from '../../../app/catalog/what-if';
import type { EstimateOptions } from '../../../app/domain/estimate';
import type { HardwareProfile } from '../../../app/domain/hardware';
import { recommendedQuantIds } from '../../../app/estimator/quant-types';
import { DEFAULT_MIN_TOKENS_PER_SEC, recommendAll } from '../../../app/estimator/recommend';
import { formatBytes, formatTokensPerSec } from '../../../app/format/units';
import { oneOf, usePersisted } from '../../lib/persisted';
import { settingsLine } from '../../lib/settings-line';
import { FitBadge } from '../../components/fit-badge';
import { compareRows } from './compare-rows';

const GIB = 1024 ** 3;

/** Builds a what-if machine from the GPU table, or loads a saved profile, and compares it with this one. */
const GPU_COUNTS = [0, 1, 2, 3, 4, 5, 6, 7, 8] as const;
/** The capture time of a what-if profile built without this machine's profile. */
const WHAT_IF_TIME = '1970-01-01T00:00:00.000Z';

/**
 * `profile` is null when this machine's profile could not be read: the what-if machine still works on its own,
 * so someone choosing hardware is not blocked by a broken scan.
 */
export function Compare({ profile, options: current }: { readonly profile: HardwareProfile | null; readonly options: EstimateOptions }) {
  // Two machines x the whole catalog: computed in a deferred render, so the list's slider does not wait for it.
  const options = useDeferredValue(current);
  // The inputs survive a reload and a tab switch (lib/persisted.ts), as the list's controls do.
  const [gpuName, setGpuName] = usePersisted('gpu', 'GeForce RTX 4090', (v) => v);
  const [count, setCount] = usePersisted<number>('gpus', 1, (v) => oneOf<number>(GPU_COUNTS)(v));
  // The field keeps what the user types (an empty field while retyping); the plan uses the last valid size.
  const [ramGb, setRamGb] = usePersisted<number>('ram', 64, (v) => (Number(v) >= 1 && Number(v) <= 4096 ? Number(v) : null));
  const [ramText, setRamText] = useState(String(ramGb));
  const typedRam = Number(ramText);
  const ramValid = ramText.trim() !== '' && Number.isFinite(typedRam) && typedRam >= 1 && typedRam <= 4096;
  // Cards sold with several memory sizes (an RTX 4060 Ti with 8 or 16 GB): which one; 0 is the largest.
  const [vramGib, setVramGib] = usePersisted<number>('vram', 0, (v) => (Number.isFinite(Number(v)) ? Number(v) : null));
  const [loaded, setLoaded] = useState<HardwareProfile | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const sizes = useMemo(() => matchGpu(gpuIndex(), gpuName.trim())?.memoryGiB ?? [], [gpuName]);
  const vramChoice = sizes.includes(vramGib) ? vramGib : 0;
  const built = useMemo(() => {
    if (loaded) return { ok: true as const, value: loaded };
    const names = gpuName.trim() ? Array.from({ length: count }, () => gpuName.trim()) : [];
    return profileFromSpec(gpuIndex(), { gpuNames: names, ramBytes: ramGb * GIB, vramBytes: vramChoice > 0 ? vramChoice * GIB : undefined }, profile?.capturedAt ?? WHAT_IF_TIME);
  }, [gpuName, count, ramGb, vramChoice, loaded, profile?.capturedAt]);
  const compared = useMemo(() => {
    if (!built.ok) return null;
    const o = { estimate: options, quantIds: recommendedQuantIds(options.runtime), goal: 'quality' as const, minTokensPerSec: DEFAULT_MIN_TOKENS_PER_SEC };
    const thereList = recommendAll(built.value, builtInCatalog().models, o);
    const hereList = profile ? recommendAll(profile, builtInCatalog().models, o) : null;
    return compareRows(hereList, thereList, DEFAULT_MIN_TOKENS_PER_SEC);
  }, [profile, built, options]);
  const rows = compared?.rows ?? [];
  // A partial name the table cannot settle ("H100"): the cards it could mean, as `llm-sizer gpus --search` lists them.
  const candidates = useMemo(() => {
    const key = gpuName.toLowerCase().replace(/[\s-]+/g, '');
    if (built.ok || key.length < 2) return [];
    return allGpus()
      .filter((g) => g.name.toLowerCase().replace(/[\s-]+/g, '').includes(key))
      .slice(0, 6)
      .map((g) => g.name);
  }, [gpuName, built.ok]);
  const summary = compared?.summary;

  const load = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    void file.text().then((text) => {
      try {
        const parsed = hardwareProfileSchema.safeParse(JSON.parse(text));
        if (parsed.success) {
          setLoaded(parsed.data);
          setMessage(`Loaded ${file.name}.`);
        } else setMessage(`${file.name} is not a hardware profile: ${parsed.error.issues[0]?.message ?? ''}`);
      } catch {
        setMessage(`${file.name} is not valid JSON.`);
      }
    });
  };
  const save = () => {
    if (!profile) return;
    const blob = new Blob([`${JSON.stringify(profile, null, 2)}\n`], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'llm-sizer-profile.json';
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <section aria-label="Compare with another machine" data-testid="compare">
      <div className="controls">
        <label>
          GPU
          <input list="gpu-table-compare" value={gpuName} aria-label="What-if GPU" onChange={(e) => { setLoaded(null); setGpuName(e.target.value); }} />
          <datalist id="gpu-table-compare">
            {allGpus().map((g) => (
              <option key={g.id} value={g.name} />
            ))}
          </datalist>
        </label>
        <label>
          ×
          <input type="number" min={0} max={8} value={count} aria-label="Number of GPUs" onChange={(e) => { setLoaded(null); setCount(Math.max(0, Math.min(8, Number(e.target.value) || 0))); }} />
        </label>
        {sizes.length > 1 && (
          <label>
            VRAM
            <select value={vramChoice} aria-label="What-if VRAM size" onChange={(e) => { setLoaded(null); setVramGib(Number(e.target.value)); }}>
              <option value={0}>{Math.max(...sizes)} GB (largest)</option>
              {[...sizes].sort((a, b) => a - b).map((g) => (
                <option key={g} value={g}>
                  {g} GB
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          RAM
          <input
            type="number"
            min={1}
            max={4096}
            value={ramText}
            aria-label="What-if RAM in GB"
            aria-invalid={!ramValid}
            onChange={(e) => {
              setLoaded(null);
              setRamText(e.target.value);
              const n = Number(e.target.value);
              if (e.target.value.trim() !== '' && Number.isFinite(n) && n >= 1 && n <= 4096) setRamGb(n);
            }}
          />{' '}
          GB{!ramValid && <span className="warn small"> (1 to 4096 GB)</span>}
        </label>
        <label className="file">
          Load profile… <input type="file" accept=".json,application/json" onChange={load} aria-label="Load a saved profile" />
        </label>
        <button type="button" onClick={save} disabled={!profile}>
          Save this machine's profile
        </button>
      </div>
      {message && <p className="muted">{message}</p>}
      <p className="muted small" data-testid="compare-settings">
        {settingsLine(options)}
      </p>
      {built.ok && summary && (
        <p className="compare-summary" data-testid="compare-summary" role="status" aria-live="polite">
          {profile ? (
            <>
              <strong>
                {summary.onlyThere > 0 ? `+${summary.onlyThere} models` : 'No model'} only {built.value.label} runs
              </strong>{' '}
              (at ≥ {DEFAULT_MIN_TOKENS_PER_SEC} tok/s)
              {summary.medianSpeedUp !== null ? ` · median speed-up ×${summary.medianSpeedUp.toFixed(1)} over the ${summary.both} both run` : ''}
              {summary.onlyHere > 0 ? ` · ${summary.onlyHere} run only here` : ''}
            </>
          ) : (
            `${summary.onlyThere} models run on ${built.value.label} at ≥ ${DEFAULT_MIN_TOKENS_PER_SEC} tok/s`
          )}
        </p>
      )}
      {!built.ok ? (
        <p className="warn" data-testid="compare-error">
          {built.error.code === 'UNKNOWN_GPU'
            ? candidates.length > 0
              ? `"${gpuName}" matches several cards: ${candidates.join(', ')}. Pick one (as the CLI's --gpu, a name must say which).`
              : `"${gpuName}" is not in the GPU table: pick a name from the list as you type (the table holds the GPUs with known bandwidth and compute).`
            : built.error.message}
        </p>
      ) : (
        <table className="model-table" data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">{profile ? 'This machine' : 'This machine (no profile)'}</th>
              <th scope="col">{built.value.label}</th>
              <th scope="col">Speed-up</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.model.id} data-testid="compare-row" data-group={row.group}>
                <td>
                  {row.model.name}
                  {row.group === 'only-there' && profile && <span className="gain small"> new</span>}
                </td>
                {[row.here, row.there].map((e, i) => (
                  <td key={i}>
                    {e ? (
                      <>
                        {e.quant} <FitBadge e={e} /> {formatBytes(e.memory.totalBytes)} ·{' '}
                        {e.speed ? `${formatTokensPerSec(e.speed.generationTokensPerSec.value)} tok/s` : 'speed unknown'}
                      </>
                    ) : (
                      <span className="muted">does not run at ≥ {DEFAULT_MIN_TOKENS_PER_SEC} tok/s</span>
                    )}
                  </td>
                ))}
                <td data-testid="speed-up">{row.speedUp !== null ? `×${row.speedUp.toFixed(1)}${row.sameQuant ? '' : ' (other quant)'}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
