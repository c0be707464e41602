import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printable } from '../../../../main/cli/terminal-text';
import { cli } from '../../../helpers/cli-io';
import { writeGguf } from '../../../helpers/gguf-writer';

describe('printable', () => {
  it('shows control characters and bidi overrides as escapes, keeps newlines, tabs and other text', () => {
    expect(printable('a\x1b[31mb\x07\r\x9b\u202e\tc\nd é 日本')).toBe('a\\u001b[31mb\\u0007\\u000d\\u009b\\u202e\tc\nd é 日本');
  });

  it('keeps JSON valid and equal: a C1 control or bidi override inside a JSON string', () => {
    const json = JSON.stringify({ name: 'a\x85b\u202ec' });
    expect(JSON.parse(printable(json))).toEqual({ name: 'a\x85b\u202ec' });
  });
});

describe('the CLI prints names read from a GGUF file escaped', () => {
  it('a terminal escape in a tensor name reaches standard error as text', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sizer-escape-')), 'evil.gguf');
    await writeGguf(file, {
      metadata: { 'general.architecture': 'llama' },
      tensors: [{ name: '\x1b]0;owned\x07\x1b[2Jtoken_embd.weight', type: 'F16', shape: [7, 3] }],
      // no tensor data: the reader names the tensor that runs past the end of the file
      writeData: false,
    });
    const r = await cli(['estimate', '--gguf', file, '--gpu', 'RTX 4090', '--ram', '32GB']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('\\u001b]0;owned\\u0007');
    // eslint-disable-next-line no-control-regex -- no raw control character may be printed
    expect(r.err + r.out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });
});
