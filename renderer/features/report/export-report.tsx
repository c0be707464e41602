import { useState } from 'react';
import { REPORT_FORMATS } from '../../../app/domain/report';
import type { ReportFormat, SaveReportRequest } from '../../../app/domain/report';
import { sizerApi } from '../../lib/sizer-api';

type ExportState = { readonly kind: 'idle' } | { readonly kind: 'saving' } | { readonly kind: 'saved'; readonly path: string } | { readonly kind: 'cancelled' } | { readonly kind: 'error'; readonly message: string };

/** Exports what the model list shows: the same context, prompt, KV cache, runtime and ranking. */
export function ExportReport({ settings }: { readonly settings: Omit<SaveReportRequest, 'format'> }) {
  const [format, setFormat] = useState<ReportFormat>('markdown');
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const save = () => {
    setState({ kind: 'saving' });
    void sizerApi.saveReport({ format, ...settings }).then((r) => {
      if (!r.ok) setState({ kind: 'error', message: r.error.message });
      else if (r.value.path === null) setState({ kind: 'cancelled' });
      else setState({ kind: 'saved', path: r.value.path });
    });
  };
  return (
    <div className="export" aria-label="Export report">
      <select value={format} aria-label="Report format" onChange={(ev) => setFormat(ev.target.value as ReportFormat)}>
        {REPORT_FORMATS.map((f) => (
          <option key={f} value={f}>
            {f === 'markdown' ? 'Markdown' : f.toUpperCase()}
          </option>
        ))}
      </select>
      <button type="button" onClick={save} disabled={state.kind === 'saving'}>
        {state.kind === 'saving' ? 'Saving…' : 'Export report'}
      </button>
      <span role="status" aria-live="polite" data-testid="export-status">
        {state.kind === 'saved' && `Saved to ${state.path}`}
        {state.kind === 'cancelled' && 'Not saved.'}
        {state.kind === 'error' && <span className="warn">{state.message}</span>}
      </span>
    </div>
  );
}
