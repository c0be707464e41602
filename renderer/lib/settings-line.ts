import type { EstimateOptions } from '../../app/domain/estimate';
import { formatTokens } from '../../app/format/units';

/** The settings a tab inherits from the model list, said where they are used. */
export function settingsLine(o: EstimateOptions): string {
  return `Context ${formatTokens(o.contextTokens)}, prompt ${formatTokens(o.promptTokens)}, KV cache ${o.kvCacheType}, runtime ${o.runtime} (set on "Models that run here").`;
}
