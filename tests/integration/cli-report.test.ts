import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-io';

const H200 = resolve(__dirname, '../fixtures/profiles/linux-nvidia-h200-vm.json');

describe('llm-sizer report', () => {
  it('writes markdown, html and json files to disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sizer-report-'));
    for (const [format, name, marker] of [
      ['md', 'r.md', '# LLM Sizer report'],
      ['html', 'r.html', '<!doctype html>'],
      ['json', 'r.json', '"recommendations"'],
    ] as const) {
      const r = await cli(['report', '--hardware', H200, '--format', format, '--out', name], '', dir);
      expect(r.code, r.err).toBe(0);
      expect(readFileSync(join(dir, name), 'utf8')).toContain(marker);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('an unwritable path is a clear error that loses nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sizer-report-'));
    const existing = join(dir, 'keep.md');
    writeFileSync(existing, 'my notes');
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'a file');
    const r = await cli(['report', '--hardware', H200, '--out', join(blocker, 'report.md')], '', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Could not write the report');
    expect(readFileSync(existing, 'utf8')).toBe('my notes');
    expect(existsSync(join(blocker, 'report.md'))).toBe(false);
  });

  it('refuses an unknown format', async () => {
    const r = await cli(['report', '--hardware', H200, '--format', 'docx']);
    expect(r.code).toBe(2);
  });

  it('does not replace a read-only file half-way', async () => {
    if (process.getuid?.() === 0) {
      // root ignores file permissions; the directory case above covers the failure path
      const dir = mkdtempSync(join(tmpdir(), 'sizer-report-'));
      const r = await cli(['report', '--hardware', H200, '--out', join(dir, 'ok.md')], '', dir);
      expect(r.code).toBe(0);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'sizer-report-'));
    chmodSync(dir, 0o500);
    const r = await cli(['report', '--hardware', H200, '--out', join(dir, 'x.md')], '', dir);
    expect(r.code).toBe(1);
  });
});
