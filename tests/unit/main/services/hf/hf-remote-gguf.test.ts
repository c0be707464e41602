import { describe, expect, it } from 'vitest';
import type { HfSettings } from '../../../../../main/services/hf/hf-env';
import { createHfHttp } from '../../../../../main/services/hf/hf-http';
import { readRemoteGgufHeader } from '../../../../../main/services/hf/hf-remote-gguf';
import { buildGgufHeader, tinyModel } from '../../../../helpers/gguf-writer';

const settings: HfSettings = {
  endpoint: 'https://hub.example',
  token: null,
  tokenSource: null,
  offline: false,
  metadataTimeoutMs: 1000,
  downloadTimeoutMs: 1000,
  cacheDir: '/nonexistent',
  proxyNotice: null,
};

/** A server in a function: answers ranges of `file` (the header, then zeros), optionally lying. */
function rangeServer(file: Buffer, size: number, lie: 'none' | 'start' | 'size' = 'none') {
  const ranges: string[] = [];
  const fetchImpl = (_url: string, init: RequestInit) => {
    const range = (init.headers as Record<string, string>)['range'] ?? '';
    ranges.push(range);
    const m = /bytes=(\d+)-(\d+)/.exec(range);
    const start = Number(m?.[1]);
    const end = Number(m?.[2]);
    const body = Buffer.alloc(end - start + 1);
    file.copy(body, 0, start, Math.min(end + 1, file.length));
    const from = lie === 'start' ? start + 1 : start;
    const total = lie === 'size' ? size + 1 : size;
    return Promise.resolve(new Response(body, { status: 206, headers: { 'content-range': `bytes ${from}-${end}/${total}`, 'content-length': String(body.length) } }));
  };
  return { ranges, http: createHfHttp(settings, fetchImpl) };
}

describe('readRemoteGgufHeader', () => {
  const built = buildGgufHeader(tinyModel('llama'));

  it('reads the header with ranges and sizes the tensors as the file does', async () => {
    const { ranges, http } = rangeServer(built.header, built.fileBytes);
    const r = await readRemoteGgufHeader(http, 'https://hub.example/o/r/resolve/main/m.gguf', 'm.gguf', built.fileBytes, 'o/r');
    expect(r.header.ok).toBe(true);
    if (r.header.ok) expect(r.header.value.tensorDataBytes).toBe(built.fileBytes - built.dataOffset);
    expect(ranges[0]).toBe('bytes=0-672895');
  });

  it('refuses an answer that is not the range asked for, or another file size', async () => {
    for (const lie of ['start', 'size'] as const) {
      const { http } = rangeServer(built.header, built.fileBytes, lie);
      const r = await readRemoteGgufHeader(http, 'https://hub.example/x', 'm.gguf', built.fileBytes, 'o/r');
      expect(r.header.ok, lie).toBe(false);
      expect(r.failure?.kind).toBe('bad-answer');
    }
  });

  it('does not ask for a file the list gives no size for', async () => {
    const { ranges, http } = rangeServer(built.header, built.fileBytes);
    const r = await readRemoteGgufHeader(http, 'https://hub.example/x', 'm.gguf', 0, 'o/r');
    expect(r.header.ok ? '' : r.header.error.message).toBe('m.gguf: the file list gives no size');
    expect(ranges).toEqual([]);
  });
});
