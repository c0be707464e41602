import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('--out - prints the report to standard output and writes no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sizer-report-'));
    const r = await cli(['report', '--hardware', H200, '--format', 'json', '--out', '-'], '', dir);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toHaveProperty('recommendations');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--out through a symlink writes its target and keeps the link and the file mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sizer-report-'));
    writeFileSync(join(dir, 'real.md'), 'old', { mode: 0o600 });
    symlinkSync('real.md', join(dir, 'link.md'));
    const r = await cli(['report', '--hardware', H200, '--out', 'link.md'], '', dir);
    expect(r.code, r.err).toBe(0);
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.md'), 'utf8')).toContain('# LLM Sizer report');
    expect(statSync(join(dir, 'real.md')).mode & 0o777).toBe(0o600);
  });

  it('--out under /proc fails at once instead of spinning', async () => {
    const r = await cli(['report', '--hardware', H200, '--out', '/proc/nope/r.md']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Could not write the report');
  }, 10_000);

  it('--gpu without --ram is a usage error (exit 2)', async () => {
    const r = await cli(['report', '--gpu', 'RTX 4090']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--ram');
  });

  it('refuses an unknown format', async () => {
    const r = await cli(['report', '--hardware', H200, '--format', 'docx']);
    expect(r.code).toBe(2);
    const inherited = await cli(['report', '--hardware', H200, '--format', 'constructor']);
    expect(inherited.code).toBe(2);
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
