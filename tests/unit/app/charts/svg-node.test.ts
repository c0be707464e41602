import { describe, expect, it } from 'vitest';
import { h, svgToString } from '../../../../app/charts/svg-node';

describe('svgToString', () => {
  it('writes a standalone SVG with the namespace on the root only', () => {
    const s = svgToString(h('svg', { viewBox: '0 0 10 10' }, [h('rect', { x: 1, y: 2, width: 3, height: 4, class: 'a' })]));
    expect(s).toBe('<svg viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg"><rect x="1" y="2" width="3" height="4" class="a"></rect></svg>');
  });

  it('escapes text and attribute values', () => {
    expect(svgToString(h('text', { 'aria-label': 'a "b" <c>' }, ['1 < 2 & 3']))).toBe('<text aria-label="a &quot;b&quot; &lt;c&gt;">1 &lt; 2 &amp; 3</text>');
  });

  it('does not change the tree it serializes', () => {
    const node = h('svg', {}, []);
    svgToString(node);
    expect(node.attrs).toEqual({});
  });
});
