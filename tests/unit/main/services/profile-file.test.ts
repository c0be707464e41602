import { execFileSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PROFILE_BYTES, loadProfileFile } from '../../../../main/services/profile-file';

describe('loadProfileFile', () => {
  it('refuses a FIFO at once instead of blocking until a writer comes', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'sizer-profile-')), 'me.json');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect(await loadProfileFile(fifo)).toMatchObject({ ok: false, error: { code: 'READ_FAILED', message: expect.stringContaining('not a regular file') as unknown } });
    expect(Date.now() - started).toBeLessThan(2000);
  }, 5000);

  it('refuses a file over the size limit without reading it, and says when there is no file', async () => {
    const big = join(mkdtempSync(join(tmpdir(), 'sizer-profile-')), 'big.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_PROFILE_BYTES + 1);
    expect(await loadProfileFile(big)).toMatchObject({ ok: false, error: { message: expect.stringContaining('over the') as unknown } });
    expect(await loadProfileFile(join(tmpdir(), 'no-such-profile.json'))).toMatchObject({ ok: false, error: { message: expect.stringContaining('no such file') as unknown } });
  });
});
