/**
 * Control characters other than newline and tab (C0, DEL, C1) and the bidirectional overrides, which a terminal
 * would obey: an escape sequence in a GGUF tensor name or a file name could recolour, retitle or rewrite the screen.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text as it is safe to print on a terminal: each unsafe character becomes a visible escape (`\u001b`, `\u202e`).
 * JSON output stays valid JSON with the same values.
 *
 * @example
 * printable('tensor \x1b[31mred'); // 'tensor \\u001b[31mred'
 */
export function printable(text: string): string {
  // \uXXXX, the JSON spelling: it reads the same on a terminal and keeps JSON output valid (JSON.stringify
  // leaves C1 controls and bidi overrides raw, and a \x escape is not JSON)
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
