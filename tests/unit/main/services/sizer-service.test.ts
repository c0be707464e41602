import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileFromFixture } from '../../../helpers/fixture-profiles';
import { testService } from '../../../helpers/service';

const profile = profileFromFixture('linux-nvidia-h200-vm');

describe('saveReport', () => {
  it('a reports folder under /proc is a WRITE_FAILED at once, not a spin', async () => {
    const service = testService(profile, { reportsDir: '/proc/nope/reports' });
    const started = Date.now();
    const r = await service.saveReport({ format: 'markdown', contextTokens: 8192 });
    expect(r).toMatchObject({ ok: false, error: { code: 'WRITE_FAILED' } });
    expect(Date.now() - started).toBeLessThan(3000);
  }, 10_000);

  it('gives reports made at the same moment their own files, and removes what killed exports left', async () => {
    const reportsDir = mkdtempSync(join(tmpdir(), 'sizer-reports-'));
    // a temporary file of a process that no longer runs (pid 2^22 + 1 is above Linux's pid_max default)
    writeFileSync(join(reportsDir, `.llm-sizer-report-x.md.${2 ** 22 + 1}.0123456789ab.tmp`), 'half');
    const service = testService(profile, { reportsDir, now: () => new Date('2026-12-05T00:00:00.000Z') });
    const results = await Promise.all(Array.from({ length: 5 }, () => service.saveReport({ format: 'markdown', contextTokens: 8192 })));
    const paths = results.map((r) => (r.ok ? r.value.path : r.error.message));
    expect(new Set(paths).size).toBe(5);
    expect(readdirSync(reportsDir).sort()).toEqual([
      'llm-sizer-report-2026-12-05T00-00-00-000Z-2.md',
      'llm-sizer-report-2026-12-05T00-00-00-000Z-3.md',
      'llm-sizer-report-2026-12-05T00-00-00-000Z-4.md',
      'llm-sizer-report-2026-12-05T00-00-00-000Z-5.md',
      'llm-sizer-report-2026-12-05T00-00-00-000Z.md',
    ]);
  });
});
