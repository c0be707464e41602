import { svgToString } from './charts/svg';
import { escapeHtml as h } from './escape';
import { FIT_COLORS, FIT_TEXT } from './fit-style';
import { MARK_LABELS } from './machine-rows';
import type { ReportModel, ReportTable } from './report-model';

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1b1f24;line-height:1.4}
h1{margin-bottom:.2rem}h2{margin-top:1.6rem;border-bottom:1px solid #ccd}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccd;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f2f4f7}td.fit{white-space:nowrap}tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}
code{font-size:12px;word-break:break-all}.summary{background:#f2f4f7;padding:.5rem .8rem;border-left:4px solid #2f6fb3}
.mark{font-weight:600}.muted{color:#555}figure{margin:1rem 0;break-inside:avoid}figcaption{font-weight:600}
svg{max-width:100%;height:auto}
@media print{body{margin:0}h2{break-after:avoid}}`;

function fitCell(text: string, fit: keyof typeof FIT_COLORS | null): string {
  if (!fit) return `<td>${h(text)}</td>`;
  return `<td class="fit fit-${fit}" style="background:${FIT_COLORS[fit]};color:${FIT_TEXT}">${h(text)}</td>`;
}

function table(t: ReportTable, label: string): string {
  const head = `<thead><tr>${t.columns.map((c) => `<th scope="col">${h(c)}</th>`).join('')}</tr></thead>`;
  const rows = t.rows
    .map((r) => `<tr>${r.cells.map((c, i) => (i === t.fitColumn ? fitCell(c, r.fit) : t.codeColumns.includes(i) ? `<td><code>${h(c)}</code></td>` : `<td>${h(c)}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<table aria-label="${h(label)}">${head}\n<tbody>\n${rows}\n</tbody></table>`;
}

/**
 * The report as one self-contained HTML file: inline style and SVG charts, no script, and a CSP that
 * forbids every request, so it opens the same offline, in a mail client or in a browser's print dialog.
 */
export function renderHtmlModel(m: ReportModel): string {
  const machine = m.machine
    .map((r) => `<tr><th scope="row">${h(r.item)}</th><td>${h(r.value)}${r.mark ? ` <span class="mark">(${MARK_LABELS[r.mark]})</span>` : ''}</td><td class="muted">${h(r.source)}</td></tr>`)
    .join('\n');
  const warnings = m.warnings.length > 0 ? `<ul>${m.warnings.map((w) => `<li>Warning: ${h(w)}</li>`).join('')}</ul>` : '';
  const picks = m.picks
    .map((g) => {
      if (g.picks.length === 0) return `<h3>${h(g.title)}</h3><p>No model runs here with these settings.</p>`;
      const rows = g.picks
        .map((p, i) => `<tr><td>${i + 1}</td><td>${h(p.model)}</td><td>${h(p.quant)}</td>${fitCell(p.fitLabel, p.fit)}<td>${h(p.memory)}</td><td>${h(p.generation)}</td><td>${h(p.reason)}</td></tr>`)
        .join('\n');
      return `<h3>${h(g.title)}</h3>\n<table aria-label="${h(g.title)}"><thead><tr><th>#</th><th>Model</th><th>Quant</th><th>Fit</th><th>Memory</th><th>Generation</th><th>Why</th></tr></thead>\n<tbody>\n${rows}\n</tbody></table>`;
    })
    .join('\n');
  const charts = m.charts.map((c) => `<figure><figcaption>${h(c.title)}</figcaption>\n${svgToString(c)}\n</figure>`).join('\n');
  const launch = m.launch
    .map((b) => `<h3>${h(b.title)}</h3><ul>${b.commands.map((c) => `<li>${h(c.runtime)}: <code>${h(c.command)}</code></li>`).join('')}</ul>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(m.title)}</title>
<style>${STYLE}</style>
</head><body>
<h1>${h(m.title)}</h1>
<p class="summary">${h(m.summary)}</p>
<p>Generated ${h(m.generatedLocal)} by ${h(m.versionLine)}.</p>
<h2>Machine</h2>
<p>Profile: ${h(m.profileLabel)}</p>
<table aria-label="Machine"><thead><tr><th>Item</th><th>Value</th><th>Source</th></tr></thead>
<tbody>
${machine}
</tbody></table>
${warnings}
<h2>Settings</h2>
<ul>${m.settings.map((s) => `<li>${h(s.item)}: ${h(s.value)}</li>`).join('')}</ul>
<h2>Top picks</h2>
${picks}
${charts ? `<h2>Charts</h2>\n${charts}` : ''}
<h2>All models</h2>
${table(m.table, 'All models')}
${m.local ? `<h2>Models on this disk</h2>\n${table(m.local, 'Models on this disk')}` : ''}
${launch ? `<h2>Launch commands</h2>\n${launch}` : ''}
<h2>Assumptions</h2>
<ul>${m.assumptions.map((a) => `<li>${h(a)}</li>`).join('')}</ul>
</body></html>
`;
}
