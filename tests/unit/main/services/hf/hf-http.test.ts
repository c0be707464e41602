import { describe, expect, it } from 'vitest';
import type { HfSettings } from '../../../../../main/services/hf/hf-env';
import { createHfHttp, failureFromResponse } from '../../../../../main/services/hf/hf-http';

const settings = (token: string | null): HfSettings => ({
  endpoint: 'https://hub.example',
  token,
  tokenSource: token ? 'HF_TOKEN' : null,
  offline: false,
  metadataTimeoutMs: 1000,
  downloadTimeoutMs: 1000,
  cacheDir: '/nonexistent',
  proxyNotice: null,
});

describe('createHfHttp', () => {
  it('sends the token to the Hub only, never to the CDN it redirects to', async () => {
    const seen: { url: string; auth: string | undefined }[] = [];
    const http = createHfHttp(settings('hf_secret'), (url, init) => {
      const headers = init.headers as Record<string, string>;
      seen.push({ url, auth: headers['authorization'] });
      if (url.startsWith('https://hub.example/')) return Promise.resolve(new Response(null, { status: 302, headers: { location: 'https://cdn.example/blob?sig=1' } }));
      return Promise.resolve(new Response('x', { status: 206 }));
    });
    const res = await http.get('https://hub.example/o/r/resolve/main/m.gguf', { timeoutMs: 1000 });
    expect(res.status).toBe(206);
    expect(seen).toEqual([
      { url: 'https://hub.example/o/r/resolve/main/m.gguf', auth: 'Bearer hf_secret' },
      { url: 'https://cdn.example/blob?sig=1', auth: undefined },
    ]);
  });

  it('stops after too many redirects', async () => {
    const http = createHfHttp(settings(null), () => Promise.resolve(new Response(null, { status: 302, headers: { location: '/again' } })));
    await expect(http.get('https://hub.example/x', { timeoutMs: 1000 })).rejects.toThrow(/redirects/);
  });
});

describe('failureFromResponse', () => {
  const answer = (status: number, code?: string) => new Response(null, { status, headers: code ? { 'x-error-code': code } : {} });

  it('says which token a gated repository needs', () => {
    const none = failureFromResponse(answer(401, 'GatedRepo'), 'm.gguf', settings(null), 'meta-llama/Llama-3.1-8B');
    expect(none.kind).toBe('denied');
    expect(none.message).toBe('meta-llama/Llama-3.1-8B is gated: accept its terms at https://hub.example/meta-llama/Llama-3.1-8B, then set HF_TOKEN to a read token of that account.');
    expect(failureFromResponse(answer(403, 'GatedRepo'), 'm', settings('hf_x'), 'o/r').message).toMatch(/the token from HF_TOKEN has no access/);
  });

  it('tells a missing repository, revision and file apart, and server errors from refusals', () => {
    expect(failureFromResponse(answer(404, 'RepoNotFound'), 'o/r', settings(null)).message).toContain('no such repository');
    expect(failureFromResponse(answer(404, 'RevisionNotFound'), 'o/r', settings(null)).message).toContain('no such revision');
    expect(failureFromResponse(answer(404, 'EntryNotFound'), 'o/r', settings(null)).message).toContain('no such file');
    expect(failureFromResponse(answer(401, 'RepoNotFound'), 'o/r', settings(null)).message).toMatch(/not found, or it is private: set HF_TOKEN/);
    expect(failureFromResponse(answer(503), 'o/r', settings(null)).kind).toBe('server');
  });
});
