import { z } from 'zod';
import { estimateRequestSchema } from './batch';

/** The JSON Schema of one `llm-sizer estimate --batch` request line (published in docs/schemas/). */
export function estimateRequestJsonSchema(): Record<string, unknown> {
  return {
    title: 'llm-sizer estimate --batch request (one JSON object per line)',
    ...z.toJSONSchema(estimateRequestSchema, { unrepresentable: 'any' }),
  };
}
