import { useDeferredValue, useLayoutEffect, useMemo, useRef, useState } from 'react';
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
import { DEFAULT_MIN_TOKENS_PER_SEC, recommendAll } from '../../../app/estimator/recommend';
import { memoryBarChart } from '../../../app/charts/memory-bar';
import type { RecommendGoal, Recommendation } from '../../../app/estimator/recommend';
import { formatBytes, formatSeconds, formatTokens, formatTokensPerSec } from '../../../app/format/units';
import { FitBadge } from '../../components/fit-badge';
import { SvgView } from '../../components/svg-view';
import { oneOf, usePersisted } from '../../lib/persisted';
import { Details } from './model-details';
import { isTight, runsUsably, whyRanked } from './why';

export const CONTEXT_STEPS = [2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144] as const;

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

const SORT_KEYS = ['rank', 'model', 'quality', 'memory', 'speed', 'first-token'] as const;
type SortKey = (typeof SORT_KEYS)[number];
const SORT_DIRS = ['asc', 'desc'] as const;
type SortDir = (typeof SORT_DIRS)[number];

/** The value a column sorts by; null sorts last whatever the direction. */
function sortValue(r: Recommendation, key: SortKey): number | string | null {
  const e = r.best;
  switch (key) {
    case 'model':
      return r.model.name.toLowerCase();
    case 'quality':
      return r.model.quality?.score ?? null;
    case 'memory':
      return e ? e.memory.totalBytes : null;
    case 'speed':
      return e?.speed?.generationTokensPerSec.value ?? null;
    case 'first-token':
      return e?.speed?.timeToFirstTokenSec?.value ?? null;
    default:
      return null;
  }
}

function sorted(recs: readonly Recommendation[], key: SortKey, dir: SortDir): readonly Recommendation[] {
  if (key === 'rank') return dir === 'asc' ? recs : [...recs].reverse();
  const sign = dir === 'asc' ? 1 : -1;
  return [...recs].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    return (va < vb ? -1 : va > vb ? 1 : 0) * sign;
  });
}

const COLUMNS: readonly { key: SortKey; label: (promptTokens: number) => string; className?: string }[] = [
  { key: 'model', label: () => 'Model' },
  { key: 'quality', label: () => 'Why here', className: 'why-cell' },
  { key: 'rank', label: () => 'Quant and fit' },
  { key: 'memory', label: () => 'Memory' },
  { key: 'speed', label: () => 'Generation' },
  { key: 'first-token', label: (p) => `First token (${formatTokens(p)} prompt)` },
];

export function ModelList({ profile, controls, onControls }: { readonly profile: HardwareProfile; readonly controls: ModelControls; readonly onControls: (c: ModelControls) => void }) {
  const [query, setQuery] = usePersisted('filter', '', (s) => s);
  const [open, setOpen] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const offloadGpu = profile.gpus.find((g) => g.usedForOffload);
  const [sortKey, setSortKey] = usePersisted<SortKey>('sort', 'rank', oneOf(SORT_KEYS));
  const [sortDir, setSortDir] = usePersisted<SortDir>('dir', 'asc', oneOf(SORT_DIRS));
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
  // The controls repaint at once; the list (every model x quantization, and the open model's charts) follows in a
  // deferred render that a further slider step interrupts, so dragging never waits for a table nobody sees yet.
  const listed = useDeferredValue(controls);
  const options = useMemo(() => estimateOptionsFor(listed), [listed]);
  const recs = useMemo(
    () =>
      recommendAll(profile, builtInCatalog().models, {
        estimate: options,
        quantIds: recommendedQuantIds(listed.runtime),
        goal: listed.goal,
        minTokensPerSec: DEFAULT_MIN_TOKENS_PER_SEC,
      }),
    [profile, listed, options],
  );
  const q = query.trim().toLowerCase();
  const filtered = recs.filter((r) => !q || `${r.model.name} ${r.model.family} ${r.model.capabilities.join(' ')}`.toLowerCase().includes(q));
  const runnable = filtered.filter((r) => r.best !== null);
  // "Runs" means at a usable speed: a model that fits but crawls below the minimum is listed, not counted.
  const usable = runnable.filter((r) => runsUsably(r.best, DEFAULT_MIN_TOKENS_PER_SEC)).length;
  const shown = sorted(showAll ? filtered : runnable, sortKey, sortDir);
  const stepIndex = Math.max(0, CONTEXT_STEPS.findIndex((c) => c >= controls.contextTokens));
  const promptShown = Math.min(listed.promptTokens, listed.contextTokens);
  const onSort = (key: SortKey) => {
    if (key === sortKey) setSortDir(sortDir === 'asc' ? 'desc' : 'asc');
    else {
      setSortKey(key);
      // Names read A to Z; numbers read biggest first, except memory and waiting time, smallest first.
      setSortDir(key === 'speed' || key === 'quality' ? 'desc' : 'asc');
    }
  };
  return (
    <section aria-labelledby="models-title">
      <header className="card-header">
        <h2 id="models-title" className="visually-hidden">Models that run here</h2>
        <span className="muted" data-testid="model-count" role="status" aria-live="polite">
          {usable} of {filtered.length} run at ≥ {DEFAULT_MIN_TOKENS_PER_SEC} tok/s
          {runnable.length > usable ? ` (${runnable.length - usable} more fit but are slower)` : ''}
        </span>
      </header>
      <div className="controls">
        <label>
          Context <strong data-testid="context-value">{formatTokens(controls.contextTokens)}</strong>
          <input
            type="range"
            min={0}
            max={CONTEXT_STEPS.length - 1}
            value={stepIndex}
            aria-label="Context length"
            aria-valuetext={`${formatTokens(controls.contextTokens)} tokens`}
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
        <table className="model-table" data-testid="model-table" aria-busy={listed !== controls} data-context={listed.contextTokens}>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" className={c.className} aria-sort={sortKey === c.key ? (sortDir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  <button type="button" className="sort" onClick={() => onSort(c.key)} title={c.key === 'rank' ? 'Sort by the ranking' : undefined}>
                    {c.label(promptShown)}
                    <span aria-hidden="true">{sortKey === c.key ? (sortDir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const isOpen = open === r.model.id;
              return (
                <FragmentRow key={r.model.id} r={r} e={r.best} profile={profile} options={options} isOpen={isOpen} onToggle={() => setOpen(isOpen ? null : r.model.id)} />
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
  const why = whyRanked(r.model, e, DEFAULT_MIN_TOKENS_PER_SEC);
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
        <td className="small why-cell" data-testid="why" title={why.long.join(' ')}>
          {why.short}
        </td>
        <td>
          {e?.quant ?? '—'} <FitBadge e={e} tight={isTight(e)} />
        </td>
        <td data-testid="memory">
          {e ? (
            <span className="memory-cell">
              <SvgView node={memoryBarChart(e.memory, { ramBytes: profile.memory.totalBytes.value, width: 90, compact: true }).svg} />
              {formatBytes(e.memory.totalBytes)}
            </span>
          ) : (
            '—'
          )}
        </td>
        <td data-testid="generation">
          {e?.speed
            ? (
              <>
                {formatTokensPerSec(e.speed.generationTokensPerSec.value)} tok/s{' '}
                <span className="range">
                  ({formatTokensPerSec(e.speed.generationTokensPerSec.low)}–{formatTokensPerSec(e.speed.generationTokensPerSec.high)})
                </span>
                {e.speed.calibration ? (
                  <span className="badge measured" data-testid="measured" title={`Calibrated to llama.cpp measurements of this machine (${e.speed.calibration.backends.join(', ')}, ${e.speed.calibration.measuredAt.slice(0, 10)})`}>
                    {' '}
                    measured
                  </span>
                ) : null}
              </>
            )
            : '—'}
          {(r.belowMinSpeed || (e?.speed && e.speed.generationTokensPerSec.value < DEFAULT_MIN_TOKENS_PER_SEC)) && (
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
