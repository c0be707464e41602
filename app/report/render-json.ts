import { withoutPrivateFacts } from './privacy';
import type { ReportData } from './report-data';
import type { ReportModel } from './report-model';

/** Version of the JSON report's shape (docs/schemas/report.schema.json). */
export const REPORT_JSON_SCHEMA_VERSION = 2;

/**
 * The report as JSON: the raw numbers (every Estimate) for programs, with the same picks, reasons and
 * summary as the other formats. Private facts are taken out as in the other formats.
 */
export function renderJsonModel(data: ReportData, m: ReportModel): string {
  const d = withoutPrivateFacts(data);
  const picks = Object.fromEntries(
    m.picks.map((g) => [g.goal, g.picks.map((p) => ({ modelName: p.model, quant: p.quant, fit: p.fit, memory: p.memory, generation: p.generation, reason: p.reason }))]),
  );
  const out = {
    schemaVersion: REPORT_JSON_SCHEMA_VERSION,
    app: { name: d.appName, version: d.appVersion, estimatorVersion: d.estimatorVersion ?? null },
    generatedAt: d.generatedAt,
    generatedLocal: m.generatedLocal,
    timeZone: d.timeZone ?? 'UTC',
    summary: m.summary,
    goal: d.goal ?? 'quality',
    options: d.options,
    hardware: d.profile,
    machine: m.machine,
    picks,
    recommendations: d.recommendations.map((r) => ({
      modelId: r.model.id,
      modelName: r.model.name,
      best: r.best,
      belowMinSpeed: r.belowMinSpeed,
    })),
    contextCurve: d.contextCurve ?? [],
    localModels: d.localModels ?? [],
    assumptions: m.assumptions,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
