import { describe, expect, it } from 'vitest';
import { jsonLines } from '../../../../main/cli/json-lines';

async function collect(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const l of jsonLines(chunks)) out.push(l);
  return out;
}

describe('jsonLines', () => {
  it('ends records at \\n only, strips the \\r of \\r\\n, keeps blank records and a last record without \\n', async () => {
    expect(await collect(['a\rb\r\n', '\n', 'c\n', '  \n', 'd'])).toEqual(['a\rb', '', 'c', '  ', 'd']);
  });

  it('does not yield an empty record after a final \\n, and nothing for empty input', async () => {
    expect(await collect(['x\n'])).toEqual(['x']);
    expect(await collect([])).toEqual([]);
  });

  it('joins records split across chunks, also between \\r and \\n', async () => {
    expect(await collect(['{"a"', ':1}\r', '\n{"b":2}'])).toEqual(['{"a":1}', '{"b":2}']);
  });
});
