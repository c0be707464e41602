import { useMemo } from 'react';
import { firstTokenByPromptChart, memoryByContextChart, speedByContextChart } from '../../../app/charts/estimate-charts';
import { memoryBarChart } from '../../../app/charts/memory-bar';
import { contextSweep, promptSweep } from '../../../app/charts/sweeps';
import type { EstimateOptions } from '../../../app/domain/estimate';
import type { HardwareProfile } from '../../../app/domain/hardware';
import { findQuant } from '../../../app/estimator/quant-types';
import { DEFAULT_MIN_TOKENS_PER_SEC, maxContext } from '../../../app/estimator/recommend';
import type { Recommendation } from '../../../app/estimator/recommend';
import { formatBytes, formatSeconds, formatTokens, formatTokensPerSec } from '../../../app/format/units';
import { FitBadge } from '../../components/fit-badge';
import { ChartFigure } from '../../components/svg-view';
import { LaunchView } from './launch-view';
import { isTight, whyRanked } from './why';

/** A model's details: why it ranks here, its memory, its speed over context and prompt lengths, how to launch it. */
export function Details({ r, profile, options }: { readonly r: Recommendation; readonly profile: HardwareProfile; readonly options: EstimateOptions }) {
  const e = r.best;
  const quant = e ? findQuant(e.quant) : null;
  // The largest context with the settings the list uses (KV cache type, runtime), keeping this fit.
  const largest = useMemo(
    () => (e && quant ? maxContext(profile, r.model, quant, options, e.fit === 'full-gpu' ? 'full-gpu' : 'partial') : 0),
    [e, quant, profile, r.model, options],
  );
  const charts = useMemo(() => {
    if (!e || !quant) return null;
    const ctx = contextSweep(profile, r.model, quant, options);
    const vram = e.memory.devices.reduce((a, d) => a + d.capacityBytes, 0);
    return {
      memory: memoryBarChart(e.memory, { ramBytes: profile.memory.totalBytes.value }),
      speed: speedByContextChart(ctx, { markTokens: options.contextTokens, minTokensPerSec: DEFAULT_MIN_TOKENS_PER_SEC }),
      memoryByContext: memoryByContextChart(ctx, { markTokens: options.contextTokens, vramBytes: vram }),
      firstToken: firstTokenByPromptChart(promptSweep(profile, r.model, quant, options), { markTokens: options.promptTokens }),
    };
  }, [e, quant, profile, r.model, options]);
  if (!e || !charts) return <p className="muted">No quantization fits in memory with this context.</p>;
  const m = e.memory;
  const why = whyRanked(r.model, e, DEFAULT_MIN_TOKENS_PER_SEC);
  return (
    <div className="details">
      <ul className="why" data-testid="why-details">
        {why.long.map((w) => (
          <li key={w}>{w}</li>
        ))}
        {isTight(e) && <li className="warn">Tight: less than 0.5 GiB stays free; another program taking memory can make it fail to load.</li>}
      </ul>
      <ChartFigure chart={charts.memory} testId="memory-chart" />
      <dl className="kv">
        <dt>GPU / CPU</dt>
        <dd>
          {formatBytes(m.gpuBytes)} / {formatBytes(m.cpuBytes)} · {Math.min(e.gpuLayers, e.totalLayers + 1)} of {e.totalLayers + 1} layers on GPU
          {e.cpuMoeLayers > 0 ? ` · experts of ${e.cpuMoeLayers} layers on CPU` : ''}
        </dd>
        <dt>Largest context</dt>
        <dd data-testid="max-context">
          {largest > 0 ? `${formatTokens(largest)} tokens (${e.fit === 'full-gpu' ? 'all on the GPU' : 'same fit'}, ${options.kvCacheType} KV cache)` : '—'}
        </dd>
        {e.speed && (
          <>
            <dt>Prompt</dt>
            <dd>
              {e.speed.promptTokensPerSec && e.speed.timeToFirstTokenSec
                ? `${formatTokensPerSec(e.speed.promptTokensPerSec.value)} tok/s · first token after ${formatSeconds(e.speed.timeToFirstTokenSec.value)}`
                : 'unknown: no FP16 figure for this GPU (set it in the hardware card)'}
            </dd>
            <dt>Bound by</dt>
            <dd>{e.speed.boundBy}</dd>
          </>
        )}
      </dl>
      <div className="chart-grid">
        <ChartFigure chart={charts.speed} testId="speed-chart" />
        <ChartFigure chart={charts.memoryByContext} testId="memory-context-chart" />
        <ChartFigure chart={charts.firstToken} testId="first-token-chart" />
      </div>
      <LaunchView e={e} model={r.model} runtime={options.runtime} />
      <table className="quants">
        <caption>Every quantization at this context</caption>
        <thead>
          <tr>
            <th scope="col">Quant</th>
            <th scope="col">Fit</th>
            <th scope="col">Memory</th>
            <th scope="col">Generation</th>
            <th scope="col">Prompt</th>
          </tr>
        </thead>
        <tbody>
          {r.options.map((o) => (
            <tr key={o.quant}>
              <td>{o.quant}</td>
              <td>
                <FitBadge e={o} tight={isTight(o)} />
              </td>
              <td>{formatBytes(o.memory.totalBytes)}</td>
              <td>{o.speed ? `${formatTokensPerSec(o.speed.generationTokensPerSec.value)} tok/s` : '—'}</td>
              <td>{o.speed?.promptTokensPerSec ? `${formatTokensPerSec(o.speed.promptTokensPerSec.value)} tok/s` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.notes.map((n) => (
        <p key={n} className="muted">
          {n}
        </p>
      ))}
    </div>
  );
}
