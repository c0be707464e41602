import { useState } from 'react';
import { inlineModelSpec } from '../../../app/catalog/inline-model';
import type { EstimateOptions } from '../../../app/domain/estimate';
import type { HardwareProfile } from '../../../app/domain/hardware';
import type { HfConfigSizing, HfGgufModel, HfRepoScan } from '../../../app/domain/hf-repo';
import { estimate } from '../../../app/estimator/estimate';
import { estimateGguf } from '../../../app/estimator/local-estimate';
import { findQuant, recommendedQuantIds } from '../../../app/estimator/quant-types';
import { formatBytes, formatParams, formatTokensPerSec } from '../../../app/format/units';
import { FitBadge } from '../../components/fit-badge';
import { Spinner } from '../../components/spinner';
import { settingsLine } from '../../lib/settings-line';
import { sizerApi } from '../../lib/sizer-api';

interface Props {
  readonly profile: HardwareProfile;
  readonly options: EstimateOptions;
}

function GgufRow({ g, scan, profile, options }: { readonly g: HfGgufModel; readonly scan: HfRepoScan } & Props) {
  if (!g.model) {
    return (
      <tr data-testid="hf-row">
        <td>{g.file}</td>
        <td colSpan={5} className="warn">
          {g.error?.message ?? 'Unreadable'}
        </td>
      </tr>
    );
  }
  const r = estimateGguf(profile, g.model, `hf.co/${scan.repo}/${g.file}`, options);
  const e = r.ok ? r.value : null;
  return (
    <tr data-testid="hf-row" title={`${formatBytes(g.headerBytesRead)} of the header read`}>
      <td>
        {g.file}
        {g.mmproj && <span className="muted small"> · vision projector {formatBytes(g.mmproj.bytes)}</span>}
        {g.parts.length > 1 && <span className="muted small"> · {g.parts.length} parts</span>}
      </td>
      <td>{g.model.quantLabel}</td>
      <td>{formatBytes(g.fileBytes)}</td>
      <td>{formatParams(g.model.parameters.total)}</td>
      <td>{e ? <FitBadge e={e} /> : <span className="warn">{r.ok ? '' : r.error.message}</span>}</td>
      <td>{e?.speed ? `${formatTokensPerSec(e.speed.generationTokensPerSec.value)} tok/s` : '—'}</td>
    </tr>
  );
}

/** A safetensors repository: its config.json at each quantization the list considers. */
function ConfigRows({ c, profile, options }: { readonly c: HfConfigSizing } & Props) {
  const model = inlineModelSpec({ id: 'hf-config', name: c.name, hfRepo: c.name, nativeContextTokens: c.nativeContextTokens, architecture: c.architecture });
  return (
    <>
      {recommendedQuantIds(options.runtime).map((id) => {
        const quant = findQuant(id);
        if (!quant) return null;
        const r = estimate(profile, model, quant, options);
        const e = r.ok ? r.value : null;
        return (
          <tr key={id} data-testid="hf-config-row">
            <td>config.json ({c.modelType})</td>
            <td>{id}</td>
            <td>{e ? formatBytes(e.memory.weightsBytes) : '—'}</td>
            <td>{formatParams(model.parameters.total)}</td>
            <td>{e ? <FitBadge e={e} /> : <span className="warn">{r.ok ? '' : r.error.message}</span>}</td>
            <td>{e?.speed ? `${formatTokensPerSec(e.speed.generationTokensPerSec.value)} tok/s` : '—'}</td>
          </tr>
        );
      })}
    </>
  );
}

function sourceLine(scan: HfRepoScan): string {
  const commit = scan.commit ? ` at ${scan.commit.slice(0, 10)}` : '';
  const files = `${scan.gguf.length} GGUF model${scan.gguf.length === 1 ? '' : 's'} of ${scan.fileCount} files${commit}`;
  if (scan.source === 'cache') return `Offline (${scan.offlineReason ?? 'no network'}): ${files}, from the cache saved ${scan.cachedAt ?? 'earlier'}.`;
  return `${files}; ${formatBytes(scan.bytesRead)} read from ${scan.endpoint}, never the weights.`;
}

/**
 * Any Hugging Face repository, live: its GGUF files sized from their headers (read in main with range
 * requests), or its config.json, with the fit on this machine.
 */
export function HfSearch({ profile, options }: Props) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [scan, setScan] = useState<HfRepoScan | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const lookUp = () => {
    if (!text.trim() || busy) return;
    setBusy(true);
    setMessage(null);
    void sizerApi.sizeHfRepo(text.trim()).then((r) => {
      setBusy(false);
      if (!r.ok) {
        setScan(null);
        setMessage(r.error.message);
        return;
      }
      setScan(r.value);
    });
  };
  return (
    <section aria-label="Hugging Face models" data-testid="hf-search">
      <div className="controls">
        <input
          className="wide"
          placeholder="ORG/REPO, e.g. Qwen/Qwen3-8B-GGUF (or ORG/REPO:Q4_K_M for one quantization)"
          aria-label="Hugging Face repository"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && lookUp()}
        />
        <button type="button" onClick={lookUp} disabled={!text.trim() || busy}>
          Look up
        </button>
      </div>
      <p className="muted small">{settingsLine(options)}</p>
      {busy && <Spinner label="Reading the file list and the GGUF headers…" />}
      {message && (
        <p className="warn" role="status" data-testid="hf-status">
          {message}
        </p>
      )}
      {scan && (
        <>
          <p className="muted" role="status" data-testid="hf-status">
            {sourceLine(scan)}
          </p>
          {[...scan.notes, ...(scan.configError ? [scan.configError.message] : [])].map((n) => (
            <p key={n} className="muted small">
              {n}
            </p>
          ))}
          {(scan.gguf.length > 0 || scan.config) && (
            <table className="model-table">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Quant</th>
                  <th scope="col">Size</th>
                  <th scope="col">Parameters</th>
                  <th scope="col">Fit</th>
                  <th scope="col">Generation</th>
                </tr>
              </thead>
              <tbody>
                {scan.gguf.map((g) => (
                  <GgufRow key={g.file} g={g} scan={scan} profile={profile} options={options} />
                ))}
                {scan.config && <ConfigRows c={scan.config} profile={profile} options={options} />}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
