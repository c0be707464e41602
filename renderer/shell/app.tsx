import { useEffect, useState } from 'react';
import type { AppInfo } from '../../app/domain/report';
import { DEFAULT_OPTIONS } from '../../app/estimator/estimate';
import { HardwareCard } from '../features/hardware/hardware-card';
import { ModelList } from '../features/models/model-list';
import type { ModelControls } from '../features/models/model-list';
import { ExportReport } from '../features/report/export-report';
import { sizerApi } from '../lib/sizer-api';
import { useHardware } from '../lib/use-hardware';

export function App() {
  const { state, rescan } = useHardware();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [controls, setControls] = useState<ModelControls>({ contextTokens: DEFAULT_OPTIONS.contextTokens, kvCacheType: 'f16', goal: 'quality' });
  useEffect(() => {
    void sizerApi.getAppInfo().then((r) => {
      if (r.ok) setInfo(r.value);
    });
  }, []);
  return (
    <div className="app">
      <header className="topbar">
        <h1>LLM Sizer</h1>
        <span className="muted">
          {info ? `v${info.version} · ${info.modelCount} models${info.hardwareFromFile ? ` · profile ${info.hardwareFromFile}` : ''}` : ''}
        </span>
        <ExportReport contextTokens={controls.contextTokens} />
      </header>
      <main className="layout">
        <HardwareCard state={state} onRescan={rescan} />
        {state.status === 'ready' ? (
          <ModelList profile={state.profile} controls={controls} onControls={setControls} />
        ) : (
          <article className="card models">
            <h2>Models that run here</h2>
            <p className="muted">{state.status === 'error' ? 'Needs a hardware profile.' : 'Waiting for the hardware scan…'}</p>
          </article>
        )}
      </main>
    </div>
  );
}
