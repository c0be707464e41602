/**
 * A small SVG node tree: the report's charts are built as data, then written as SVG text (HTML) or drawn
 * with pdfkit (PDF) from the same nodes, so both show the same picture. Coordinates are absolute (no
 * transforms), in the chart's own units (1 unit = 1 CSS px = 0.75 pt scaled to the page).
 */
export type SvgNode =
  | { readonly tag: 'rect'; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly fill: string }
  | { readonly tag: 'line'; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly stroke: string; readonly width: number; readonly dash?: boolean }
  | { readonly tag: 'path'; readonly d: string; readonly stroke: string; readonly width: number; readonly fill?: string }
  | { readonly tag: 'text'; readonly x: number; readonly y: number; readonly text: string; readonly size: number; readonly anchor: 'start' | 'middle' | 'end'; readonly fill: string };

export interface Chart {
  readonly title: string;
  /** What the chart shows, in words: the SVG's <desc> and the alternative text. */
  readonly description: string;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly SvgNode[];
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const n = (v: number) => String(Math.round(v * 100) / 100);

function nodeToString(node: SvgNode): string {
  switch (node.tag) {
    case 'rect':
      return `<rect x="${n(node.x)}" y="${n(node.y)}" width="${n(Math.max(0, node.width))}" height="${n(node.height)}" fill="${node.fill}"/>`;
    case 'line':
      return `<line x1="${n(node.x1)}" y1="${n(node.y1)}" x2="${n(node.x2)}" y2="${n(node.y2)}" stroke="${node.stroke}" stroke-width="${n(node.width)}"${node.dash ? ' stroke-dasharray="4 3"' : ''}/>`;
    case 'path':
      return `<path d="${node.d}" stroke="${node.stroke}" stroke-width="${n(node.width)}" fill="${node.fill ?? 'none'}"/>`;
    case 'text':
      return `<text x="${n(node.x)}" y="${n(node.y)}" font-size="${n(node.size)}" text-anchor="${node.anchor}" fill="${node.fill}">${escapeXml(node.text)}</text>`;
  }
}

/** The chart as standalone SVG text, with its title and description for screen readers. */
export function svgToString(chart: Chart): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${chart.width} ${chart.height}" width="${chart.width}" height="${chart.height}" role="img" font-family="system-ui, sans-serif">`,
    `<title>${escapeXml(chart.title)}</title><desc>${escapeXml(chart.description)}</desc>`,
    ...chart.nodes.map(nodeToString),
    '</svg>',
  ].join('\n');
}
