import { useState } from 'react';
import { PAPER_SIZES, REPORT_FORMATS } from '../../../app/domain/report';
import type { PaperSize, ReportFormat, SaveReportRequest } from '../../../app/domain/report';
import { downloadReport, servedInBrowser, sizerApi } from '../../lib/sizer-api';

type ExportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly path: string }
  | { readonly kind: 'downloaded'; readonly name: string }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'error'; readonly message: string };

const FORMAT_NAMES: Readonly<Record<ReportFormat, string>> = { markdown: 'Markdown', html: 'HTML', json: 'JSON', pdf: 'PDF' };

/** Letter where it is the usual paper (the US, Canada, Mexico...), else A4. */
function defaultPaper(): PaperSize {
  return /-(US|CA|MX|PH|CL|CO|VE|GT|PR)$/i.test(navigator.language) ? 'letter' : 'a4';
}

/**
 * Exports what the model list shows: the same context, prompt, KV cache, runtime and ranking. The desktop app
 * asks where to save and offers to show the file; the served app lets the browser download it.
 */
export function ExportReport({ settings }: { readonly settings: Omit<SaveReportRequest, 'format'> }) {
  const [format, setFormat] = useState<ReportFormat>('markdown');
  const [paper, setPaper] = useState<PaperSize>(defaultPaper);
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const save = () => {
    setState({ kind: 'saving' });
    const request: SaveReportRequest = { format, ...settings, paper, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
    if (servedInBrowser) {
      void downloadReport(request).then((r) => setState(r.ok ? { kind: 'downloaded', name: r.value } : { kind: 'error', message: r.error.message }));
      return;
    }
    void sizerApi.saveReport(request).then((r) => {
      if (!r.ok) setState({ kind: 'error', message: r.error.message });
      else if (r.value.path === null) setState({ kind: 'cancelled' });
      else setState({ kind: 'saved', path: r.value.path });
    });
  };
  const showInFolder = (path: string) => {
    void sizerApi.showReportInFolder(path).then((r) => {
      if (!r.ok) setState({ kind: 'error', message: r.error.message });
    });
  };
  return (
    <div className="export" aria-label="Export report">
      <select value={format} aria-label="Report format" onChange={(ev) => setFormat(ev.target.value as ReportFormat)}>
        {REPORT_FORMATS.map((f) => (
          <option key={f} value={f}>
            {FORMAT_NAMES[f]}
          </option>
        ))}
      </select>
      {format === 'pdf' && (
        <select value={paper} aria-label="Paper size" onChange={(ev) => setPaper(ev.target.value as PaperSize)}>
          {PAPER_SIZES.map((p) => (
            <option key={p} value={p}>
              {p === 'a4' ? 'A4' : 'Letter'}
            </option>
          ))}
        </select>
      )}
      <button type="button" onClick={save} disabled={state.kind === 'saving'}>
        {state.kind === 'saving' ? 'Saving…' : 'Export report'}
      </button>
      <span role="status" aria-live="polite" data-testid="export-status">
        {state.kind === 'saved' && (
          <>
            Saved to {state.path}{' '}
            <button type="button" className="link" onClick={() => showInFolder(state.path)}>
              Show in folder
            </button>
          </>
        )}
        {state.kind === 'downloaded' && `Downloaded ${state.name}`}
        {state.kind === 'cancelled' && 'Not saved.'}
        {state.kind === 'error' && <span className="warn">{state.message}</span>}
      </span>
    </div>
  );
}
