import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HfCache } from '../../../../../main/services/hf/hf-cache';
import { specToHeader, tinyModel } from '../../../../helpers/gguf-writer';

describe('HfCache', () => {
  it('keeps an answer with its ETag and Link, keyed by URL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hf-cache-'));
    const cache = new HfCache(dir, () => new Date('2026-12-05T00:00:00Z'));
    await cache.saveAnswer('https://hub/api/models/o/r/revision/main', 'W/"1"', '{"sha":"x"}', '<https://hub/next>; rel="next"');
    expect(await cache.answer('https://hub/api/models/o/r/revision/main')).toEqual({
      url: 'https://hub/api/models/o/r/revision/main',
      etag: 'W/"1"',
      savedAt: '2026-12-05T00:00:00.000Z',
      body: '{"sha":"x"}',
      link: '<https://hub/next>; rel="next"',
    });
    expect(await cache.answer('https://hub/other')).toBeNull();
  });

  it('keeps a header by content hash and reads it back equal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hf-cache-'));
    const cache = new HfCache(dir);
    const header = specToHeader(tinyModel('llama'));
    await cache.saveHeader('ab'.repeat(32), header);
    expect(await cache.header('ab'.repeat(32))).toEqual(header);
    expect(await readdir(join(dir, 'headers'))).toHaveLength(1);
  });

  it('treats a corrupt file, or one for another URL, as absent; a write it cannot make is not an error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hf-cache-'));
    const cache = new HfCache(dir);
    await cache.saveAnswer('u1', null, 'body', null);
    const [name] = await readdir(join(dir, 'answers'));
    await writeFile(join(dir, 'answers', name ?? ''), '{not json');
    expect(await cache.answer('u1')).toBeNull();
    await mkdir(join(dir, 'file'), { recursive: true });
    await writeFile(join(dir, 'file', 'x'), '');
    const blocked = new HfCache(join(dir, 'file', 'x'));
    await expect(blocked.saveAnswer('u', null, 'b', null)).resolves.toMatchObject({ body: 'b' });
    expect(await blocked.answer('u')).toBeNull();
  });
});
