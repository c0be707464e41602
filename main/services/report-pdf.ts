import PDFDocument from 'pdfkit';
import type { Chart, SvgNode } from '../../app/report/charts/svg';
import type { PaperSize } from '../../app/domain/report';
import { FIT_COLORS, FIT_TEXT } from '../../app/report/fit-style';
import { MARK_LABELS } from '../../app/report/machine-rows';
import type { ReportModel, ReportTable } from '../../app/report/report-model';

type Doc = PDFKit.PDFDocument;

const MARGIN = 40;
const FOOTER = 24;
const PAPER: Readonly<Record<PaperSize, string>> = { a4: 'A4', letter: 'LETTER' };
const BODY = 9;
const TABLE = 7.5;
const PAD = 3;

/**
 * pdfkit's standard fonts (Helvetica, Courier) encode WinAnsi only: keep Latin-1 and the few WinAnsi extras
 * (dashes, quotes, ellipsis, bullet), spell out the arrows and signs we print, and replace anything else.
 */
const WIN_ANSI_EXTRA = new Set('–—‘’“”…•€™‰ŒœŠšŸŽžƒˆ˜†‡‹›'.split(''));
const SPELLED: Readonly<Record<string, string>> = { '≥': '>=', '≤': '<=', '→': '->', '×': 'x', '≈': '~', '−': '-' };
export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 63;
    out += code < 0x100 || WIN_ANSI_EXTRA.has(ch) ? ch : (SPELLED[ch] ?? '?');
  }
  return out;
}

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN - FOOTER;
}

function width(doc: Doc): number {
  return doc.page.width - 2 * MARGIN;
}

/** Starts a new page when fewer than `needed` points are left. */
function ensure(doc: Doc, needed: number): void {
  if (doc.y + needed > bottom(doc)) {
    doc.addPage();
    doc.y = MARGIN;
  }
}

function heading(doc: Doc, text: string, size = 13): void {
  ensure(doc, size + 60); // keep a heading with what follows it
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').fontSize(size).fillColor(FIT_TEXT).text(pdfSafe(text), MARGIN, doc.y, { width: width(doc) });
  doc.moveDown(0.3);
}

function paragraph(doc: Doc, text: string, font = 'Helvetica', size = BODY): void {
  doc.font(font).fontSize(size).fillColor(FIT_TEXT);
  const h = doc.heightOfString(pdfSafe(text), { width: width(doc) });
  ensure(doc, h);
  doc.text(pdfSafe(text), MARGIN, doc.y, { width: width(doc) });
}

/** Column widths: each column's natural width, capped, then scaled to the page. */
function columnWidths(doc: Doc, t: { columns: readonly string[]; rows: readonly { cells: readonly string[] }[] }, total: number): number[] {
  doc.font('Helvetica').fontSize(TABLE);
  const natural = t.columns.map((c, i) => {
    const longest = Math.max(doc.widthOfString(c), ...t.rows.map((r) => doc.widthOfString(pdfSafe(r.cells[i] ?? ''))));
    return Math.min(longest + 2 * PAD + 1, total * 0.4);
  });
  const sum = natural.reduce((s, w) => s + w, 0);
  return natural.map((w) => (w / sum) * total);
}

interface PdfTable {
  readonly columns: readonly string[];
  readonly rows: readonly { readonly cells: readonly string[]; readonly fill?: (string | null)[] }[];
  readonly mono?: readonly number[];
}

/** A table whose rows never split across pages; the header repeats on every page it spans. */
function table(doc: Doc, t: PdfTable): void {
  const widths = columnWidths(doc, t, width(doc));
  const rowHeight = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(TABLE);
    return Math.max(...cells.map((c, i) => doc.heightOfString(pdfSafe(c), { width: (widths[i] ?? 10) - 2 * PAD }))) + 2 * PAD;
  };
  const drawRow = (cells: readonly string[], font: string, fills: readonly (string | null)[], mono: readonly number[]) => {
    const h = rowHeight(cells, font);
    let x = MARGIN;
    const y = doc.y;
    cells.forEach((c, i) => {
      const w = widths[i] ?? 10;
      const fill = fills[i];
      if (fill) doc.rect(x, y, w, h).fill(fill);
      doc.rect(x, y, w, h).lineWidth(0.5).stroke('#aab');
      doc.font(mono.includes(i) ? 'Courier' : font).fontSize(TABLE).fillColor(FIT_TEXT).text(pdfSafe(c), x + PAD, y + PAD, { width: w - 2 * PAD });
      x += w;
    });
    doc.y = y + h;
  };
  const header = () => drawRow(t.columns, 'Helvetica-Bold', t.columns.map(() => '#eef0f4'), []);
  ensure(doc, rowHeight(t.columns, 'Helvetica-Bold') + rowHeight(t.rows[0]?.cells ?? [''], 'Helvetica'));
  header();
  for (const r of t.rows) {
    const h = rowHeight(r.cells, 'Helvetica');
    if (doc.y + h > bottom(doc)) {
      doc.addPage();
      doc.y = MARGIN;
      header();
    }
    drawRow(r.cells, 'Helvetica', r.fill ?? [], t.mono ?? []);
  }
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

function reportTable(t: ReportTable): PdfTable {
  return {
    columns: t.columns,
    mono: t.codeColumns,
    rows: t.rows.map((r) => ({ cells: r.cells, fill: r.cells.map((_, i) => (i === t.fitColumn && r.fit ? FIT_COLORS[r.fit] : null)) })),
  };
}

function drawNode(doc: Doc, node: SvgNode): void {
  switch (node.tag) {
    case 'rect':
      if (node.width > 0) doc.rect(node.x, node.y, node.width, node.height).fill(node.fill);
      return;
    case 'line':
      doc.moveTo(node.x1, node.y1).lineTo(node.x2, node.y2).lineWidth(node.width);
      if (node.dash) doc.dash(4, { space: 3 });
      doc.stroke(node.stroke);
      doc.undash();
      return;
    case 'path':
      doc.path(node.d).lineWidth(node.width);
      if (node.fill) doc.fillAndStroke(node.fill, node.stroke);
      else doc.stroke(node.stroke);
      return;
    case 'text': {
      const text = pdfSafe(node.text);
      doc.font('Helvetica').fontSize(node.size).fillColor(node.fill);
      const w = doc.widthOfString(text);
      const x = node.anchor === 'start' ? node.x : node.anchor === 'middle' ? node.x - w / 2 : node.x - w;
      // SVG places text by its baseline; pdfkit by the top of the line.
      doc.text(text, x, node.y - node.size * 0.8, { lineBreak: false });
      return;
    }
  }
}

/** A chart from the same SVG nodes the HTML report prints, scaled to the page width. */
function chart(doc: Doc, c: Chart): void {
  const scale = Math.min(1, width(doc) / c.width);
  ensure(doc, c.height * scale + 24);
  doc.font('Helvetica-Bold').fontSize(10).fillColor(FIT_TEXT).text(pdfSafe(c.title), MARGIN, doc.y, { width: width(doc) });
  const top = doc.y + 4;
  doc.save();
  doc.translate(MARGIN, top).scale(scale);
  for (const n of c.nodes) drawNode(doc, n);
  doc.restore();
  doc.x = MARGIN;
  doc.y = top + c.height * scale + 8;
}

function footers(doc: Doc, m: ReportModel): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would make pdfkit open a new page: lift the margin while we write.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN;
    doc.font('Helvetica').fontSize(7.5).fillColor('#555555');
    doc.text(pdfSafe(`${m.title} · ${m.generatedLocal}`), MARGIN, y, { width: width(doc) * 0.75, lineBreak: false });
    doc.text(`Page ${i + 1} of ${range.count}`, MARGIN, y, { width: width(doc), align: 'right', lineBreak: false });
    doc.page.margins.bottom = saved;
  }
}

/**
 * Draws the report model as a PDF with pdfkit: no browser needed, so `llm-sizer report --format pdf` works
 * on a headless server. A4 or Letter; page numbers; table rows never split across pages; the charts are the
 * HTML report's SVG nodes. The creation date is the report's, so one report gives the same bytes.
 */
export function renderPdf(m: ReportModel, paper: PaperSize = 'a4'): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: PAPER[paper],
    margins: { top: MARGIN, bottom: MARGIN + FOOTER, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: pdfSafe(m.title), Creator: pdfSafe(m.versionLine), CreationDate: new Date(m.generatedAt) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).fillColor(FIT_TEXT).text(pdfSafe(m.title), MARGIN, MARGIN);
  doc.moveDown(0.3);
  paragraph(doc, `Generated ${m.generatedLocal} by ${m.versionLine}.`);
  doc.moveDown(0.4);
  paragraph(doc, m.summary, 'Helvetica-Bold');
  heading(doc, 'Machine');
  paragraph(doc, `Profile: ${m.profileLabel}`);
  doc.moveDown(0.3);
  table(doc, { columns: ['Item', 'Value', 'Source'], rows: m.machine.map((r) => ({ cells: [r.item, `${r.value}${r.mark ? ` (${MARK_LABELS[r.mark]})` : ''}`, r.source] })) });
  for (const w of m.warnings) paragraph(doc, `Warning: ${w}`);
  heading(doc, 'Settings');
  table(doc, { columns: ['Setting', 'Value'], rows: m.settings.map((s) => ({ cells: [s.item, s.value] })) });
  heading(doc, 'Top picks');
  for (const g of m.picks) {
    heading(doc, g.title, 11);
    if (g.picks.length === 0) {
      paragraph(doc, 'No model runs here with these settings.');
      continue;
    }
    table(doc, {
      columns: ['#', 'Model', 'Quant', 'Fit', 'Memory', 'Generation', 'Why'],
      rows: g.picks.map((p, i) => ({ cells: [String(i + 1), p.model, p.quant, p.fitLabel, p.memory, p.generation, p.reason], fill: [null, null, null, FIT_COLORS[p.fit]] })),
    });
  }
  if (m.charts.length > 0) {
    heading(doc, 'Charts');
    for (const c of m.charts) chart(doc, c);
  }
  heading(doc, 'All models');
  table(doc, reportTable(m.table));
  if (m.local) {
    heading(doc, 'Models on this disk');
    table(doc, reportTable(m.local));
  }
  if (m.launch.length > 0) {
    heading(doc, 'Launch commands');
    for (const b of m.launch) {
      paragraph(doc, b.title, 'Helvetica-Bold');
      for (const c of b.commands) paragraph(doc, `${c.runtime}: ${c.command}`, 'Courier', 7.5);
      doc.moveDown(0.3);
    }
  }
  heading(doc, 'Assumptions');
  for (const a of m.assumptions) paragraph(doc, `• ${a}`);
  footers(doc, m);
  doc.end();
  return done;
}
