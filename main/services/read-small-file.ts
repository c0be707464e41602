import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { errorMessage } from '../../app/api/result';

export type SmallFileText = { readonly kind: 'missing' } | { readonly kind: 'unreadable'; readonly reason: string } | { readonly kind: 'text'; readonly text: string };

/**
 * Reads a small text file the user controls (settings.json, a config.json) without blocking or holding more than
 * `maxBytes`: a folder, a FIFO, a device or a file over the limit is `unreadable` with the reason, never opened
 * for a blocking read, never read whole into memory.
 */
export async function readSmallTextFile(path: string, maxBytes: number): Promise<SmallFileText> {
  try {
    // stat first: opening a FIFO would block until a writer appears, a folder cannot be read
    const before = await stat(path);
    if (before.isDirectory()) return { kind: 'unreadable', reason: 'it is a folder' };
    if (!before.isFile()) return { kind: 'unreadable', reason: 'it is not a regular file' };
    if (before.size > maxBytes) return { kind: 'unreadable', reason: `it is ${before.size} bytes, over the ${maxBytes}-byte limit` };
    // O_NONBLOCK: should a FIFO replace the file between stat and open, open returns at once instead of blocking
    const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { kind: 'unreadable', reason: 'it is not a regular file' };
      let buffer = Buffer.alloc(Math.min(maxBytes, info.size) + 1);
      let length = 0;
      for (;;) {
        if (length === buffer.length) {
          if (length > maxBytes) return { kind: 'unreadable', reason: `it is over the ${maxBytes}-byte limit` };
          // the file grew since stat: read on, up to the limit
          const bigger = Buffer.alloc(maxBytes + 1);
          buffer.copy(bigger);
          buffer = bigger;
        }
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      return { kind: 'text', text: buffer.subarray(0, length).toString('utf8') };
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: errorMessage(e) };
  }
}
