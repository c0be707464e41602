import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeScan } from '../../../../main/services/hardware/normalize';
import { tableLookup } from '../../../../main/services/hardware/scan';
import { testService } from '../../../helpers/service';
import { startServer } from '../../../../main/server/server';
import type { RunningServer } from '../../../../main/server/server';
import { rawScan, siFixture } from '../../../helpers/fixtures';

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { Host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

describe('the local web server', () => {
  let server: RunningServer;
  const profile = normalizeScan(rawScan({ si: siFixture('linux-nvidia-h200-vm') }), tableLookup);
  const reportsDir = mkdtempSync(join(tmpdir(), 'sizer-reports-'));
  const staticDir = mkdtempSync(join(tmpdir(), 'sizer-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>LLM Sizer</title>');
  writeFileSync(join(staticDir, 'app.js'), 'console.log(1)');

  beforeAll(async () => {
    const api = testService(profile, { reportsDir });
    server = await startServer({ api, staticDir });
  });
  afterAll(() => server.close());

  it('listens on 127.0.0.1 and prints a URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers 401 without the token, for the page and the API', async () => {
    expect((await send(server.port, '/')).status).toBe(401);
    expect((await send(server.port, '/api/getHardwareProfile', { method: 'POST', body: '{"args":[]}' })).status).toBe(401);
    expect((await send(server.port, '/api/getHardwareProfile', { method: 'POST', headers: { 'X-Sizer-Token': 'wrong' } })).status).toBe(401);
  });

  it('answers 403 to a foreign Host (DNS rebinding) or Origin, even with the token', async () => {
    const h = { 'X-Sizer-Token': server.token };
    expect((await send(server.port, '/api/getHardwareProfile', { method: 'POST', headers: { ...h, Host: `evil.example:${server.port}` } })).status).toBe(403);
    expect((await send(server.port, '/api/getHardwareProfile', { method: 'POST', headers: { ...h, Origin: 'https://evil.example' } })).status).toBe(403);
  });

  it('serves the page with the token in its URL and never puts the token in a cookie', async () => {
    const r = await send(server.port, `/?token=${server.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('LLM Sizer');
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'self'");
    // a cookie (which every server on 127.0.0.1 would receive) opens nothing
    const withCookie = await send(server.port, '/index.html', { headers: { Cookie: `sizer_token=${server.token}` } });
    expect(withCookie.status).toBe(401);
    const apiWithCookie = await send(server.port, '/api/getAppInfo', { method: 'POST', headers: { Cookie: `sizer_token=${server.token}` }, body: '{"args":[]}' });
    expect(apiWithCookie.status).toBe(401);
  });

  it('serves the public app bundle without the token', async () => {
    const r = await send(server.port, '/app.js');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/javascript');
  });

  it('shows a browser that navigates without the token a readable page, not JSON', async () => {
    const r = await send(server.port, '/', { headers: { Accept: 'text/html,application/xhtml+xml', 'Sec-Fetch-Mode': 'navigate' } });
    expect(r.status).toBe(401);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('Open the link that <code>llm-sizer serve</code> printed');
    const wrong = await send(server.port, '/?token=nope', { headers: { Accept: 'text/html' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('wrong token');
  });

  it('answers a malformed percent-escape with 401 or 400, never 500', async () => {
    expect((await send(server.port, '/%E0%A4%A')).status).toBe(401);
    expect((await send(server.port, '/assets/%zz.js')).status).toBe(401);
    expect((await send(server.port, '/', { headers: { Cookie: 'sizer_token=%E0%A4%A' } })).status).toBe(401);
    expect((await send(server.port, `/%E0%A4%A?token=${server.token}`)).status).toBe(400);
  });

  it('answers a null, array or non-object body with BAD_REQUEST in words, not a TypeError', async () => {
    for (const body of ['null', '[]', '42', '"x"']) {
      const r = await send(server.port, '/api/getAppInfo', { method: 'POST', headers: { 'X-Sizer-Token': server.token }, body });
      expect(r.status).toBe(200);
      const result = JSON.parse(r.body) as { ok: boolean; error: { code: string; message: string } };
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(result.error.message).not.toMatch(/Cannot read|TypeError|undefined/);
    }
  });

  it('answers a body over 64 KB with 413', async () => {
    const r = await send(server.port, '/api/getAppInfo', { method: 'POST', headers: { 'X-Sizer-Token': server.token }, body: `{"args":[],"pad":"${'x'.repeat(100_000)}"}` });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('returns the real profile to a good request', async () => {
    const r = await send(server.port, '/api/getHardwareProfile', {
      method: 'POST',
      headers: { 'X-Sizer-Token': server.token, Origin: `http://127.0.0.1:${server.port}`, 'Content-Type': 'application/json' },
      body: '{"args":[]}',
    });
    expect(r.status).toBe(200);
    const result = JSON.parse(r.body) as { ok: boolean; value: { gpus: { name: { value: string } }[] } };
    expect(result.ok).toBe(true);
    expect(result.value.gpus[0]?.name.value).toBe('NVIDIA H200');
  });

  it('refuses bad payloads and path traversal', async () => {
    const h = { 'X-Sizer-Token': server.token };
    const bad = await send(server.port, '/api/saveReport', { method: 'POST', headers: h, body: '{"args":[{"format":"exe","contextTokens":1}]}' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const notJson = await send(server.port, '/api/saveReport', { method: 'POST', headers: h, body: 'nope' });
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const traversal = await send(server.port, '/..%2f..%2fetc%2fpasswd', { headers: h });
    expect([403, 404]).toContain(traversal.status);
    expect(traversal.body).not.toContain('root:');
  });

  it('writes a report chosen by main, into the reports folder', async () => {
    const r = await send(server.port, '/api/saveReport', {
      method: 'POST',
      headers: { 'X-Sizer-Token': server.token },
      body: '{"args":[{"format":"markdown","contextTokens":8192}]}',
    });
    const result = JSON.parse(r.body) as { ok: boolean; value: { path: string; bytes: number } };
    expect(result.ok).toBe(true);
    expect(result.value.path.startsWith(reportsDir)).toBe(true);
    expect(result.value.bytes).toBeGreaterThan(500);
  });
});

describe('stopping the server', () => {
  it('closes even while a browser holds connections open (a keep-alive one, and a preconnected socket with no request yet)', async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'sizer-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>x</title>');
    const api = testService(null, { reportsDir: staticDir });
    const server = await startServer({ api, staticDir });
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: `/?token=${server.token}`, agent, headers: { Host: `127.0.0.1:${server.port}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
    const preconnect = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => preconnect.once('connect', resolve));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    agent.destroy();
    preconnect.destroy();
  });
});

describe('a slow request', () => {
  it('is answered 408 and closed after the request time limit, not held for 300 s', async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'sizer-static-'));
    const server = await startServer({ api: testService(null, { reportsDir: staticDir }), staticDir, requestTimeoutMs: 1000 });
    try {
      const socket = connect(server.port, '127.0.0.1');
      let answer = '';
      socket.on('data', (c: Buffer) => (answer += c.toString()));
      await new Promise((resolve) => socket.once('connect', resolve));
      const started = Date.now();
      socket.write(`POST /api/getAppInfo HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Sizer-Token: ${server.token}\r\nContent-Length: 100\r\n\r\n{"ar`);
      await new Promise((resolve) => socket.once('close', resolve));
      expect(Date.now() - started).toBeLessThan(5000);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await server.close();
    }
  }, 10_000);
});
