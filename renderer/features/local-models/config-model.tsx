import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { modelFromHfConfig } from '../../../app/catalog/hf-config';
import type { HfConfigModel } from '../../../app/catalog/hf-config';
import { inlineModelSpec } from '../../../app/catalog/inline-model';
import type { EstimateOptions } from '../../../app/domain/estimate';
import type { HardwareProfile } from '../../../app/domain/hardware';
import { estimate } from '../../../app/estimator/estimate';
import { QUANT_TYPES, recommendedQuantIds } from '../../../app/estimator/quant-types';
import { formatBytes, formatParams, formatTokensPerSec } from '../../../app/format/units';
import { FitBadge } from '../../components/fit-badge';

interface Loaded {
  readonly name: string;
  readonly model: HfConfigModel;
}

/** Reads a config.json the user picked or dropped; the text never leaves the window. */
export async function readConfigFile(file: File): Promise<{ ok: true; value: Loaded } | { ok: false; message: string }> {
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch {
    return { ok: false, message: `${file.name} is not valid JSON.` };
  }
  const read = modelFromHfConfig(json);
  if (!read.ok) return { ok: false, message: `${file.name}: ${read.error.message}` };
  const named = (json as Record<string, unknown>)['_name_or_path'];
  return { ok: true, value: { name: typeof named === 'string' && named.trim() !== '' ? named.trim() : file.name, model: read.value } };
}

/**
 * Any model from its Hugging Face config.json, for models the catalog does not have yet: every
 * quantization the list considers, with its fit and speed on this machine.
 */
export function ConfigModel({
  profile,
  options,
  dropped,
}: {
  readonly profile: HardwareProfile;
  readonly options: EstimateOptions;
  /** A config.json dropped anywhere on the tab. */
  readonly dropped: File | null;
}) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // Only the newest file counts: an older read that finishes later is dropped.
  const latest = useRef(0);
  const load = (file: File) => {
    const request = ++latest.current;
    void readConfigFile(file).then((r) => {
      if (request !== latest.current) return;
      // A failed file replaces the last model: its table must not stay under this file's error.
      setLoaded(r.ok ? r.value : null);
      setMessage(r.ok ? null : r.message);
    });
  };
  useEffect(() => {
    if (dropped) load(dropped);
  }, [dropped]);
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) load(file);
  };
  // One model object per file, so the estimator's per-model memos hold across renders (scan progress ticks re-render this tab).
  const spec = useMemo(
    () =>
      loaded
        ? inlineModelSpec({ id: 'hf-config', name: loaded.name, hfRepo: loaded.name, nativeContextTokens: loaded.model.nativeContextTokens, architecture: loaded.model.architecture })
        : null,
    [loaded],
  );
  const ids = recommendedQuantIds(options.runtime);
  return (
    <div className="config-model" data-testid="config-model">
      <label className="file-button">
        Size a model from its config.json
        <input type="file" accept=".json,application/json" aria-label="config.json file" onChange={onFile} />
      </label>
      {message && (
        <p className="warn" role="alert" data-testid="config-error">
          {message}
        </p>
      )}
      {spec && loaded && (
        <>
          <p className="muted small" data-testid="config-summary">
            {loaded.name} ({loaded.model.modelType}): {formatParams(spec.parameters.total)} parameters
            {spec.parameters.active !== spec.parameters.total ? `, ${formatParams(spec.parameters.active)} active` : ''}, {spec.architecture.layers} layers, native context{' '}
            {spec.nativeContextTokens} tokens.
            {loaded.model.assumptions.length > 0 && ` Assumed: ${loaded.model.assumptions.join('; ')}.`}
          </p>
          <table className="model-table">
            <thead>
              <tr>
                <th scope="col">Quant</th>
                <th scope="col">Memory</th>
                <th scope="col">Fit</th>
                <th scope="col">Generation</th>
                <th scope="col">Prompt</th>
              </tr>
            </thead>
            <tbody>
              {ids.map((id) => {
                const quant = QUANT_TYPES.find((q) => q.id === id);
                if (!quant) return null;
                const r = estimate(profile, spec, quant, options);
                const e = r.ok ? r.value : null;
                return (
                  <tr key={id} data-testid="config-row">
                    <td>{id}</td>
                    <td>{e ? formatBytes(e.memory.totalBytes) : '—'}</td>
                    <td>{e ? <FitBadge e={e} /> : <span className="warn">{r.ok ? '' : r.error.message}</span>}</td>
                    <td>{e?.speed ? `${formatTokensPerSec(e.speed.generationTokensPerSec.value)} tok/s` : '—'}</td>
                    <td>{e?.speed?.promptTokensPerSec ? `${formatTokensPerSec(e.speed.promptTokensPerSec.value)} tok/s` : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
