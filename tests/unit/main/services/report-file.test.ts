import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSizerService } from '../../../../main/services/sizer-service';
import type { ServiceDeps } from '../../../../main/services/sizer-service';
import { profileFromFixture } from '../../../helpers/fixture-profiles';

function service(deps: Partial<ServiceDeps> = {}) {
  return createSizerService({
    entryPoint: 'electron',
    appName: 'LLM Sizer',
    version: 'test',
    scan: () => Promise.resolve({ ok: true, value: { ...profileFromFixture('windows-rtx-4090'), label: 'ann on DESKTOP-ANN7' } }),
    hardwareFile: null,
    reportsDir: mkdtempSync(join(tmpdir(), 'sizer-svc-')),
    now: () => new Date('2026-11-28T12:00:00.000Z'),
    timeZone: () => 'Asia/Tokyo',
    privateFacts: () => ({ homeDir: 'C:\\Users\\ann', userName: 'ann', hostName: 'DESKTOP-ANN7' }),
    ...deps,
  });
}

describe('saving reports', () => {
  it('writes a PDF as bytes and says how many', async () => {
    const api = service();
    const r = await api.saveReport({ format: 'pdf', contextTokens: 8192 });
    expect(r.ok).toBe(true);
    if (!r.ok || !r.value.path) return;
    const bytes = readFileSync(r.value.path);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(r.value.bytes).toBe(bytes.length);
    expect(r.value.path.endsWith('.pdf')).toBe(true);
  });

  it('shows the local time in the process zone, and leaves out the user and host unless asked', async () => {
    const api = service();
    const hidden = await api.renderReportFile({ format: 'markdown', contextTokens: 8192 });
    const kept = await api.renderReportFile({ format: 'markdown', contextTokens: 8192, includePrivate: true });
    if (!hidden.ok || !kept.ok) throw new Error('render failed');
    const text = String(hidden.value.content);
    expect(text).toContain('2026-11-28 21:00 (Asia/Tokyo, GMT+9)');
    expect(text).not.toMatch(/\bann\b|DESKTOP-ANN7/i);
    expect(String(kept.value.content)).toContain('ann on DESKTOP-ANN7');
  });

  it('a time zone from the request wins; an unknown one falls back to the process zone', async () => {
    const api = service();
    const r = await api.renderReportFile({ format: 'markdown', contextTokens: 8192, timeZone: 'Europe/Paris' });
    const bad = await api.renderReportFile({ format: 'markdown', contextTokens: 8192, timeZone: 'Mars/Olympus' });
    if (!r.ok || !bad.ok) throw new Error('render failed');
    expect(String(r.value.content)).toContain('(Europe/Paris, GMT+1)');
    expect(String(bad.value.content)).toContain('(Asia/Tokyo, GMT+9)');
  });

  it('uses the PDF renderer it is given (the desktop app prints the HTML report with Chromium)', async () => {
    let seen = '';
    const api = service({ renderPdf: (_m, html, paper) => ((seen = `${paper} ${html.slice(0, 15)}`), Promise.resolve(new Uint8Array([37, 80, 68, 70]))) });
    const r = await api.saveReport({ format: 'pdf', contextTokens: 8192, paper: 'letter' });
    expect(r.ok && r.value.bytes).toBe(4);
    expect(seen).toBe('letter <!doctype html>');
  });
});

describe('show in folder', () => {
  it('reveals only a report this session saved', async () => {
    const shown: string[] = [];
    const api = service({ showInFolder: (p) => shown.push(p) });
    const saved = await api.saveReport({ format: 'json', contextTokens: 4096 });
    if (!saved.ok || !saved.value.path) throw new Error('not saved');
    expect(await api.showReportInFolder(saved.value.path)).toEqual({ ok: true, value: true });
    const other = await api.showReportInFolder('/etc/passwd');
    expect(other.ok).toBe(false);
    expect(shown).toEqual([saved.value.path]);
  });

  it('is an error where the entry point cannot show folders (web server, CLI)', async () => {
    const api = service();
    const r = await api.showReportInFolder('/tmp/x.md');
    expect(r.ok).toBe(false);
  });
});
