import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../../../app/catalog/models';
import { findQuant } from '../../../../app/estimator/quant-types';
import { weightBreakdown } from '../../../../app/estimator/weights';

describe('GGUF sizes computed for the real files the catalog names', () => {
  const files = builtInCatalog().models.flatMap((m) => m.knownGgufFiles.map((f) => ({ m, f })));

  it('has real files to check against', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  for (const { m, f } of files) {
    it(`${m.id} ${f.file} is within 3 % of its ${f.sizeBytes} bytes`, () => {
      const quant = findQuant(f.quant);
      expect(quant, f.quant).not.toBeNull();
      if (!quant) return;
      const predicted = weightBreakdown(m.architecture, quant).totalBytes;
      expect(Math.abs(predicted - f.sizeBytes) / f.sizeBytes).toBeLessThan(0.03);
    });
  }
});
