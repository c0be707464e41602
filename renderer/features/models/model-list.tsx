import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { builtInCatalog } from '../../../app/catalog/models';
import type { Estimate, EstimateOptions } from '../../../app/domain/estimate';
import type { HardwareProfile } from '../../../app/domain/hardware';
import { DEFAULT_OPTIONS } from '../../../app/estimator/estimate';
import { KV_CACHE_TYPES } from '../../../app/estimator/kv-cache';
import type { KvCacheType } from '../../../app/estimator/kv-cache';
import { BACKENDS, RUNTIMES } from '../../../app/domain/estimate';
import type { Backend, Runtime } from '../../../app/domain/estimate';
import { backendRunsOn, defaultBackend } from '../../../app/estimator/devices';
import { recommendedQuantIds } from '../../../app/estimator/quant-types';
import { DEFAULT_MIN_TOKENS_PER_SEC, maxContext, recommendAll } from '../../../app/estimator/recommend';
import { findQuant } from '../../../app/estimator/quant-types';
import type { RecommendGoal, Recommendation } from '../../../app/estimator/recommend';
import { formatBytes, formatSeconds, formatTokens, formatTokensPerSec } from '../../../app/format/units';
import { FitBadge } from '../../components/fit-badge';

const CONTEXT_STEPS = [2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144] as const;

/** The chosen runtime's command first, then the others. */
function launchLines(e: Estimate, runtime: Runtime): string[] {
  const all: [Runtime, string][] = [
    ['llama.cpp', e.launch.llamaCpp],
    ['ollama', e.launch.ollama],
    ['lmstudio', e.launch.lmStudio],
  ];
  const first = runtime === 'mlx' ? 'llama.cpp' : runtime;
  return [...all.filter(([r]) => r === first), ...all.filter(([r]) => r !== first)].map(([, line]) => line);
}

function Details({ r, profile, options }: { readonly r: Recommendation; readonly profile: HardwareProfile; readonly options: EstimateOptions }) {
  const e = r.best;
  const quant = e ? findQuant(e.quant) : null;
  // The largest context with the settings the list uses (KV cache type, runtime), keeping this fit.
  const largest = useMemo(
    () => (e && quant ? maxContext(profile, r.model, quant, options, e.fit === 'full-gpu' ? 'full-gpu' : 'partial') : 0),
    [e, quant, profile, r.model, options],
  );
  if (!e) return <p className="muted">No quantization fits in memory with this context.</p>;
  const m = e.memory;
  return (
    <div className="details">
      <dl className="kv">
        <dt>Weights</dt>
        <dd>{formatBytes(m.weightsBytes)}</dd>
        <dt>KV cache</dt>
        <dd>{formatBytes(m.kvCacheBytes)}</dd>
        <dt>Compute buffers</dt>
        <dd>{formatBytes(m.computeBytes)}</dd>
        <dt>Runtime reserve</dt>
        <dd>{formatBytes(m.overheadBytes)}</dd>
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
      <p className="launch-title">Launch it:</p>
      <pre className="launch">{launchLines(e, options.runtime).join('\n')}</pre>
      <table className="quants">
        <caption>Every quantization at this context</caption>
        <thead>
          <tr>
            <th>Quant</th>
            <th>Fit</th>
            <th>Memory</th>
            <th>Generation</th>
            <th>Prompt</th>
          </tr>
        </thead>
        <tbody>
          {r.options.map((o) => (
            <tr key={o.quant}>
              <td>{o.quant}</td>
              <td>
                <FitBadge e={o} />
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

/** Prompt lengths people size for: a chat turn, a long question, a document, a codebase or agent context. */
export const PROMPT_STEPS = [512, 2048, 8192, 32768] as const;

/** The estimate options the list's controls stand for (the other tabs and the report use the same). */
export function estimateOptionsFor(controls: ModelControls): EstimateOptions {
  // Generation starts where the prompt ends: each new token reads the prompt's KV cache.
  const prompt = Math.min(controls.promptTokens, controls.contextTokens);
  return { ...DEFAULT_OPTIONS, contextTokens: controls.contextTokens, kvCacheType: controls.kvCacheType, promptTokens: prompt, depthTokens: prompt, runtime: controls.runtime, backend: controls.backend };
}

export interface ModelControls {
  readonly contextTokens: number;
  /** Tokens of prompt to process before the first generated token (time to first token); capped at the context. */
  readonly promptTokens: number;
  readonly kvCacheType: KvCacheType;
  readonly goal: RecommendGoal;
  readonly runtime: Runtime;
  /** llama.cpp backend; unset: the machine's default. */
  readonly backend?: Backend | undefined;
}

const RUNTIME_LABELS: Readonly<Record<Runtime, string>> = { 'llama.cpp': 'llama.cpp', ollama: 'Ollama', lmstudio: 'LM Studio', mlx: 'MLX (Apple)' };

export function ModelList({ profile, controls, onControls }: { readonly profile: HardwareProfile; readonly controls: ModelControls; readonly onControls: (c: ModelControls) => void }) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const offloadGpu = profile.gpus.find((g) => g.usedForOffload);
  const filterRef = useRef<HTMLInputElement>(null);
  // "/" focuses the filter, as in most list-heavy apps, unless the user is typing in a field.
  // A layout effect: the listener is in place before the list is painted, so a "/" pressed as soon as the rows
  // show is never lost (a passive effect runs after paint, and a slow machine let a key slip through before it).
  useLayoutEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key === '/' && !['INPUT', 'SELECT', 'TEXTAREA'].includes(target?.tagName ?? '')) {
        e.preventDefault();
        filterRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const options = useMemo(() => estimateOptionsFor(controls), [controls]);
  const recs = useMemo(
    () =>
      recommendAll(profile, builtInCatalog().models, {
        estimate: options,
        quantIds: recommendedQuantIds(controls.runtime),
        goal: controls.goal,
        minTokensPerSec: DEFAULT_MIN_TOKENS_PER_SEC,
      }),
    [profile, controls, options],
  );
  const q = query.trim().toLowerCase();
  const filtered = recs.filter((r) => !q || `${r.model.name} ${r.model.family} ${r.model.capabilities.join(' ')}`.toLowerCase().includes(q));
  const runnable = filtered.filter((r) => r.best !== null);
  const shown = showAll ? filtered : runnable;
  const stepIndex = Math.max(0, CONTEXT_STEPS.findIndex((c) => c >= controls.contextTokens));
  return (
    <section aria-labelledby="models-title">
      <header className="card-header">
        <h2 id="models-title" className="visually-hidden">Models that run here</h2>
        <span className="muted" data-testid="model-count">
          {runnable.length} of {filtered.length} run
        </span>
      </header>
      <div className="controls">
        <label>
          Context <strong>{formatTokens(controls.contextTokens)}</strong>
          <input
            type="range"
            min={0}
            max={CONTEXT_STEPS.length - 1}
            value={stepIndex}
            aria-label="Context length"
            onChange={(ev) => {
              const contextTokens = CONTEXT_STEPS[Number(ev.target.value)] ?? 8192;
              // A prompt longer than the new context drops to the longest step that fits, so the select shows what is used.
              const fitting = PROMPT_STEPS.filter((p) => p <= contextTokens);
              const promptTokens = controls.promptTokens <= contextTokens ? controls.promptTokens : (fitting[fitting.length - 1] ?? PROMPT_STEPS[0]);
              onControls({ ...controls, contextTokens, promptTokens });
            }}
          />
        </label>
        <label>
          Prompt
          <select
            value={controls.promptTokens}
            aria-label="Prompt length"
            onChange={(ev) => onControls({ ...controls, promptTokens: Number(ev.target.value) })}
          >
            {PROMPT_STEPS.map((p) => (
              <option key={p} value={p} disabled={p > controls.contextTokens}>
                {formatTokens(p)}
              </option>
            ))}
          </select>
        </label>
        <label>
          KV cache
          <select value={controls.kvCacheType} onChange={(ev) => onControls({ ...controls, kvCacheType: ev.target.value as KvCacheType })}>
            {KV_CACHE_TYPES.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          Runtime
          <select value={controls.runtime} onChange={(ev) => onControls({ ...controls, runtime: ev.target.value as Runtime })}>
            {RUNTIMES.filter((r) => r !== 'mlx' || profile.gpus.some((g) => g.vendor === 'apple')).map((r) => (
              <option key={r} value={r}>
                {RUNTIME_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Backend
          <select value={controls.backend ?? ''} onChange={(ev) => onControls({ ...controls, backend: ev.target.value === '' ? undefined : (ev.target.value as Backend) })}>
            <option value="">default{offloadGpu ? ` (${defaultBackend(offloadGpu)})` : ' (cpu)'}</option>
            {BACKENDS.filter((b) => profile.gpus.every((g) => !g.usedForOffload || backendRunsOn(b, g.vendor))).map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rank by
          <select value={controls.goal} onChange={(ev) => onControls({ ...controls, goal: ev.target.value as RecommendGoal })}>
            <option value="quality">quality (≥ {DEFAULT_MIN_TOKENS_PER_SEC} tok/s)</option>
            <option value="speed">speed</option>
            <option value="context">most room for context</option>
          </select>
        </label>
        <input
          ref={filterRef}
          id="model-filter"
          type="search"
          placeholder="Filter models (press /)"
          aria-label="Filter models"
          value={query}
          onChange={(ev) => setQuery(ev.target.value)}
          onKeyDown={(ev) => ev.key === 'Escape' && setQuery('')}
        />
        <label className="check">
          <input type="checkbox" checked={showAll} onChange={(ev) => setShowAll(ev.target.checked)} /> show models that do not fit
        </label>
      </div>
      {shown.length === 0 ? (
        <p className="empty">{q ? `No model matches "${query}".` : 'No model in the catalog fits in this memory at this context. Try a shorter context or a q4_0 KV cache.'}</p>
      ) : (
        <table className="model-table" data-testid="model-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Best quant</th>
              <th scope="col">Fit</th>
              <th scope="col">Memory</th>
              <th scope="col">Generation</th>
              <th scope="col">First token ({formatTokens(Math.min(controls.promptTokens, controls.contextTokens))} prompt)</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const e = r.best;
              const isOpen = open === r.model.id;
              return (
                <FragmentRow key={r.model.id} r={r} e={e} profile={profile} options={options} isOpen={isOpen} onToggle={() => setOpen(isOpen ? null : r.model.id)} />
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function FragmentRow({
  r,
  e,
  profile,
  options,
  isOpen,
  onToggle,
}: {
  readonly r: Recommendation;
  readonly e: Estimate | null;
  readonly profile: HardwareProfile;
  readonly options: EstimateOptions;
  readonly isOpen: boolean;
  readonly onToggle: () => void;
}) {
  return (
    <>
      <tr className="model-row" data-testid="model-row">
        <td>
          <button type="button" className="link" aria-expanded={isOpen} onClick={onToggle}>
            {r.model.name}
          </button>
          <span className="muted small"> {(r.model.parameters.total / 1e9).toFixed(1)}B{r.model.architecture.moe ? ` · ${(r.model.parameters.active / 1e9).toFixed(1)}B active` : ''}</span>
          {e && e.contextTokens > r.model.nativeContextTokens && (
            <span className="warn small" data-testid="beyond-native" title="Beyond the context the model was trained for: quality drops unless it supports RoPE scaling (YaRN)">
              {' '}
              · trained for {formatTokens(r.model.nativeContextTokens)}
            </span>
          )}
        </td>
        <td>{e?.quant ?? '—'}</td>
        <td>
          <FitBadge e={e} />
        </td>
        <td>{e ? formatBytes(e.memory.totalBytes) : '—'}</td>
        <td>
          {e?.speed
            ? `${formatTokensPerSec(e.speed.generationTokensPerSec.value)} tok/s (${formatTokensPerSec(e.speed.generationTokensPerSec.low)}–${formatTokensPerSec(e.speed.generationTokensPerSec.high)})`
            : '—'}
          {r.belowMinSpeed && (
            <span className="warn small" data-testid="below-min-speed">
              {' '}
              below {DEFAULT_MIN_TOKENS_PER_SEC} tok/s
            </span>
          )}
        </td>
        <td data-testid="first-token">{e?.speed?.timeToFirstTokenSec ? formatSeconds(e.speed.timeToFirstTokenSec.value) : '—'}</td>
      </tr>
      {isOpen && (
        <tr className="details-row">
          <td colSpan={6}>
            <Details r={r} profile={profile} options={options} />
          </td>
        </tr>
      )}
    </>
  );
}
