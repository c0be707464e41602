/**
 * A tiny, renderer-neutral SVG tree: the charts build it as plain data, the React renderer draws it
 * (renderer/components/svg-view.tsx) and the reports serialize it with `svgToString` for static HTML and PDF.
 * Colours come from class names (`chart-weights`, `chart-line-0`...) that a stylesheet maps to CSS variables,
 * so one tree serves the light and the dark theme.
 */
export interface SvgNode {
  readonly tag: string;
  /** SVG attribute names as written in markup (`class`, `viewBox`, `aria-label`); numbers are written as is. */
  readonly attrs: Readonly<Record<string, string | number>>;
  readonly children: readonly (SvgNode | string)[];
}

/** A chart: its SVG tree, a title, and a text alternative that says the same numbers in words. */
export interface Chart {
  readonly title: string;
  readonly svg: SvgNode;
  /** The chart's content as sentences, for screen readers, reports and tests. */
  readonly text: string;
}

/** Builds a node. Example: `h('rect', { x: 0, y: 0, width: 10, height: 4, class: 'chart-weights' })`. */
export function h(tag: string, attrs: Readonly<Record<string, string | number>> = {}, children: readonly (SvgNode | string)[] = []): SvgNode {
  return { tag, attrs, children };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Rounds coordinates so the markup stays short and stable (golden files, snapshots). */
export function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * Serializes a tree to SVG markup. The root gets the SVG namespace when it has none, so the string is a
 * standalone image. Example: `svgToString(h('svg', { viewBox: '0 0 10 10' }))` →
 * `<svg viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg"></svg>`.
 */
export function svgToString(node: SvgNode, root = true): string {
  const attrs: Record<string, string | number> = { ...node.attrs };
  if (root && node.tag === 'svg' && attrs['xmlns'] === undefined) attrs['xmlns'] = 'http://www.w3.org/2000/svg';
  const attrText = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  const inner = node.children.map((c) => (typeof c === 'string' ? escapeXml(c) : svgToString(c, false))).join('');
  return `<${node.tag}${attrText}>${inner}</${node.tag}>`;
}
