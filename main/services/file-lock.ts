import { randomBytes } from 'node:crypto';
import { link, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A lock older than this is stale even if its process id is alive again (a reused id): no update takes this long. */
const STALE_LOCK_MS = 30_000;
const RETRY_MS = 5;

function code(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return code(e) === 'EPERM';
  }
}

/**
 * Creates the lock with its content in one step: the process id goes into a temporary file that is then hard-linked
 * to `lockPath` (link fails if it exists). An exclusive open followed by a write would leave an empty lock, with no
 * owner to check, when the process is killed between the two. Where hard links are not supported, that is the fallback.
 */
async function createLock(lockPath: string): Promise<void> {
  const tmp = join(dirname(lockPath), `.${basename(lockPath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, String(process.pid), { flag: 'wx' });
  try {
    await link(tmp, lockPath);
  } catch (e) {
    if (code(e) === 'EEXIST') throw e;
    const handle = await open(lockPath, 'wx');
    try {
      await handle.writeFile(String(process.pid));
    } finally {
      await handle.close();
    }
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Removes `lockPath` if the process that made it is gone or it is older than 30 s. Returns whether it did. */
export async function removeStaleLock(lockPath: string): Promise<boolean> {
  const [text, info] = await Promise.all([readFile(lockPath, 'utf8').catch(() => null), stat(lockPath).catch(() => null)]);
  if (text === null || info === null) return false;
  const pid = Number(text.trim());
  const dead = Number.isInteger(pid) && pid > 0 && !processAlive(pid);
  if (!dead && Date.now() - info.mtimeMs < STALE_LOCK_MS) return false;
  await rm(lockPath, { force: true });
  return true;
}

/**
 * Runs `work` while holding `lockPath` (created exclusively, holding this process id), so that two processes
 * (the desktop app and `llm-sizer serve`) never interleave a load-apply-save of the same file. A lock left by a
 * killed process is taken over; a live one is waited for up to `waitMs`, then this throws.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>, waitMs = 5000): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await createLock(lockPath);
      break;
    } catch (e) {
      if (code(e) !== 'EEXIST') throw e;
      if (await removeStaleLock(lockPath)) continue;
      if (Date.now() > deadline) throw new Error(`${lockPath} is held by another LLM Sizer process; try again`);
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}
