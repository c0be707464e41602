import { createElement } from 'react';
import type { ReactNode } from 'react';
import type { Chart, SvgNode } from '../../app/charts/svg-node';

/** SVG attribute names as React spells them: only `class` differs among those the charts use. */
function propsOf(attrs: SvgNode['attrs'], key?: string): Record<string, string | number> {
  const props: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(attrs)) props[k === 'class' ? 'className' : k] = v;
  if (key !== undefined) props['key'] = key;
  return props;
}

function draw(node: SvgNode, key?: string): ReactNode {
  return createElement(node.tag, propsOf(node.attrs, key), ...node.children.map((c, i) => (typeof c === 'string' ? c : draw(c, String(i)))));
}

/** Draws a chart tree from app/charts with React (the reports serialize the same tree with svgToString). */
export function SvgView({ node }: { readonly node: SvgNode }) {
  return <>{draw(node)}</>;
}

/** A chart with its title and its text alternative (also read by the tests). */
export function ChartFigure({ chart, testId }: { readonly chart: Chart; readonly testId: string }) {
  return (
    <figure className="chart-figure" data-testid={testId}>
      <figcaption>{chart.title}</figcaption>
      <SvgView node={chart.svg} />
      <p className="chart-text small muted" data-testid={`${testId}-text`}>
        {chart.text}
      </p>
    </figure>
  );
}
