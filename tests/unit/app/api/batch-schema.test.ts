import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateRequestJsonSchema } from '../../../../app/api/batch-schema';

describe('the published JSON Schema of estimate --batch requests', () => {
  it('is current (regenerate with: npx jiti scripts/make-cli-schema.ts)', () => {
    const published = JSON.parse(readFileSync(resolve(__dirname, '../../../../docs/schemas/estimate-request.schema.json'), 'utf8')) as unknown;
    expect(published).toEqual(JSON.parse(JSON.stringify(estimateRequestJsonSchema())));
  });

  it('requires hardware, model, quant and contextTokens', () => {
    const schema = estimateRequestJsonSchema() as { required: string[] };
    expect([...schema.required].sort()).toEqual(['contextTokens', 'hardware', 'model', 'quant']);
  });
});
