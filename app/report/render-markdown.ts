import { escapeMarkdown as md, markdownCode } from './escape';
import { MARK_LABELS } from './machine-rows';
import type { ReportModel, ReportTable } from './report-model';

function table(t: ReportTable): string[] {
  const head = `| ${t.columns.map(md).join(' | ')} |`;
  const rule = `|${t.columns.map(() => '---').join('|')}|`;
  const rows = t.rows.map((r) => `| ${r.cells.map((c, i) => (t.codeColumns.includes(i) ? markdownCode(c, true) : md(c))).join(' | ')} |`);
  return [head, rule, ...rows];
}

/** The report as Markdown (GitHub-flavoured tables): for a forum post, an issue or a chat. */
export function renderMarkdownModel(m: ReportModel): string {
  const lines: string[] = [`# ${md(m.title)}`, ''];
  lines.push(`> ${md(m.summary)}`, '');
  lines.push(`Generated ${md(m.generatedLocal)} by ${md(m.versionLine)}.`, '');
  lines.push('## Machine', '', `Profile: ${md(m.profileLabel)}`, '');
  lines.push('| Item | Value | Source |', '|---|---|---|');
  for (const r of m.machine) lines.push(`| ${md(r.item)} | ${md(r.value)}${r.mark ? ` **${MARK_LABELS[r.mark]}**` : ''} | ${md(r.source)} |`);
  if (m.warnings.length > 0) lines.push('', ...m.warnings.map((w) => `- Warning: ${md(w)}`));
  lines.push('', '## Settings', '');
  for (const s of m.settings) lines.push(`- ${md(s.item)}: ${md(s.value)}`);
  lines.push('', '## Top picks', '');
  for (const g of m.picks) {
    lines.push(`### ${md(g.title)}`, '');
    if (g.picks.length === 0) {
      lines.push('No model runs here with these settings.', '');
      continue;
    }
    lines.push('| # | Model | Quant | Fit | Memory | Generation | Why |', '|---|---|---|---|---|---|---|');
    g.picks.forEach((p, i) => lines.push(`| ${i + 1} | ${md(p.model)} | ${md(p.quant)} | ${md(p.fitLabel)} | ${md(p.memory)} | ${md(p.generation)} | ${md(p.reason)} |`));
    lines.push('');
  }
  if (m.charts.length > 0) lines.push(`Charts (${m.charts.map((c) => md(c.title.toLowerCase())).join('; ')}) are in the HTML and PDF reports.`, '');
  lines.push('## All models', '', ...table(m.table));
  if (m.local) lines.push('', '## Models on this disk', '', ...table(m.local));
  if (m.launch.length > 0) {
    lines.push('', '## Launch commands');
    for (const b of m.launch) {
      lines.push('', `### ${md(b.title)}`, '');
      for (const c of b.commands) lines.push(`- ${md(c.runtime)}: ${markdownCode(c.command)}`);
    }
  }
  lines.push('', '## Assumptions', '', ...m.assumptions.map((a) => `- ${md(a)}`), '');
  return lines.join('\n');
}
