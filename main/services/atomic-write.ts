import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

/** How many symlinks are followed before giving up (Linux's MAXSYMLINKS is 40). */
const MAX_SYMLINK_HOPS = 40;
/** A temporary file older than this is stale even if its writer's process id is alive again (a reused id). */
const STALE_TEMP_MS = 10 * 60_000;

const TEMP_PATTERN = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

function code(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
}

async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (e) {
    if (code(e) === 'ENOENT') return null;
    throw e;
  }
}

/** The path a write to `path` lands on: symlinks followed (also dangling ones, whose target is then created). */
export async function writeTarget(path: string): Promise<{ readonly path: string; readonly stats: Stats | null }> {
  let current = resolve(path);
  for (let hop = 0; hop <= MAX_SYMLINK_HOPS; hop++) {
    const s = await lstatOrNull(current);
    if (s === null || !s.isSymbolicLink()) return { path: current, stats: s };
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(`too many levels of symbolic links: ${path}`), { code: 'ELOOP' });
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's `mkdir({recursive: true})` spins forever
 * where mkdir answers ENOENT for a parent that exists (procfs: `/proc/nope/x`); this stops at the first refusal.
 */
export async function makeDirectories(dir: string): Promise<void> {
  const absolute = resolve(dir);
  const parts = absolute.split(sep).filter((p) => p !== '');
  let current = absolute.startsWith(sep) ? sep : '';
  if (/^[A-Za-z]:/.test(parts[0] ?? '')) current = `${parts.shift() ?? ''}${sep}`;
  for (const part of parts) {
    current = join(current, part);
    let s: Stats | null;
    try {
      s = await stat(current);
    } catch (e) {
      if (code(e) !== 'ENOENT') throw e;
      s = null;
    }
    if (s?.isDirectory()) continue;
    if (s) throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
    try {
      await mkdir(current);
    } catch (e) {
      if (code(e) !== 'EEXIST') throw e;
    }
  }
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
 * Removes the temporary files that killed writes of `path` left behind: those whose writing process is gone,
 * or older than ten minutes. Returns how many were removed. Never throws.
 */
export async function removeStaleTemporaryFiles(path: string, now: number = Date.now()): Promise<number> {
  return removeStaleIn(dirname(resolve(path)), basename(path), now);
}

/** The same for every file of a folder (a reports folder, whose files each have their own name). */
export function removeStaleTemporaryFilesIn(dir: string, now: number = Date.now()): Promise<number> {
  return removeStaleIn(resolve(dir), null, now);
}

async function removeStaleIn(dir: string, name: string | null, now: number): Promise<number> {
  let removed = 0;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const m = TEMP_PATTERN.exec(entry);
    if (!m || (name !== null && m[1] !== name)) continue;
    const file = join(dir, entry);
    try {
      const s = await lstat(file);
      if (!s.isFile()) continue;
      if (processAlive(Number(m[2])) && now - s.mtimeMs < STALE_TEMP_MS) continue;
      await rm(file, { force: true });
      removed++;
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

async function syncFolder(dir: string): Promise<void> {
  // Only Linux (and other POSIX systems) can open and fsync a folder; Windows refuses, and NTFS journals renames.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (e) {
    if (code(e) !== 'EINVAL' && code(e) !== 'ENOTSUP') throw e;
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file so that a crash never leaves it half-written: the content goes to a temporary file beside
 * the target (named with this process id, so a later run can tell a killed write's leftovers and removes
 * them), is synced, renamed over the target, and the folder is synced.
 *
 * - a symlink is written through: its target is replaced, the link stays;
 * - a FIFO, a device or another special file is written directly (a rename would replace it);
 * - an existing file keeps its permission bits (a 0600 file stays 0600);
 * - missing folders are created one level at a time.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const target = await writeTarget(path);
  if (target.stats?.isDirectory()) throw Object.assign(new Error(`${target.path} is a folder`), { code: 'EISDIR' });
  if (target.stats && !target.stats.isFile()) {
    await writeFile(target.path, content); // a string as UTF-8, bytes as they are
    return;
  }
  const dir = dirname(target.path);
  await makeDirectories(dir);
  await removeStaleTemporaryFiles(target.path);
  const tmp = join(dir, `.${basename(target.path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', target.stats ? target.stats.mode & 0o777 : 0o666);
    try {
      await handle.writeFile(content); // a string as UTF-8, bytes as they are
      // the umask applied at open; an existing file's mode is kept exactly
      if (target.stats) await handle.chmod(target.stats.mode & 0o7777);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target.path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncFolder(dir);
}
