import type { Sourced } from '../../app/domain/hardware';

/** Shows where a value came from (nvidia-smi, spec table, measured, ...). */
export function SourceBadge<T>({ value }: { readonly value: Sourced<T> | null }) {
  if (value === null) return <span className="badge badge-unknown">unknown</span>;
  const title = `${value.source}, ${value.confidence} confidence${value.detail ? `: ${value.detail}` : ''}`;
  return (
    <span className={`badge badge-${value.confidence}`} title={title} aria-label={`source: ${title}`}>
      {value.source}
    </span>
  );
}
