import { open, rm, statfs } from 'node:fs/promises';
import { err, errorMessage, ok } from '../../../app/api/result';
import type { Result } from '../../../app/api/result';
import type { SyntheticGguf } from '../../../app/measure/synthetic-gguf';
import { randomTensorData } from '../../../app/measure/random-blocks';

/** Free bytes on the file system holding `dir` (injectable so tests can stage a full disk). */
export type FreeSpace = (dir: string) => Promise<number>;

export const freeSpace: FreeSpace = async (dir) => {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
};

/** Room kept free beside what the file needs, so the benchmark never fills a disk. */
const DISK_MARGIN_BYTES = 256 * 1024 * 1024;

/**
 * Bytes the file takes on disk. A sparse hole costs nothing on Linux and macOS file systems; Windows (NTFS files are
 * not sparse unless marked so) allocates the whole length.
 */
export function diskBytesNeeded(file: SyntheticGguf, platform: NodeJS.Platform): number {
  return platform === 'win32' ? file.fileBytes : file.writtenBytes;
}

/**
 * Writes a synthetic GGUF: the header, the random fills at their offsets, and a sparse zero tail to the full length.
 * Refuses with a clear message when the disk is too small; removes a partly written file on any failure.
 */
export async function writeSyntheticGguf(
  path: string,
  file: SyntheticGguf,
  opts: { readonly free?: FreeSpace; readonly dir: string; readonly platform?: NodeJS.Platform } ,
): Promise<Result<{ readonly path: string; readonly fileBytes: number }>> {
  const need = diskBytesNeeded(file, opts.platform ?? process.platform) + DISK_MARGIN_BYTES;
  let free: number;
  try {
    free = await (opts.free ?? freeSpace)(opts.dir);
  } catch (e) {
    return err('WRITE_FAILED', `Cannot tell how much disk is free in ${opts.dir}: ${errorMessage(e)}`);
  }
  if (free < need)
    return err(
      'WRITE_FAILED',
      `Not enough disk space in ${opts.dir} for the test model: it needs ${(need / 1e9).toFixed(2)} GB free, ${(free / 1e9).toFixed(2)} GB are.`,
    );
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.write(file.header, 0, file.header.length, 0);
      for (const f of file.fills) {
        // In slices of at most 16 M values, so a large router or embedding never needs one huge buffer.
        const step = 16 * 1024 * 1024;
        let done = 0;
        let at = f.offset;
        while (done < f.count) {
          const n = Math.min(step, f.count - done);
          const data = randomTensorData(f.type, n, f.seed + done);
          await handle.write(data, 0, data.length, at);
          at += data.length;
          done += n;
        }
      }
      await handle.truncate(file.fileBytes);
    } finally {
      await handle.close();
    }
  } catch (e) {
    await rm(path, { force: true });
    return err('WRITE_FAILED', `Could not write the test model ${path}: ${errorMessage(e)}`);
  }
  return ok({ path, fileBytes: file.fileBytes });
}
