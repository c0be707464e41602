/**
 * Escaping for the text formats. Every string that came from outside the code (a model or file name, a path,
 * a profile label, a probe's warning) goes through one of these before it reaches Markdown or HTML.
 */

/** Text in HTML content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * Text in Markdown (CommonMark + GFM tables): every character that can start inline markup (emphasis,
 * code, links, raw HTML, entities, strikethrough, a table cell) is backslash-escaped, and so is a leading
 * one that would start a block (heading, list, quote); line breaks become spaces (a newline would end a
 * table row or a list item). Parentheses and `!` need no escape once brackets are escaped.
 *
 * @example escapeMarkdown('a|b *c* <d>') // 'a\\|b \\*c\\* \\<d\\>'
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+=-]|\d+(?=[.)](\s|$)))/, (_all, space: string, lead: string) => `${space}${/\d/.test(lead) ? `${lead}\\` : `\\${lead}`}`);
}

/**
 * A Markdown code span that holds any text: the fence is one backtick longer than the longest run inside,
 * and a pipe is escaped (GFM splits table cells on it even inside code).
 */
export function markdownCode(text: string, inTable = false): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const body = inTable ? flat.replace(/\|/g, '\\|') : flat;
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
