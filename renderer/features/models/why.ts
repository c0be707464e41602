import type { Estimate } from '../../../app/domain/estimate';
import type { ModelSpec } from '../../../app/domain/model';
import { findQuant } from '../../../app/estimator/quant-types';
import { qualityText } from '../../../app/estimator/quality-text';
import { formatTokensPerSec } from '../../../app/format/units';

/** Headroom under which a fit is "tight": a browser tab or a desktop compositor can take that much VRAM. */
export const TIGHT_HEADROOM_BYTES = 0.5 * 1024 ** 3;

export function isTight(e: Estimate | null): boolean {
  return e !== null && e.fit !== 'disk' && e.fit !== 'none' && e.memory.headroomBytes < TIGHT_HEADROOM_BYTES;
}

/** Runs at a usable speed: it fits, and generation reaches the minimum (an unknown speed is not held against it). */
export function runsUsably(e: Estimate | null, minTokensPerSec: number): boolean {
  if (!e || e.fit === 'disk' || e.fit === 'none') return false;
  return e.speed === null || e.speed.generationTokensPerSec.value >= minTokensPerSec;
}

export interface Why {
  /** A few words for the row. */
  readonly short: string;
  /** Sentences for the details. */
  readonly long: readonly string[];
}

/** Why a model ranks where it does: its quality score, the quantization's quality loss, its speed against the minimum. */
export function whyRanked(model: ModelSpec, e: Estimate | null, minTokensPerSec: number): Why {
  const parts: string[] = [];
  const long: string[] = [];
  const quality = qualityText(model);
  parts.push(quality.short);
  long.push(quality.long);
  if (e) {
    const kld = findQuant(e.quant)?.meanKld;
    if (kld !== undefined) {
      parts.push(`${e.quant} loss ${kld.toFixed(3)}`);
      long.push(`${e.quant} loses ${kld.toFixed(3)} in mean KL divergence from the full-precision model (lower is closer; 0.01 is hard to notice, 0.1 is clearly worse).`);
    }
    if (e.speed) {
      const tps = e.speed.generationTokensPerSec.value;
      const ratio = tps / minTokensPerSec;
      parts.push(`${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}× min speed`);
      long.push(`Speed: ${formatTokensPerSec(tps)} tok/s, ${ratio >= 1 ? `${ratio.toFixed(1)} times` : `only ${(ratio * 100).toFixed(0)} % of`} the ${minTokensPerSec} tok/s minimum.`);
    } else long.push('Speed: unknown (a GPU without a bandwidth figure).');
  }
  return { short: parts.join(' · '), long };
}
