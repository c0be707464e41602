import { request } from 'node:http';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_DOWNLOAD_ROUTE, startServer } from '../../../../main/server/server';
import type { RunningServer } from '../../../../main/server/server';
import { createSizerService } from '../../../../main/services/sizer-service';
import { profileFromFixture } from '../../../helpers/fixture-profiles';

interface Reply {
  status: number;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

function post(port: number, path: string, body: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the served app downloads reports', () => {
  let server: RunningServer;
  const reportsDir = mkdtempSync(join(tmpdir(), 'sizer-dl-reports-'));
  const staticDir = mkdtempSync(join(tmpdir(), 'sizer-dl-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>LLM Sizer</title>');

  beforeAll(async () => {
    const api = createSizerService({
      entryPoint: 'server',
      appName: 'LLM Sizer',
      version: 'test',
      scan: () => Promise.resolve({ ok: true, value: profileFromFixture('linux-nvidia-h200-vm') }),
      hardwareFile: null,
      reportsDir,
      now: () => new Date('2026-11-28T12:00:00.000Z'),
      privateFacts: () => ({ homeDir: '/home/ann', userName: 'ann', hostName: 'box' }),
    });
    server = await startServer({ api, staticDir, renderReport: (r) => api.renderReportFile(r) });
  });
  afterAll(() => server.close());

  const args = (request: object) => JSON.stringify({ args: [request] });

  it('answers the rendered file with Content-Disposition, and writes nothing on the server', async () => {
    const r = await post(server.port, REPORT_DOWNLOAD_ROUTE, args({ format: 'markdown', contextTokens: 8192, timeZone: 'America/New_York' }), { 'X-Sizer-Token': server.token });
    expect(r.status).toBe(200);
    expect(r.headers['content-disposition']).toBe('attachment; filename="llm-sizer-report-2026-11-28T12-00-00-000Z.md"');
    expect(r.headers['content-type']).toBe('text/markdown; charset=utf-8');
    const text = r.body.toString('utf8');
    expect(text).toContain('# LLM Sizer report');
    expect(text).toContain('2026-11-28 07:00 (America/New\\_York, GMT-5)');
    expect(readdirSync(reportsDir)).toEqual([]);
  });

  it('serves a PDF as bytes', async () => {
    const r = await post(server.port, REPORT_DOWNLOAD_ROUTE, args({ format: 'pdf', contextTokens: 8192, paper: 'letter' }), { 'X-Sizer-Token': server.token });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
  });

  it('needs the token and a valid request', async () => {
    expect((await post(server.port, REPORT_DOWNLOAD_ROUTE, args({ format: 'pdf', contextTokens: 8192 }), {})).status).toBe(401);
    expect((await post(server.port, REPORT_DOWNLOAD_ROUTE, args({ format: 'docx', contextTokens: 8192 }), { 'X-Sizer-Token': server.token })).status).toBe(400);
    expect((await post(server.port, REPORT_DOWNLOAD_ROUTE, 'not json', { 'X-Sizer-Token': server.token })).status).toBe(400);
  });
});
