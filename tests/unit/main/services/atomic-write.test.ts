import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { open } from 'node:fs/promises';
import { removeStaleTemporaryFiles, writeFileAtomic } from '../../../../main/services/atomic-write';

const fresh = () => mkdtempSync(join(tmpdir(), 'sizer-atomic-'));

/** A process id that no running process has: a child that has exited. */
function deadPid(): number {
  const child = spawn(process.execPath, ['-e', '0']);
  const pid = child.pid ?? 0;
  execFileSync(process.execPath, ['-e', 'setTimeout(() => {}, 200)']);
  return pid;
}

describe('writeFileAtomic', () => {
  it('writes a new file and leaves no temporary file', async () => {
    const dir = fresh();
    await writeFileAtomic(join(dir, 'a', 'b', 'r.md'), 'hello');
    expect(readFileSync(join(dir, 'a', 'b', 'r.md'), 'utf8')).toBe('hello');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['r.md']);
  });

  it('writes through a symlink to its target and keeps the link', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'real.md'), 'old');
    symlinkSync('real.md', join(dir, 'link.md'));
    await writeFileAtomic(join(dir, 'link.md'), 'new');
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.md'))).toBe('real.md');
    expect(readFileSync(join(dir, 'real.md'), 'utf8')).toBe('new');
  });

  it('creates the target of a dangling symlink', async () => {
    const dir = fresh();
    symlinkSync(join(dir, 'target.md'), join(dir, 'link.md'));
    await writeFileAtomic(join(dir, 'link.md'), 'made');
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.md'), 'utf8')).toBe('made');
  });

  it('keeps the permission bits of an existing file', async () => {
    const dir = fresh();
    const file = join(dir, 'private.md');
    writeFileSync(file, 'secret', { mode: 0o600 });
    await writeFileAtomic(file, 'still secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('still secret');
  });

  it('writes into a FIFO instead of replacing it with a regular file', async () => {
    const dir = fresh();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const received = new Promise<string>((resolve, reject) => {
      let text = '';
      createReadStream(fifo, 'utf8')
        .on('data', (c) => (text += String(c)))
        .on('end', () => resolve(text))
        .on('error', reject);
    });
    await writeFileAtomic(fifo, 'through the pipe');
    expect(await received).toBe('through the pipe');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('fails at once, instead of spinning, for a folder that cannot be made under /proc', async () => {
    const started = Date.now();
    await expect(writeFileAtomic('/proc/nope/deeper/r.md', 'x')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  }, 5000);

  it('syncs the file before the rename and the folder after it', async () => {
    const dir = fresh();
    const probe = await open(join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();
    const synced: string[] = [];
    const spy = vi.spyOn(proto, 'sync').mockImplementation(async function (this: { fd: number }) {
      synced.push(readlinkSync(`/proc/self/fd/${this.fd}`));
    });
    try {
      await writeFileAtomic(join(dir, 'r.md'), 'synced');
    } finally {
      spy.mockRestore();
    }
    expect(synced).toHaveLength(2);
    expect(basename(synced[0] ?? '')).toMatch(/^\.r\.md\.\d+\.[0-9a-f]{12}\.tmp$/);
    expect(synced[1]).toBe(dir);
  });

  it('refuses a folder as the target', async () => {
    await expect(writeFileAtomic(fresh(), 'x')).rejects.toThrow(/folder/);
  });
});

describe('removeStaleTemporaryFiles', () => {
  it('removes what a killed writer left and keeps a live writer\'s fresh file', async () => {
    const dir = fresh();
    const target = join(dir, 'settings.json');
    const dead = join(dir, `.settings.json.${deadPid()}.0123456789ab.tmp`);
    const live = join(dir, `.settings.json.${process.pid}.0123456789ab.tmp`);
    const oldLive = join(dir, `.settings.json.${process.ppid}.ba9876543210.tmp`);
    const other = join(dir, `.other.json.${deadPid()}.0123456789ab.tmp`);
    for (const f of [dead, live, oldLive, other]) writeFileSync(f, '{');
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(oldLive, hourAgo, hourAgo);
    expect(await removeStaleTemporaryFiles(target)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual([basename(other), `.settings.json.${process.pid}.0123456789ab.tmp`].sort());
  });

  it('a write cleans the leftovers of earlier killed writes of the same file', async () => {
    const dir = fresh();
    writeFileSync(join(dir, `.r.md.${deadPid()}.0123456789ab.tmp`), 'half');
    await writeFileAtomic(join(dir, 'r.md'), 'whole');
    expect(readdirSync(dir)).toEqual(['r.md']);
  });
});
