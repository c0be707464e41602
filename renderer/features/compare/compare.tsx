import { useMemo, useState } from 'react';
import type { ChangeEvent } from 'react';
import { hardwareProfileSchema } from '../../../app/api/schemas';
import { allGpus, gpuIndex } from '../../../app/catalog/gpus';
import { builtInCatalog } from '../../../app/catalog/models';
import { profileFromSpec } from '../../../app/catalog/what-if';
import type { EstimateOptions } from '../../../app/domain/estimate';
import type { HardwareProfile } from '../../../app/domain/hardware';
import { recommendedQuantIds } from '../../../app/estimator/quant-types';
import { DEFAULT_MIN_TOKENS_PER_SEC, recommendAll } from '../../../app/estimator/recommend';
import { formatBytes, formatTokensPerSec } from '../../../app/format/units';
import { settingsLine } from '../../lib/settings-line';
import { FitBadge } from '../../components/fit-badge';

const GIB = 1024 ** 3;

/** Builds a what-if machine from the GPU table, or loads a saved profile, and compares it with this one. */
const COMPARE_ROWS = 60;
/** The capture time of a what-if profile built without this machine's profile. */
const WHAT_IF_TIME = '1970-01-01T00:00:00.000Z';

/**
 * `profile` is null when this machine's profile could not be read: the what-if machine still works on its own,
 * so someone choosing hardware is not blocked by a broken scan.
 */
export function Compare({ profile, options }: { readonly profile: HardwareProfile | null; readonly options: EstimateOptions }) {
  const [gpuName, setGpuName] = useState('GeForce RTX 4090');
  const [count, setCount] = useState(1);
  // The field keeps what the user types (an empty field while retyping); the plan uses the last valid size.
  const [ramText, setRamText] = useState('64');
  const typedRam = Number(ramText);
  const ramValid = ramText.trim() !== '' && Number.isFinite(typedRam) && typedRam >= 1 && typedRam <= 4096;
  const [ramGb, setRamGb] = useState(64);
  const [loaded, setLoaded] = useState<HardwareProfile | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const built = useMemo(() => {
    if (loaded) return { ok: true as const, value: loaded };
    const names = gpuName.trim() ? Array.from({ length: count }, () => gpuName.trim()) : [];
    return profileFromSpec(gpuIndex(), { gpuNames: names, ramBytes: ramGb * GIB }, profile?.capturedAt ?? WHAT_IF_TIME);
  }, [gpuName, count, ramGb, loaded, profile?.capturedAt]);
  const rows = useMemo(() => {
    if (!built.ok) return [];
    const o = { estimate: options, quantIds: recommendedQuantIds(options.runtime), goal: 'quality' as const, minTokensPerSec: DEFAULT_MIN_TOKENS_PER_SEC };
    const thereList = recommendAll(built.value, builtInCatalog().models, o);
    if (!profile) return thereList.filter((r) => r.best).map((r) => ({ model: r.model, here: null, there: r }));
    const there = new Map(thereList.map((r) => [r.model.id, r]));
    return recommendAll(profile, builtInCatalog().models, o)
      .map((r) => ({ model: r.model, here: r, there: there.get(r.model.id) ?? null }))
      .filter((x) => x.here.best || x.there?.best);
  }, [profile, built, options]);

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
        {built.ok && rows.length > COMPARE_ROWS ? ` Showing the first ${COMPARE_ROWS} of ${rows.length} models.` : ''}
      </p>
      {!built.ok ? (
        <p className="warn" data-testid="compare-error">
          {built.error.code === 'UNKNOWN_GPU'
            ? `"${gpuName}" is not in the GPU table: pick a name from the list as you type (the table holds the GPUs with known bandwidth and compute).`
            : built.error.message}
        </p>
      ) : (
        <table className="model-table" data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">{profile ? 'This machine' : 'This machine (no profile)'}</th>
              <th scope="col">{built.value.label}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, COMPARE_ROWS).map(({ model, here, there }) => (
              <tr key={model.id}>
                <td>{model.name}</td>
                {[here, there].map((r, i) => (
                  <td key={i}>
                    {r?.best ? (
                      <>
                        {r.best.quant} <FitBadge e={r.best} /> {formatBytes(r.best.memory.totalBytes)} ·{' '}
                        {r.best.speed ? `${formatTokensPerSec(r.best.speed.generationTokensPerSec.value)} tok/s` : 'speed unknown'}
                      </>
                    ) : (
                      <FitBadge e={null} />
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
