import { useState } from 'react';

/** Copies `text` to the clipboard; a plain button, so Tab reaches it and Enter or Space presses it. */
export function CopyButton({ text, label }: { readonly text: string; readonly label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    void navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <span className="copy">
      <button type="button" onClick={copy} aria-label={`Copy ${label}`}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span role="status" className="small muted">
        {state === 'failed' ? 'The clipboard refused: select the text and copy it.' : ''}
      </span>
    </span>
  );
}
