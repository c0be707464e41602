import { findModel } from '../../app/catalog/models';
import type { ModelSpec } from '../../app/domain/model';
import { findQuant } from '../../app/estimator/quant-types';
import type { QuantType } from '../../app/estimator/quant-types';

export function model(id: string): ModelSpec {
  const m = findModel(id);
  if (!m) throw new Error(`catalog has no ${id}`);
  return m;
}

export function quant(id: string): QuantType {
  const q = findQuant(id);
  if (!q) throw new Error(`no quant ${id}`);
  return q;
}
