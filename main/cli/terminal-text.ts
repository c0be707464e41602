/**
 * Control characters other than newline and tab (C0, DEL, C1) and the bidirectional overrides, which a terminal
 * would obey: an escape sequence in a GGUF tensor name or a file name could recolour, retitle or rewrite the screen.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text as it is safe to print on a terminal: each unsafe character becomes a visible escape (`\x1b`, `\u202e`).
 * JSON output is unaffected (JSON.stringify already escapes control characters).
 *
 * @example
 * printable('tensor \x1b[31mred'); // 'tensor \\x1b[31mred'
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
