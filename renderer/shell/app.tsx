import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { EstimateOptions } from '../../app/domain/estimate';
import type { AppInfo } from '../../app/domain/report';
import { DEFAULT_OPTIONS } from '../../app/estimator/estimate';
import { Compare } from '../features/compare/compare';
import { HardwareCard } from '../features/hardware/hardware-card';
import { HfSearch } from '../features/hf-search/hf-search';
import { LocalModels } from '../features/local-models/local-models';
import { estimateOptionsFor, ModelList } from '../features/models/model-list';
import type { ModelControls } from '../features/models/model-list';
import { ExportReport } from '../features/report/export-report';
import { sizerApi } from '../lib/sizer-api';
import { useHardware } from '../lib/use-hardware';

const TABS = [
  { id: 'catalog', label: 'Models that run here' },
  { id: 'disk', label: 'On this disk' },
  { id: 'hf', label: 'Hugging Face' },
  { id: 'compare', label: 'Compare / what if' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function App() {
  const { state, rescan, change, resetAll, notice, changeError } = useHardware();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [tab, setTab] = useState<Tab>('catalog');
  const [controls, setControls] = useState<ModelControls>({
    contextTokens: DEFAULT_OPTIONS.contextTokens,
    promptTokens: DEFAULT_OPTIONS.promptTokens,
    kvCacheType: 'f16',
    goal: 'quality',
    runtime: 'llama.cpp',
  });
  useEffect(() => {
    void sizerApi.getAppInfo().then((r) => {
      if (r.ok) setInfo(r.value);
    });
  }, []);
  // The other tabs size GGUF files: MLX, an Apple-only runtime for MLX weights, falls back to llama.cpp there.
  const listOptions = estimateOptionsFor(controls);
  const options: EstimateOptions = { ...listOptions, runtime: listOptions.runtime === 'mlx' ? 'llama.cpp' : listOptions.runtime };
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
      <header className="topbar">
        <h1>LLM Sizer</h1>
        <span className="muted">{info ? `v${info.version} · ${info.modelCount} models${profileFile ? ` · profile ${profileFile}` : ''}` : ''}</span>
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
        <HardwareCard state={state} onRescan={rescan} onChange={change} onResetAll={resetAll} notice={notice ?? changeError} />
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
                aria-selected={tab === t.id}
                tabIndex={tab === t.id ? 0 : -1}
                className={tab === t.id ? 'tab active' : 'tab'}
                onClick={() => setTab(t.id)}
              >
                {t.label}
              </button>
            ))}
          </div>
          {state.status === 'error' && tab === 'compare' ? (
            // Choosing hardware does not need this machine's profile.
            <Compare profile={null} options={options} />
          ) : state.status !== 'ready' ? (
            <p className="muted">
              {state.status === 'error' ? 'Needs a hardware profile. "Compare / what if" works without one.' : 'Waiting for the hardware scan…'}
            </p>
          ) : tab === 'catalog' ? (
            <ModelList profile={state.profile} controls={controls} onControls={setControls} />
          ) : tab === 'disk' ? (
            <LocalModels profile={state.profile} options={options} />
          ) : tab === 'hf' ? (
            <HfSearch profile={state.profile} options={options} />
          ) : (
            <Compare profile={state.profile} options={options} />
          )}
        </article>
      </main>
    </div>
  );
}
