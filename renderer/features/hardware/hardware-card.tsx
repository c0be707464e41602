import { useState } from 'react';
import { gpuIndex } from '../../../app/catalog/gpus';
import { formatBytes } from '../../../app/format/units';
import type { GpuDevice, HardwareProfile } from '../../../app/domain/hardware';
import { gpuKey } from '../../../app/domain/overrides';
import type { OverrideChange } from '../../../app/domain/overrides';
import { COUNT_UNIT, EditableValue, GBPS_UNIT, GHZ_UNIT, GIB_UNIT, TFLOPS_UNIT } from '../../components/editable-value';
import { SourceBadge } from '../../components/source-badge';
import { Spinner } from '../../components/spinner';
import type { HardwareState } from '../../lib/use-hardware';
import { GpuPicker } from './gpu-picker';
import { hardwareSummary } from './hardware-summary';

/** Resolves with the error message when the change was not saved (the editor then keeps what was typed). */
type OnChange = (change: OverrideChange) => Promise<string | null>;

function SpecChooser({ gpu, onPick }: { readonly gpu: GpuDevice; readonly onPick: (specId: string) => void }) {
  const [open, setOpen] = useState(gpu.specId === null);
  const spec = gpu.specId ? gpuIndex().byId.get(gpu.specId) : undefined;
  return (
    <>
      {spec && <span className="small">{spec.name} </span>}
      {open ? (
        <GpuPicker current={gpu.specId} onPick={(id) => { setOpen(false); onPick(id); }} />
      ) : (
        <button type="button" className="link small" onClick={() => setOpen(true)} aria-label={`change the GPU table entry for ${gpu.name.value}`}>
          change
        </button>
      )}
    </>
  );
}

function GpuRow({ gpu, all, onChange }: { readonly gpu: GpuDevice; readonly all: readonly GpuDevice[]; readonly onChange: OnChange }) {
  const key = gpuKey(gpu, all);
  const edit = (field: 'vramTotalBytes' | 'vramFreeBytes' | 'bandwidthBytesPerSec' | 'fp16FlopsPerSec') => ({
    onSave: (value: number) => onChange({ kind: 'gpu', gpuKey: key, field, value }),
    onReset: () => void onChange({ kind: 'gpu', gpuKey: key, field, value: null }),
  });
  return (
    <li className="gpu" data-testid="gpu">
      <div className="gpu-name">
        <strong>{gpu.name.value}</strong> <SourceBadge value={gpu.name} />
        <span className="muted small"> · {gpu.kind}</span>
        {gpu.vramTotalBytes && <span className="muted small"> · {Math.round(gpu.vramTotalBytes.value / 1048576)} MiB</span>}
      </div>
      {gpu.specId === null && <p className="warn small">Not in the GPU table: its speed is unknown until you pick it.</p>}
      <dl className="kv">
        <dt>VRAM</dt>
        <dd>
          <EditableValue label={`${gpu.name.value} VRAM`} value={gpu.vramTotalBytes} unit={GIB_UNIT} testId="gpu-vram" {...edit('vramTotalBytes')} />
        </dd>
        <dt>Free</dt>
        <dd>
          <EditableValue label={`${gpu.name.value} free VRAM`} value={gpu.vramFreeBytes} unit={GIB_UNIT} {...edit('vramFreeBytes')} />
        </dd>
        {gpu.sharedMemoryBytes && (
          <>
            <dt>Shared (GTT)</dt>
            <dd>
              {formatBytes(gpu.sharedMemoryBytes.value)} <SourceBadge value={gpu.sharedMemoryBytes} />
            </dd>
          </>
        )}
        <dt>Bandwidth</dt>
        <dd>
          <EditableValue label={`${gpu.name.value} bandwidth`} value={gpu.bandwidthBytesPerSec} unit={GBPS_UNIT} testId="gpu-bandwidth" {...edit('bandwidthBytesPerSec')} />
        </dd>
        <dt>FP16</dt>
        <dd>
          <EditableValue label={`${gpu.name.value} FP16 compute`} value={gpu.fp16FlopsPerSec} unit={TFLOPS_UNIT} {...edit('fp16FlopsPerSec')} />
        </dd>
        <dt>Table</dt>
        <dd>
          <SpecChooser gpu={gpu} onPick={(specId) => void onChange({ kind: 'gpuSpec', gpuKey: key, specId })} />
        </dd>
      </dl>
      <label className="check small">
        <input
          type="checkbox"
          checked={gpu.usedForOffload}
          onChange={(e) => void onChange({ kind: 'gpuOffload', gpuKey: key, usedForOffload: e.target.checked })}
        />{' '}
        plan offload to this GPU
      </label>
    </li>
  );
}

/** "Measure again": the RAM copy benchmark, run now (the card says when it was measured). */
function MeasureRam({ onMeasure }: { readonly onMeasure: () => Promise<string | null> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {' '}
      <button
        type="button"
        className="link small"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          void onMeasure().then((message) => {
            setBusy(false);
            setError(message);
          });
        }}
      >
        {busy ? 'measuring…' : 'measure again'}
      </button>
      {error && (
        <span className="warn small" role="alert">
          {' '}
          {error}
        </span>
      )}
    </>
  );
}

function Profile({ profile, onChange, onMeasureRam }: { readonly profile: HardwareProfile; readonly onChange: OnChange; readonly onMeasureRam?: (() => Promise<string | null>) | undefined }) {
  const { cpu, memory, gpus } = profile;
  const mem = (field: 'totalBytes' | 'availableBytes' | 'bandwidthBytesPerSec') => ({
    onSave: (value: number) => onChange({ kind: 'memory', field, value }),
    onReset: () => void onChange({ kind: 'memory', field, value: null }),
  });
  return (
    <>
      <section aria-label="CPU">
        <h3>CPU</h3>
        <p data-testid="cpu-name">
          {cpu.name.value} <SourceBadge value={cpu.name} />
        </p>
        <p className="muted">
          <EditableValue
            label="CPU cores"
            value={cpu.physicalCores}
            unit={COUNT_UNIT}
            onSave={(value) => onChange({ kind: 'cpuCores', value })}
            onReset={() => void onChange({ kind: 'cpuCores', value: null })}
          />{' '}
          cores · base clock{' '}
          <EditableValue
            label="CPU base clock"
            value={cpu.clockHz ?? null}
            unit={GHZ_UNIT}
            testId="cpu-clock"
            onSave={(value) => onChange({ kind: 'cpuClock', value })}
            onReset={() => void onChange({ kind: 'cpuClock', value: null })}
          />
          {!cpu.clockHz && <span className="muted small"> (2.5 GHz assumed)</span>}{' '}
          · {cpu.logicalCores.value} threads · {cpu.isa.length > 0 ? cpu.isa.join(' ') : 'no SIMD flags read'}
        </p>
      </section>
      <section aria-label="Memory">
        <h3>Memory</h3>
        <dl className="kv">
          <dt>RAM</dt>
          <dd>
            <EditableValue label="RAM" value={memory.totalBytes} unit={GIB_UNIT} testId="ram-total" {...mem('totalBytes')} />
          </dd>
          <dt>Available</dt>
          <dd>
            <EditableValue label="available RAM" value={memory.availableBytes} unit={GIB_UNIT} {...mem('availableBytes')} />
          </dd>
          <dt>Bandwidth</dt>
          <dd>
            <EditableValue label="RAM bandwidth" value={memory.bandwidthBytesPerSec} unit={GBPS_UNIT} testId="ram-bandwidth" {...mem('bandwidthBytesPerSec')} />
            {onMeasureRam && <MeasureRam onMeasure={onMeasureRam} />}
            {memory.bandwidthBytesPerSec?.source === 'measured' && memory.bandwidthBytesPerSec.detail && (
              <span className="muted small" data-testid="ram-bandwidth-detail">
                {' '}
                ({memory.bandwidthBytesPerSec.detail})
              </span>
            )}
          </dd>
        </dl>
      </section>
      <section aria-label="GPUs">
        <h3>GPUs</h3>
        {gpus.length === 0 ? (
          <p className="empty" data-testid="no-gpu">
            No GPU found. Models run on the CPU, from system RAM.
          </p>
        ) : (
          <ul className="gpus">
            {gpus.map((g) => (
              <GpuRow key={g.id} gpu={g} all={gpus} onChange={onChange} />
            ))}
          </ul>
        )}
      </section>
      {profile.warnings.length > 0 && (
        <section aria-label="Warnings" className="warnings">
          {profile.warnings.map((w) => (
            <p key={w} className="warn small">
              {w}
            </p>
          ))}
        </section>
      )}
    </>
  );
}

export interface HardwareCardProps {
  readonly state: HardwareState;
  /** A small window: the card shows one line until it is opened, so the model list is on the first screen. */
  readonly collapsed?: boolean;
  readonly onToggleCollapsed?: () => void;
  readonly onRescan: () => void;
  readonly onChange: OnChange;
  readonly onResetAll: () => void;
  /** Runs the RAM benchmark again (absent: not offered). */
  readonly onMeasureRam?: () => Promise<string | null>;
  readonly notice: string | null;
}

export function HardwareCard({ state, onRescan, onChange, onResetAll, onMeasureRam, notice, collapsed = false, onToggleCollapsed }: HardwareCardProps) {
  const hasUserValues = state.status === 'ready' && JSON.stringify(state.profile).includes('"source":"user"');
  if (collapsed && state.status === 'ready')
    return (
      <article className="card hardware collapsed" aria-labelledby="hardware-title" data-testid="hardware-card">
        <h2 id="hardware-title" className="visually-hidden">
          Hardware
        </h2>
        <p className="summary-line" data-testid="hardware-summary">
          <span>{hardwareSummary(state.profile)}</span>
          <button type="button" onClick={onToggleCollapsed} aria-expanded={false}>
            Show hardware
          </button>
        </p>
        {notice && (
          <p className="error small" role="alert" data-testid="settings-notice">
            {notice}
          </p>
        )}
      </article>
    );
  return (
    <article className="card hardware" aria-labelledby="hardware-title" data-testid="hardware-card">
      <header className="card-header">
        <h2 id="hardware-title">Hardware</h2>
        <span>
          {onToggleCollapsed && (
            <button type="button" onClick={onToggleCollapsed} aria-expanded={true}>
              Hide
            </button>
          )}{' '}
          {hasUserValues && (
            <button type="button" onClick={onResetAll}>
              Reset corrections
            </button>
          )}{' '}
          <button type="button" onClick={onRescan} disabled={state.status === 'scanning'}>
            Rescan
          </button>
        </span>
      </header>
      {notice && (
        <p className="error small" role="alert" data-testid="settings-notice">
          {notice}
        </p>
      )}
      {state.status === 'scanning' && <Spinner label="Scanning hardware…" />}
      {state.status === 'scanning' && state.previous && <Profile profile={state.previous} onChange={onChange} />}
      {state.status === 'error' && (
        <div className="error" role="alert" data-testid="hardware-error">
          <p>{state.error.message}</p>
          <button type="button" onClick={onRescan}>
            Try again
          </button>
        </div>
      )}
      {state.status === 'ready' && (
        <>
          <p className="muted" data-testid="hardware-label">
            {state.profile.label} · {state.profile.os.platform} {state.profile.os.release}
          </p>
          <Profile profile={state.profile} onChange={onChange} onMeasureRam={onMeasureRam} />
        </>
      )}
    </article>
  );
}
