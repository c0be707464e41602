import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { EstimateOptions } from '../../app/domain/estimate';
import { KV_CACHE_TYPES, RUNTIMES } from '../../app/domain/estimate';
import type { AppInfo } from '../../app/domain/report';
import { DEFAULT_OPTIONS } from '../../app/estimator/estimate';
import { Compare } from '../features/compare/compare';
import { HardwareCard } from '../features/hardware/hardware-card';
import { HfSearch } from '../features/hf-search/hf-search';
import { MeasurePanel } from '../features/measure/measure-panel';
import { LocalModels } from '../features/local-models/local-models';
import { CONTEXT_STEPS, estimateOptionsFor, ModelList, PROMPT_STEPS } from '../features/models/model-list';
import type { ModelControls } from '../features/models/model-list';
import { ExportReport } from '../features/report/export-report';
import { oneOf, usePersisted } from '../lib/persisted';
import { useServerLost } from '../lib/server-status';
import { isServed, sizerApi } from '../lib/sizer-api';
import { useHardware } from '../lib/use-hardware';
import { useSmallWindow } from './use-small-window';

const TABS = [
  { id: 'catalog', label: 'Models that run here' },
  { id: 'disk', label: 'On this disk' },
  { id: 'hf', label: 'Hugging Face' },
  { id: 'compare', label: 'Compare / what if' },
] as const;
type Tab = (typeof TABS)[number]['id'];
const TAB_IDS = TABS.map((t) => t.id);
const GOALS = ['quality', 'speed', 'context'] as const;
const THEMES = ['system', 'light', 'dark'] as const;
type Theme = (typeof THEMES)[number];

/** The list's controls, each kept in localStorage and the URL (lib/persisted.ts). */
function usePersistedControls(): [ModelControls, (c: ModelControls) => void] {
  const [contextTokens, setContext] = usePersisted<number>('context', DEFAULT_OPTIONS.contextTokens, (s) => oneOf<number>(CONTEXT_STEPS)(s));
  const [promptTokens, setPrompt] = usePersisted<number>('prompt', DEFAULT_OPTIONS.promptTokens, (s) => oneOf<number>(PROMPT_STEPS)(s));
  const [kvCacheType, setKv] = usePersisted('kv', 'f16' as ModelControls['kvCacheType'], oneOf(KV_CACHE_TYPES));
  const [runtime, setRuntime] = usePersisted('runtime', 'llama.cpp' as ModelControls['runtime'], oneOf(RUNTIMES));
  const [goal, setGoal] = usePersisted('goal', 'quality' as ModelControls['goal'], oneOf(GOALS));
  const controls = useMemo(() => ({ contextTokens, promptTokens, kvCacheType, runtime, goal }), [contextTokens, promptTokens, kvCacheType, runtime, goal]);
  const set = useCallback(
    (c: ModelControls) => {
      setContext(c.contextTokens);
      setPrompt(c.promptTokens);
      setKv(c.kvCacheType);
      setRuntime(c.runtime);
      setGoal(c.goal);
    },
    [setContext, setPrompt, setKv, setRuntime, setGoal],
  );
  return [controls, set];
}

const ping = isServed ? () => void sizerApi.getAppInfo() : null;

export function App() {
  const { state, rescan, change, resetAll, measureRam, adopt, notice, changeError } = useHardware();
  // "Formula only": the estimates leave this machine's llama.cpp measurements out (one object per profile, so the
  // estimator's per-profile caches keep working).
  const [rawSpeeds, setRawSpeeds] = useState(false);
  const readyProfile = state.status === 'ready' ? state.profile : null;
  const estimateProfile = useMemo(
    () => (readyProfile && rawSpeeds && readyProfile.calibration ? { ...readyProfile, calibration: undefined } : readyProfile),
    [readyProfile, rawSpeeds],
  );
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [tab, setTab] = usePersisted<Tab>('tab', 'catalog', oneOf(TAB_IDS));
  const [controls, setControls] = usePersistedControls();
  const [theme, setTheme] = usePersisted<Theme>('theme', 'system', oneOf(THEMES));
  const small = useSmallWindow();
  const [cardOpen, setCardOpen] = useState(false);
  const serverLost = useServerLost(ping);
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset['theme'];
    else document.documentElement.dataset['theme'] = theme;
  }, [theme]);
  useEffect(() => {
    void sizerApi.getAppInfo().then((r) => {
      if (r.ok) setInfo(r.value);
    });
  }, []);
  // The other tabs size GGUF files: MLX, an Apple-only runtime for MLX weights, falls back to llama.cpp there.
  const listOptions = useMemo(() => estimateOptionsFor(controls), [controls]);
  const options: EstimateOptions = useMemo(() => ({ ...listOptions, runtime: listOptions.runtime === 'mlx' ? 'llama.cpp' : listOptions.runtime }), [listOptions]);
  // A panel is mounted when first opened and then kept (hidden when not selected), so a tab switch keeps its
  // inputs and results ("On this disk" does not scan again) without the app computing views nobody opened.
  const [visited, setVisited] = useState<ReadonlySet<Tab>>(() => new Set([tab]));
  useEffect(() => {
    setVisited((v) => (v.has(tab) ? v : new Set([...v, tab])));
  }, [tab]);
  const tabButtons = useRef<(HTMLButtonElement | null)[]>([]);
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : -1;
    if (next < 0) return;
    setTab(TABS[next]?.id ?? 'catalog');
    // The selected tab takes the focus, as in every tab list (WAI-ARIA): the old one has tabIndex -1 now.
    tabButtons.current[next]?.focus();
  };
  const profileFile = info?.hardwareFromFile ? info.hardwareFromFile.split(/[\\/]/).pop() : null;
  const panel = (id: Tab) => {
    if (state.status === 'error' && id === 'compare') return <Compare profile={null} options={options} />;
    if (state.status !== 'ready')
      return (
        <p className="muted">
          {state.status === 'error' ? 'Needs a hardware profile. "Compare / what if" works without one.' : 'Waiting for the hardware scan…'}
        </p>
      );
    if (id === 'catalog') return <ModelList profile={estimateProfile ?? state.profile} controls={controls} onControls={setControls} />;
    if (id === 'disk') return <LocalModels profile={estimateProfile ?? state.profile} options={options} />;
    if (id === 'hf') return <HfSearch profile={estimateProfile ?? state.profile} options={options} />;
    return <Compare profile={estimateProfile ?? state.profile} options={options} />;
  };
  return (
    <div className="app">
      <a
        className="skip-link"
        href="#model-filter"
        onClick={(e) => {
          e.preventDefault();
          setTab('catalog');
          // After the list renders (it may be on another tab), the filter takes the focus.
          window.setTimeout(() => document.getElementById('model-filter')?.focus(), 0);
        }}
      >
        Skip to the model list
      </a>
      {serverLost && (
        <div className="banner" role="alert" data-testid="server-lost">
          <strong>The LLM Sizer server stopped answering.</strong> Start it again where it ran (<code>npx llm-sizer serve</code> or{' '}
          <code>npm run serve</code>) and open the new address it prints: your settings are kept in this browser.
        </div>
      )}
      <header className="topbar">
        <h1>LLM Sizer</h1>
        <span className="muted">{info ? `v${info.version} · ${info.modelCount} models${profileFile ? ` · profile ${profileFile}` : ''}` : ''}</span>
        <label className="theme small">
          Theme
          <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)} aria-label="Colour theme">
            <option value="system">as the system</option>
            <option value="light">light</option>
            <option value="dark">dark</option>
          </select>
        </label>
        <ExportReport
          settings={{
            contextTokens: controls.contextTokens,
            promptTokens: listOptions.promptTokens,
            kvCacheType: controls.kvCacheType,
            runtime: controls.runtime,
            backend: controls.backend,
            goal: controls.goal,
          }}
        />
      </header>
      <main className="layout">
        <div className="side">
          <HardwareCard
            state={state}
            onRescan={rescan}
            onChange={change}
            onResetAll={resetAll}
            // Only a scanned machine can be measured: a loaded profile file or a GPU name has no RAM here.
            {...(info && info.hardwareFromFile === null && state.status === 'ready' && state.profile.label === 'This machine' ? { onMeasureRam: measureRam } : {})}
            notice={notice ?? changeError}
            collapsed={small && !cardOpen}
            {...(small ? { onToggleCollapsed: () => setCardOpen(!cardOpen) } : {})}
          />
          {state.status === 'ready' && !(small && !cardOpen) ? (
            <div className="card measure-card">
              <MeasurePanel profile={state.profile} onProfile={adopt} raw={rawSpeeds} onRaw={setRawSpeeds} />
            </div>
          ) : null}
        </div>
        <article className="card models">
          <div className="tabs" role="tablist" aria-label="Views" onKeyDown={onTabKey}>
            {TABS.map((t, index) => (
              <button
                key={t.id}
                ref={(el) => {
                  tabButtons.current[index] = el;
                }}
                type="button"
                role="tab"
                id={`tab-${t.id}`}
                aria-controls={`panel-${t.id}`}
                aria-selected={tab === t.id}
                tabIndex={tab === t.id ? 0 : -1}
                className={tab === t.id ? 'tab active' : 'tab'}
                onClick={() => setTab(t.id)}
              >
                {t.label}
              </button>
            ))}
          </div>
          {TABS.map((t) => (
            <div key={t.id} role="tabpanel" id={`panel-${t.id}`} aria-labelledby={`tab-${t.id}`} hidden={tab !== t.id} tabIndex={0} className="tab-panel">
              {(visited.has(t.id) || tab === t.id) && panel(t.id)}
            </div>
          ))}
        </article>
      </main>
    </div>
  );
}
