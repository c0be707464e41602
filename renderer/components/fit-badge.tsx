import type { Estimate } from '../../app/domain/estimate';
import { FIT_LABELS } from '../../app/report/render';

/** The fit, and "tight" beside it when the caller finds little memory left free. */
export function FitBadge({ e, tight = false }: { readonly e: Estimate | null; readonly tight?: boolean }) {
  const fit = e?.fit ?? 'none';
  return (
    <>
      <span className={`fit fit-${fit}`}>{FIT_LABELS[fit]}</span>
      {tight && (
        <span className="fit fit-tight" data-testid="tight" title="Less than 0.5 GiB stays free">
          {' '}
          tight
        </span>
      )}
    </>
  );
}
