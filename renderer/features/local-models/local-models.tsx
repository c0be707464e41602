import { useEffect, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import type { EstimateOptions } from '../../../app/domain/estimate';
import type { HardwareProfile } from '../../../app/domain/hardware';
import type { LocalModel, LocalScanProgress } from '../../../app/domain/local-model';
import { estimateGguf } from '../../../app/estimator/local-estimate';
import { formatBytes, formatTokensPerSec } from '../../../app/format/units';
import { FitBadge } from '../../components/fit-badge';
import { Spinner } from '../../components/spinner';
import { droppedFilePath, sizerApi } from '../../lib/sizer-api';
import { ConfigModel } from './config-model';
import { settingsLine } from '../../lib/settings-line';

function Row({ m, profile, options }: { readonly m: LocalModel; readonly profile: HardwareProfile; readonly options: EstimateOptions }) {
  if (!m.model) {
    return (
      <tr data-testid="local-row">
        <td>{m.displayName}</td>
        <td>{m.app}</td>
        <td colSpan={4} className="warn">
          {m.error?.message ?? 'Unreadable'}
        </td>
      </tr>
    );
  }
  const r = estimateGguf(profile, m.model, m.path, options);
  const e = r.ok ? r.value : null;
  return (
    <tr data-testid="local-row" title={m.path}>
      <td>
        {m.displayName}
        {m.mmprojPath && <span className="muted small"> · vision projector</span>}
        {m.parts.length > 1 && <span className="muted small"> · {m.parts.length} parts</span>}
      </td>
      <td>{m.app}</td>
      <td>{m.model.quantLabel}</td>
      <td>{formatBytes(m.fileBytes)}</td>
      <td>{e ? <FitBadge e={e} /> : <span className="warn">{r.ok ? '' : r.error.message}</span>}</td>
      <td>{e?.speed ? `${formatTokensPerSec(e.speed.generationTokensPerSec.value)} tok/s` : '—'}</td>
    </tr>
  );
}

/** The GGUF files already on this disk, sized with the same estimator; plus one file by path or by drop. */
export function LocalModels({ profile, options }: { readonly profile: HardwareProfile; readonly options: EstimateOptions }) {
  const [models, setModels] = useState<readonly LocalModel[] | null>(null);
  const [scanning, setScanning] = useState(false);
  const [progress, setProgress] = useState<LocalScanProgress | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const [droppedConfig, setDroppedConfig] = useState<File | null>(null);
  const timer = useRef<number | null>(null);
  useEffect(() => () => {
    if (timer.current !== null) window.clearInterval(timer.current);
  }, []);
  const scan = () => {
    setScanning(true);
    setMessage(null);
    timer.current = window.setInterval(() => {
      void sizerApi.getLocalScanProgress().then((r) => r.ok && setProgress(r.value));
    }, 300);
    void sizerApi.scanLocalModels().then((r) => {
      if (timer.current !== null) window.clearInterval(timer.current);
      setScanning(false);
      if (!r.ok) {
        setMessage(r.error.message);
        return;
      }
      setModels(r.value.models);
      setMessage(
        `${r.value.cancelled ? 'Cancelled: ' : ''}${r.value.models.length} GGUF files in ${r.value.folders.length} folders (${(r.value.durationMs / 1000).toFixed(1)} s).`,
      );
    });
  };
  const add = (p: string) => {
    if (!p.trim()) return;
    setMessage(null);
    void sizerApi.sizeGgufFile(p.trim()).then((r) => {
      if (!r.ok) setMessage(r.error.message);
      else setModels((prev) => [r.value, ...(prev ?? []).filter((m) => m.path !== r.value.path)]);
    });
  };
  const onDrop = (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    // A config.json is read in the window itself (no path needed, in the browser too).
    if (file && /\.json$/i.test(file.name)) {
      setDroppedConfig(file);
      return;
    }
    const dropped = file ? droppedFilePath(file) : null;
    if (dropped) add(dropped);
    else setMessage('This browser does not reveal where a dropped file is: type its path instead.');
  };
  return (
    <section aria-label="Models on this disk" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="local-models">
      <div className="controls">
        <button type="button" onClick={scan} disabled={scanning}>
          {models === null ? 'Scan model folders' : 'Scan again'}
        </button>
        {scanning && (
          <button type="button" onClick={() => void sizerApi.cancelLocalScan()}>
            Cancel
          </button>
        )}
        <input
          className="wide"
          placeholder="…or a .gguf path (or drop a .gguf or config.json here)"
          aria-label="GGUF file path"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && add(path)}
        />
        <button type="button" onClick={() => add(path)} disabled={!path.trim()}>
          Size file
        </button>
      </div>
      <p className="muted small" data-testid="disk-settings">
        {settingsLine(options)}
      </p>
      <ConfigModel profile={profile} options={options} dropped={droppedConfig} />
      {scanning && <Spinner label={progress ? `Scanned ${progress.scannedFiles} files, found ${progress.found}… ${progress.currentPath}` : 'Scanning model folders…'} />}
      {message && (
        <p className="muted" role="status" data-testid="local-status">
          {message}
        </p>
      )}
      {models !== null && models.length === 0 && !scanning && (
        <p className="empty">No GGUF files in the LM Studio, Ollama, Hugging Face, llama.cpp, Jan or GPT4All folders. Type a path above.</p>
      )}
      {models !== null && models.length > 0 && (
        <table className="model-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">App</th>
              <th scope="col">Quant</th>
              <th scope="col">Size</th>
              <th scope="col">Fit</th>
              <th scope="col">Generation</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <Row key={m.path} m={m} profile={profile} options={options} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
