import { request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIZER_METHODS, sizerRoute } from '../../../app/api/sizer-api';
import { startServer } from '../../../main/server/server';
import type { RunningServer } from '../../../main/server/server';
import { MemorySettings } from '../../../main/services/settings-store';
import { fuzzIterations, fuzzRng, fuzzTimeoutMs, mutateJson, mutateText } from '../../helpers/fuzz';
import { profileFromFixture } from '../../helpers/fixture-profiles';
import { testService } from '../../helpers/service';

const GOOD_ARGS: readonly unknown[][] = [
  [{ kind: 'memory', field: 'totalBytes', value: 64e9 }],
  [{ kind: 'gpu', gpuKey: 'bus:0000:01:00.0', field: 'vramTotalBytes', value: 24e9 }],
  [{ kind: 'gpuSpec', gpuKey: 'name:X#0', specId: 'rtx-4090' }],
  [{ format: 'json', contextTokens: 8192 }],
  ['/nonexistent/model.gguf'],
  [],
];
const N = fuzzIterations(800);

function post(port: number, token: string, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { Host: `127.0.0.1:${port}`, 'X-Sizer-Token': token } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('fuzz: API payloads over HTTP', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'sizer-fuzz-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
    const api = testService(profileFromFixture('linux-nvidia-h200-vm'), { reportsDir: mkdtempSync(join(tmpdir(), 'sizer-fuzz-reports-')), settings: new MemorySettings() });
    server = await startServer({ api, staticDir });
  });
  afterAll(() => server.close());

  it(`${N} mutated payloads to every method: a Result in JSON with 200, or a 400/413 in JSON, never a 500`, async () => {
    const rng = fuzzRng(5);
    // the scan of local models is left out: it walks this machine's real model folders
    const methods = SIZER_METHODS.filter((m) => m !== 'scanLocalModels');
    for (let i = 0; i < N; i++) {
      const method = rng.pick(methods);
      const payload = { args: rng.pick(GOOD_ARGS) };
      const roll = rng();
      const body = roll < 0.6 ? JSON.stringify(mutateJson(payload, rng, 1 + rng.int(3))) : roll < 0.9 ? mutateText(JSON.stringify(payload), rng) : rng.bytes(rng.int(200)).toString('latin1');
      const r = await post(server.port, server.token, sizerRoute(method), body);
      expect([200, 400, 413], `case ${i}: ${method} ${body.slice(0, 200)}`).toContain(r.status);
      const result = JSON.parse(r.body) as { ok: unknown; error?: { message: string } };
      expect(typeof result.ok).toBe('boolean');
      if (result.ok === false) expect(result.error?.message ?? '').not.toMatch(/TypeError|Cannot read prop/);
    }
  }, fuzzTimeoutMs(N, 100));
});
