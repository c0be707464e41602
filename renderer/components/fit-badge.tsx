import type { Estimate } from '../../app/domain/estimate';
import { FIT_LABELS } from '../../app/report/render';

export function FitBadge({ e }: { readonly e: Estimate | null }) {
  const fit = e?.fit ?? 'none';
  return <span className={`fit fit-${fit}`}>{FIT_LABELS[fit]}</span>;
}
