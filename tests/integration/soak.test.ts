import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const BURST = 300;

interface Soak {
  readonly child: ChildProcess;
  readonly port: number;
  readonly token: string;
}

function startSoakServer(configDir: string, reportsDir: string): Promise<Soak> {
  const child = spawn(process.execPath, [resolve(ROOT, 'node_modules/jiti/lib/jiti-cli.mjs'), resolve(ROOT, 'tests/helpers/soak-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, SOAK_CONFIG_DIR: configDir, SOAK_REPORTS_DIR: reportsDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^(\d+) (\S+)\n/.exec(out);
      if (m) done({ child, port: Number(m[1]), token: m[2] ?? '' });
    });
    child.once('exit', (code) => fail(new Error(`soak server exited with ${code}: ${err}`)));
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function call(s: Soak, method: string, args: unknown[]): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> {
  return new Promise((done, fail) => {
    const req = request(
      { host: '127.0.0.1', port: s.port, path: `/api/${method}`, method: 'POST', agent, timeout: 60_000, headers: { Host: `127.0.0.1:${s.port}`, 'X-Sizer-Token': s.token } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          try {
            done(JSON.parse(text) as { ok: boolean });
          } catch (e) {
            fail(e instanceof Error ? e : new Error(String(e)));
          }
        });
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(JSON.stringify({ args }));
  });
}

const correction = (i: number) => ({ kind: 'gpu', gpuKey: `bus:soak:${i}`, field: 'vramTotalBytes', value: (i + 1) * 1e9 });
const savedGpus = (configDir: string) =>
  (JSON.parse(readFileSync(join(configDir, 'settings.json'), 'utf8')) as { overrides: { gpus: Record<string, { vramTotalBytes: number }> } }).overrides.gpus;

describe('soak: parallel corrections and report exports against a serve process, then a kill mid-burst', () => {
  it(`${BURST} corrections and ${BURST / 10} exports all land; after kill -9 the file holds every acknowledged correction and nothing partial`, async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'sizer-soak-config-'));
    const reportsDir = mkdtempSync(join(tmpdir(), 'sizer-soak-reports-'));
    const first = await startSoakServer(configDir, reportsDir);

    // 1. a burst that completes: every acknowledged correction is in memory and in the file; every export is a file
    const [answers, exports] = await Promise.all([
      Promise.all(Array.from({ length: BURST }, (_, i) => call(first, 'setOverride', [correction(i)]))),
      Promise.all(Array.from({ length: BURST / 10 }, () => call(first, 'saveReport', [{ format: 'json', contextTokens: 8192 }]))),
    ]);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(exports.every((e) => e.ok)).toBe(true);
    const settings = await call(first, 'getSettings', []);
    const memory = (settings.value as { overrides: { gpus: Record<string, unknown> } }).overrides.gpus;
    expect(Object.keys(memory)).toHaveLength(BURST);
    expect(savedGpus(configDir)).toEqual(memory);
    const reports = readdirSync(reportsDir);
    expect(reports).toHaveLength(BURST / 10);
    for (const r of reports) expect(JSON.parse(readFileSync(join(reportsDir, r), 'utf8'))).toHaveProperty('recommendations');

    // 2. a second burst, killed part-way: what was acknowledged is in the file, the file is whole
    const acknowledged = new Set<number>();
    const second = Array.from({ length: BURST }, (_, i) =>
      call(first, 'setOverride', [correction(BURST + i)]).then(
        (a) => {
          if (a.ok) acknowledged.add(BURST + i);
        },
        () => undefined,
      ),
    );
    const exporting = Array.from({ length: BURST / 10 }, () => call(first, 'saveReport', [{ format: 'markdown', contextTokens: 8192 }]).catch(() => undefined));
    while (acknowledged.size < BURST / 3) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    await Promise.all([...second, ...exporting]);
    const afterKill = savedGpus(configDir);
    for (const i of acknowledged) expect(afterKill[`bus:soak:${i}`], `acknowledged correction ${i}`).toEqual({ vramTotalBytes: (i + 1) * 1e9 });
    for (const key of Object.keys(afterKill)) expect(Number(key.slice('bus:soak:'.length))).toBeLessThan(2 * BURST);
    expect(acknowledged.size).toBeLessThan(BURST);

    // 3. the next start removes what the killed writes left; the settings it serves are the file's
    const next = await startSoakServer(configDir, reportsDir);
    try {
      const reloaded = await call(next, 'getSettings', []);
      expect((reloaded.value as { overrides: { gpus: unknown } }).overrides.gpus).toEqual(afterKill);
      expect(await call(next, 'saveReport', [{ format: 'json', contextTokens: 8192 }])).toMatchObject({ ok: true });
      // no temporary file and no lock of the killed process are left once the next run has read its settings
      expect(readdirSync(configDir), readdirSync(configDir).join(' ')).toEqual(['settings.json']);
      expect(readdirSync(reportsDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      for (const r of readdirSync(reportsDir)) expect(readFileSync(join(reportsDir, r), 'utf8').length).toBeGreaterThan(500);
    } finally {
      next.child.kill('SIGKILL');
      agent.destroy();
    }
  }, 120_000);
});
