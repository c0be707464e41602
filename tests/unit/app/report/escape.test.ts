import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, markdownCode } from '../../../../app/report/escape';

describe('escapeMarkdown', () => {
  it('escapes inline markup, table pipes and raw HTML', () => {
    expect(escapeMarkdown('a|b *c* _d_ `e` [f](g) <h> ~i~ &amp;')).toBe('a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<h\\> \\~i\\~ \\&amp;');
  });
  it('escapes a leading block marker, not one inside the text', () => {
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. one')).toBe('1\\. one');
    expect(escapeMarkdown('125.9 GiB')).toBe('125.9 GiB');
    expect(escapeMarkdown('Qwen3-30B #2')).toBe('Qwen3-30B #2');
  });
  it('turns line breaks into spaces (a newline would end a table row)', () => {
    expect(escapeMarkdown('a\nb\r\nc')).toBe('a b c');
  });
  it('leaves empty text empty', () => expect(escapeMarkdown('')).toBe(''));
});

describe('markdownCode', () => {
  it('fences with more backticks than the text holds', () => {
    expect(markdownCode('a `b` c')).toBe('``a `b` c``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
  });
  it('escapes pipes inside a table cell only', () => {
    expect(markdownCode('a|b', true)).toBe('`a\\|b`');
    expect(markdownCode('a|b')).toBe('`a|b`');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
