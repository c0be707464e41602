import { formatBandwidth, formatBytes } from '../../../app/format/units';
import type { GpuDevice, HardwareProfile } from '../../../app/domain/hardware';
import { SourceBadge } from '../../components/source-badge';
import { Spinner } from '../../components/spinner';
import type { HardwareState } from '../../lib/use-hardware';

function GpuRow({ gpu }: { readonly gpu: GpuDevice }) {
  return (
    <li className="gpu" data-testid="gpu">
      <div className="gpu-name">
        <strong>{gpu.name.value}</strong> <SourceBadge value={gpu.name} />
        {!gpu.usedForOffload && <span className="muted"> · integrated, not used for offload</span>}
        {gpu.specId === null && <span className="warn"> · not in the GPU table: speed unknown</span>}
      </div>
      <dl className="kv">
        <dt>VRAM</dt>
        <dd data-testid="gpu-vram">
          {gpu.vramTotalBytes ? `${formatBytes(gpu.vramTotalBytes.value)} (${Math.round(gpu.vramTotalBytes.value / 1048576)} MiB)` : 'unknown'}{' '}
          <SourceBadge value={gpu.vramTotalBytes} />
        </dd>
        {gpu.vramFreeBytes && (
          <>
            <dt>Free</dt>
            <dd>
              {formatBytes(gpu.vramFreeBytes.value)} <SourceBadge value={gpu.vramFreeBytes} />
            </dd>
          </>
        )}
        <dt>Bandwidth</dt>
        <dd>
          {gpu.bandwidthBytesPerSec ? formatBandwidth(gpu.bandwidthBytesPerSec.value) : 'unknown'} <SourceBadge value={gpu.bandwidthBytesPerSec} />
        </dd>
      </dl>
    </li>
  );
}

function Profile({ profile }: { readonly profile: HardwareProfile }) {
  const { cpu, memory, gpus } = profile;
  return (
    <>
      <section aria-label="CPU">
        <h3>CPU</h3>
        <p data-testid="cpu-name">
          {cpu.name.value} <SourceBadge value={cpu.name} />
        </p>
        <p className="muted">
          {cpu.physicalCores.value} cores · {cpu.logicalCores.value} threads · {cpu.isa.length > 0 ? cpu.isa.join(' ') : 'no SIMD flags read'}
        </p>
      </section>
      <section aria-label="Memory">
        <h3>Memory</h3>
        <dl className="kv">
          <dt>RAM</dt>
          <dd data-testid="ram-total">
            {formatBytes(memory.totalBytes.value)} <SourceBadge value={memory.totalBytes} />
          </dd>
          <dt>Available</dt>
          <dd>{formatBytes(memory.availableBytes.value)}</dd>
          <dt>Bandwidth</dt>
          <dd>
            {memory.bandwidthBytesPerSec ? formatBandwidth(memory.bandwidthBytesPerSec.value) : 'unknown (a default is used)'}{' '}
            <SourceBadge value={memory.bandwidthBytesPerSec} />
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
              <GpuRow key={g.id} gpu={g} />
            ))}
          </ul>
        )}
      </section>
      {profile.warnings.length > 0 && (
        <section aria-label="Warnings" className="warnings">
          {profile.warnings.map((w) => (
            <p key={w} className="warn">
              {w}
            </p>
          ))}
        </section>
      )}
    </>
  );
}

export function HardwareCard({ state, onRescan }: { readonly state: HardwareState; readonly onRescan: () => void }) {
  return (
    <article className="card hardware" aria-labelledby="hardware-title" data-testid="hardware-card">
      <header className="card-header">
        <h2 id="hardware-title">Hardware</h2>
        <button type="button" onClick={onRescan} disabled={state.status === 'scanning'}>
          Rescan
        </button>
      </header>
      {state.status === 'scanning' && <Spinner label="Scanning hardware…" />}
      {state.status === 'scanning' && state.previous && <Profile profile={state.previous} />}
      {state.status === 'error' && (
        <div className="error" role="alert" data-testid="hardware-error">
          <p>The hardware scan failed: {state.error.message}</p>
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
          <Profile profile={state.profile} />
        </>
      )}
    </article>
  );
}
