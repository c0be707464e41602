import { useState } from 'react';
import { allGpus } from '../../../app/catalog/gpus';

/** Pick the table entry for a card the scan could not identify: type to search, choose, Apply. */
export function GpuPicker({ onPick, current }: { readonly onPick: (specId: string) => void; readonly current: string | null }) {
  const [text, setText] = useState('');
  const gpus = allGpus();
  const match = gpus.find((g) => g.name.toLowerCase() === text.trim().toLowerCase());
  return (
    <span className="picker">
      <input
        list="gpu-table"
        placeholder={current ? 'Pick another card…' : 'Pick this card from the table…'}
        aria-label="Pick the GPU from the table"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && match) onPick(match.id);
        }}
      />
      <datalist id="gpu-table">
        {gpus.map((g) => (
          <option key={g.id} value={g.name} />
        ))}
      </datalist>
      <button type="button" disabled={!match} onClick={() => match && onPick(match.id)}>
        Apply
      </button>
    </span>
  );
}
