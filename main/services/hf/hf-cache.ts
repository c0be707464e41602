import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GgufHeader } from '../../../app/estimator/gguf-model';
import { writeFileAtomic } from '../atomic-write';

/** One API answer as the Hub sent it, kept to revalidate with If-None-Match and to answer offline. */
export interface CachedAnswer {
  readonly url: string;
  readonly etag: string | null;
  /** ISO time the answer was last fetched or revalidated. */
  readonly savedAt: string;
  readonly body: string;
  /** The Link header (pagination of the tree API). */
  readonly link: string | null;
}

function key(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The disk cache: `answers/<sha256(url)>.json` (API answers with their ETag) and `headers/<key>.json` (GGUF
 * headers read through range requests, keyed by the file's content hash, so they never go stale). A cache
 * file that cannot be read or parsed counts as absent; a write that fails is ignored (the answer still
 * stands, it is just not kept).
 */
export class HfCache {
  constructor(
    readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async readJson(path: string): Promise<unknown> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as unknown;
    } catch {
      return null;
    }
  }

  private async write(path: string, value: unknown): Promise<void> {
    await writeFileAtomic(path, JSON.stringify(value)).catch(() => undefined);
  }

  async answer(url: string): Promise<CachedAnswer | null> {
    const v = await this.readJson(join(this.dir, 'answers', `${key(url)}.json`));
    if (typeof v !== 'object' || v === null) return null;
    const a = v as Partial<CachedAnswer>;
    if (a.url !== url || typeof a.body !== 'string' || typeof a.savedAt !== 'string') return null;
    return { url, etag: typeof a.etag === 'string' ? a.etag : null, savedAt: a.savedAt, body: a.body, link: typeof a.link === 'string' ? a.link : null };
  }

  async saveAnswer(url: string, etag: string | null, body: string, link: string | null): Promise<CachedAnswer> {
    const a: CachedAnswer = { url, etag, savedAt: this.now().toISOString(), body, link };
    await this.write(join(this.dir, 'answers', `${key(url)}.json`), a);
    return a;
  }

  /** `identity`: the file's LFS sha256 (or repo, commit and path when the listing gives none). */
  async header(identity: string): Promise<GgufHeader | null> {
    const v = await this.readJson(join(this.dir, 'headers', `${key(identity)}.json`));
    if (typeof v !== 'object' || v === null || !('tensors' in v) || !('metadata' in v)) return null;
    return v as GgufHeader;
  }

  async saveHeader(identity: string, header: GgufHeader): Promise<void> {
    await this.write(join(this.dir, 'headers', `${key(identity)}.json`), header);
  }
}
