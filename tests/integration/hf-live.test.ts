import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HfRepoScan } from '../../app/domain/hf-repo';
import { HfCache } from '../../main/services/hf/hf-cache';
import type { HfSettings } from '../../main/services/hf/hf-env';
import { inspectHfRepo } from '../../main/services/hf/hf-repo';
import { TEST_TOKEN, closedPort, startFakeHub } from '../helpers/fake-hub';
import type { FakeHub } from '../helpers/fake-hub';
import { tensorSpecBytes } from '../helpers/gguf-writer';
import type { GgufSpec } from '../helpers/gguf-writer';
import { CONFIG_REPO, GATED_REPO, GGUF_REPO, hfLlamaQ4KM, hfLlamaQ8Split, hfMmproj, writeHfRepoFiles } from '../helpers/hf-models';

const GATED = GATED_REPO;
let dir = '';
let hub: FakeHub;
const fileBytes = new Map<string, number>();
const q4Spec = hfLlamaQ4KM();
const [part1, part2] = hfLlamaQ8Split();
const mmSpec = hfMmproj();
const tensorBytes = (s: GgufSpec) => s.tensors.reduce((a, t) => a + tensorSpecBytes(t), 0);

function settings(over: Partial<HfSettings> = {}): HfSettings {
  return {
    endpoint: hub.url,
    token: null,
    tokenSource: null,
    offline: false,
    metadataTimeoutMs: 5_000,
    downloadTimeoutMs: 5_000,
    cacheDir: join(dir, `cache-${Math.random().toString(36).slice(2)}`),
    proxyNotice: null,
    ...over,
  };
}

function model(scan: HfRepoScan, file: string) {
  const m = scan.gguf.find((g) => g.file === file);
  if (!m) throw new Error(`${file} not in ${scan.gguf.map((g) => g.file).join(', ')}`);
  return m;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sizer-hf-'));
  const written = await writeHfRepoFiles(dir);
  for (const [k, v] of written.fileBytes) fileBytes.set(k, v);
  hub = await startFakeHub({ files: written.files, gated: [GATED] });
}, 120_000);

afterAll(async () => {
  await hub.close();
});

beforeEach(() => {
  hub.servedBytes.clear();
  hub.log.length = 0;
  hub.apiDelayMs = 0;
  hub.truncateRanges = false;
  hub.ignoreRange = false;
});

describe('inspectHfRepo against a Hub on 127.0.0.1', () => {
  it('sizes every GGUF model exactly from its own tensors, reading under 5 % of each file', async () => {
    const r = await inspectHfRepo({ repo: GGUF_REPO, quant: null, revision: 'main' }, { settings: settings() });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const scan = r.value;
    expect(scan.source).toBe('network');
    expect(scan.commit).toBe('3f0c2b6a9d1e4f5a8b7c6d5e4f3a2b1c0d9e8f7a');
    expect(scan.gguf.map((g) => g.file)).toEqual(['Q8_0/Tiny-Llama-Q8_0-00001-of-00002.gguf', 'Tiny-Llama-Q4_K_M.gguf']);

    const q4 = model(scan, 'Tiny-Llama-Q4_K_M.gguf');
    expect(q4.error).toBeNull();
    expect(q4.model?.weights.totalBytes).toBe(tensorBytes(q4Spec));
    expect(q4.model?.quantLabel).toBe('Q4_K_M');
    expect(q4.model?.architecture.layers).toBe(4);
    expect(q4.model?.architecture.vocabSize).toBe(100_000);
    expect(q4.fileBytes).toBe(fileBytes.get('q4.gguf'));

    // the split model is one model: both parts' tensors
    const q8 = model(scan, 'Q8_0/Tiny-Llama-Q8_0-00001-of-00002.gguf');
    expect(q8.parts).toHaveLength(2);
    expect(q8.model?.weights.totalBytes).toBe(tensorBytes(part1) + tensorBytes(part2));
    expect(q8.model?.quantLabel).toBe('Q8_0');
    expect(q8.fileBytes).toBe((fileBytes.get('q8-1.gguf') ?? 0) + (fileBytes.get('q8-2.gguf') ?? 0));

    // the projector is attached with its exact bytes
    expect(q4.mmproj).toEqual({ file: 'mmproj-Tiny-Llama-F16.gguf', bytes: tensorBytes(mmSpec) });
    expect((q4.model?.architecture.vision?.encoderParams ?? 0) * 2).toBe(tensorBytes(mmSpec));

    // only header bytes: well under 5 % of every file, counted by the server
    const served = Object.fromEntries(hub.servedBytes);
    const repoFiles: [string, string][] = [
      ['Tiny-Llama-Q4_K_M.gguf', 'q4.gguf'],
      ['Q8_0/Tiny-Llama-Q8_0-00001-of-00002.gguf', 'q8-1.gguf'],
      ['Q8_0/Tiny-Llama-Q8_0-00002-of-00002.gguf', 'q8-2.gguf'],
      ['mmproj-Tiny-Llama-F16.gguf', 'mmproj.gguf'],
    ];
    for (const [path, local] of repoFiles) {
      const read = served[`${GGUF_REPO}/${path}`] ?? 0;
      const size = fileBytes.get(local) ?? 1;
      expect(read).toBeGreaterThan(0);
      expect(read / size).toBeLessThan(0.05);
    }
    const totalServed = [...hub.servedBytes.values()].reduce((a, b) => a + b, 0);
    expect(scan.bytesRead).toBeGreaterThanOrEqual(totalServed);
    // the 302 to the CDN is followed, without the token
    expect(hub.log.some((l) => l.startsWith('CDN GET /repos/'))).toBe(true);
    expect(hub.cdnSawAuthorization).toBe(false);
  });

  it('reads only the files of the quantization asked for', async () => {
    const r = await inspectHfRepo({ repo: GGUF_REPO, quant: 'q4_k_m', revision: 'main' }, { settings: settings() });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.gguf.map((g) => g.file)).toEqual(['Tiny-Llama-Q4_K_M.gguf']);
    expect(r.value.otherQuants).toEqual(['Tiny-Llama-Q8_0-00001-of-00002.gguf']);
    expect(hub.servedBytes.has(`${GGUF_REPO}/Q8_0/Tiny-Llama-Q8_0-00001-of-00002.gguf`)).toBe(false);
  });

  it('revalidates with the ETag and reuses cached headers: the second look-up reads no file bytes', async () => {
    const s = settings();
    const first = await inspectHfRepo({ repo: GGUF_REPO, quant: 'Q4_K_M', revision: 'main' }, { settings: s });
    expect(first.ok).toBe(true);
    hub.servedBytes.clear();
    hub.log.length = 0;
    const second = await inspectHfRepo({ repo: GGUF_REPO, quant: 'Q4_K_M', revision: 'main' }, { settings: s });
    if (!second.ok || !first.ok) throw new Error('failed');
    expect(second.value.source).toBe('network');
    expect(hub.servedBytes.size).toBe(0);
    // one request: the model info, answered 304; the tree at the commit is immutable and cached
    expect(hub.log).toHaveLength(1);
    expect(hub.log[0]).toContain('/api/models/test-org/Tiny-Llama-GGUF/revision/main');
    expect(second.value.gguf[0]?.model?.weights).toEqual(first.value.gguf[0]?.model?.weights);
  });

  it('answers offline from the cache and says so (HF_HUB_OFFLINE, then a Hub that is gone)', async () => {
    const cacheDir = join(dir, 'offline-cache');
    const online = await inspectHfRepo({ repo: GGUF_REPO, quant: null, revision: 'main' }, { settings: settings({ cacheDir }) });
    if (!online.ok) throw new Error(online.error.message);
    hub.log.length = 0;
    const offline = await inspectHfRepo({ repo: GGUF_REPO, quant: null, revision: 'main' }, { settings: settings({ cacheDir, offline: true }) });
    if (!offline.ok) throw new Error(offline.error.message);
    expect(hub.log).toHaveLength(0);
    expect(offline.value.source).toBe('cache');
    expect(offline.value.offlineReason).toBe('HF_HUB_OFFLINE is set');
    expect(offline.value.cachedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(offline.value.gguf.map((g) => g.model?.weights.totalBytes)).toEqual(online.value.gguf.map((g) => g.model?.weights.totalBytes));
    expect(offline.value.bytesRead).toBe(0);

    // a Hub that answered once and is gone: connection refused, the cache answers
    const files = { [GGUF_REPO]: { 'Tiny-Llama-Q4_K_M.gguf': join(dir, 'files', 'q4.gguf') } };
    const brief = await startFakeHub({ files });
    const briefCache = join(dir, 'brief-cache');
    const before = await inspectHfRepo({ repo: GGUF_REPO, quant: 'Q4_K_M', revision: 'main' }, { settings: settings({ cacheDir: briefCache, endpoint: brief.url }) });
    await brief.close();
    const gone = await inspectHfRepo({ repo: GGUF_REPO, quant: 'Q4_K_M', revision: 'main' }, { settings: settings({ cacheDir: briefCache, endpoint: brief.url }) });
    if (!gone.ok || !before.ok) throw new Error(gone.ok ? 'first failed' : gone.error.message);
    expect(gone.value.source).toBe('cache');
    expect(gone.value.offlineReason).toMatch(/refused the connection/);
    expect(gone.value.gguf[0]?.model?.weights.totalBytes).toBe(tensorBytes(q4Spec));
  });

  it('offline without a cache is an OFFLINE error that says so', async () => {
    const r = await inspectHfRepo({ repo: GGUF_REPO, quant: null, revision: 'main' }, { settings: settings({ offline: true }) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('OFFLINE');
    expect(r.error.message).toContain('HF_HUB_OFFLINE is set');
    const gone = await inspectHfRepo({ repo: GGUF_REPO, quant: null, revision: 'main' }, { settings: settings({ endpoint: await closedPort() }) });
    expect(gone.ok).toBe(false);
    if (gone.ok) return;
    expect(gone.error.code).toBe('OFFLINE');
    expect(gone.error.message).toMatch(/refused.*nothing about test-org\/Tiny-Llama-GGUF is cached/);
  });

  it('a gated repository: 401 says a token is needed, a wrong token 403 says so, the right one reads', async () => {
    const none = await inspectHfRepo({ repo: GATED, quant: null, revision: 'main' }, { settings: settings() });
    if (!none.ok) throw new Error(none.error.message);
    expect(none.value.gated).toBe(true);
    expect(none.value.gguf[0]?.error?.code).toBe('UNAUTHORIZED');
    expect(none.value.gguf[0]?.error?.message).toMatch(/gated: accept its terms at http:\/\/127\.0\.0\.1:\d+\/test-org\/Gated-GGUF, then set HF_TOKEN/);

    const wrong = await inspectHfRepo({ repo: GATED, quant: null, revision: 'main' }, { settings: settings({ token: 'hf_wrong', tokenSource: 'HF_TOKEN' }) });
    if (!wrong.ok) throw new Error(wrong.error.message);
    expect(wrong.value.gguf[0]?.error?.message).toMatch(/the token from HF_TOKEN has no access/);

    const good = await inspectHfRepo({ repo: GATED, quant: null, revision: 'main' }, { settings: settings({ token: TEST_TOKEN, tokenSource: 'HF_TOKEN' }) });
    if (!good.ok) throw new Error(good.error.message);
    expect(good.value.gguf[0]?.model?.weights.totalBytes).toBe(tensorBytes(q4Spec));
    expect(hub.cdnSawAuthorization).toBe(false);
  });

  it('404: an unknown repository and an unknown revision', async () => {
    const r = await inspectHfRepo({ repo: 'test-org/Nothing-Here', quant: null, revision: 'main' }, { settings: settings() });
    expect(r.ok ? null : r.error.code).toBe('NOT_FOUND');
    expect(r.ok ? '' : r.error.message).toContain('no such repository');
    const rev = await inspectHfRepo({ repo: GGUF_REPO, quant: null, revision: 'v9' }, { settings: settings() });
    expect(rev.ok ? '' : rev.error.message).toContain('no such revision');
  });

  it('a slow Hub: gives up after the time limit', async () => {
    hub.apiDelayMs = 2_000;
    const started = Date.now();
    const r = await inspectHfRepo({ repo: GGUF_REPO, quant: null, revision: 'main' }, { settings: settings({ metadataTimeoutMs: 300 }) });
    expect(Date.now() - started).toBeLessThan(1_900);
    expect(r.ok ? null : r.error.code).toBe('OFFLINE');
    expect(r.ok ? '' : r.error.message).toContain('did not answer within');
  });

  it('a truncated body and a server that ignores Range are errors on that model, never a wrong size', async () => {
    hub.truncateRanges = true;
    const cut = await inspectHfRepo({ repo: GGUF_REPO, quant: 'Q4_K_M', revision: 'main' }, { settings: settings() });
    if (!cut.ok) throw new Error(cut.error.message);
    expect(cut.value.gguf[0]?.model).toBeNull();
    expect(cut.value.gguf[0]?.error?.message).toMatch(/cut short/);

    hub.truncateRanges = false;
    hub.ignoreRange = true;
    hub.servedBytes.clear();
    const whole = await inspectHfRepo({ repo: GGUF_REPO, quant: 'Q4_K_M', revision: 'main' }, { settings: settings() });
    if (!whole.ok) throw new Error(whole.error.message);
    expect(whole.value.gguf[0]?.error?.message).toMatch(/ignored the Range request/);
    expect(hub.servedBytes.get(`${GGUF_REPO}/Tiny-Llama-Q4_K_M.gguf`) ?? 0).toBeLessThanOrEqual(64 * 1024);
  });

  it('a safetensors repository is sized from its config.json', async () => {
    const r = await inspectHfRepo({ repo: CONFIG_REPO, quant: null, revision: 'main' }, { settings: settings() });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.gguf).toEqual([]);
    expect(r.value.config?.modelType).toBe('llama');
    expect(r.value.config?.architecture.layers).toBe(32);
    expect(r.value.config?.safetensorsBytes).toBe(4976698672 + 4999802720 + 4915916176 + 1168138808);
  });

  it('a bad HF_ENDPOINT is a clear error, not a crash', async () => {
    const r = await inspectHfRepo({ repo: GGUF_REPO, quant: null, revision: 'main' }, { settings: settings({ endpoint: 'hub.local' }) });
    expect(r.ok ? '' : r.error.message).toBe('HF_ENDPOINT "hub.local" is not an http(s) URL.');
  });

  it('a header larger than 64 MiB is refused after fetching at most that', async () => {
    // GGUF v3, no tensors, one key holding 1,000,000 strings of 100 bytes (108 MB): a crafted header
    const unit = Buffer.alloc(108);
    unit.writeBigUInt64LE(100n, 0);
    unit.fill(0x61, 8);
    const head = Buffer.alloc(4 + 4 + 8 + 8 + 8 + 1 + 4 + 4 + 8);
    let o = head.writeUInt32LE(0x46554747, 0);
    o = head.writeUInt32LE(3, o);
    o = head.writeBigUInt64LE(0n, o);
    o = head.writeBigUInt64LE(1n, o);
    o = head.writeBigUInt64LE(1n, o);
    o += head.write('x', o);
    o = head.writeUInt32LE(9, o);
    o = head.writeUInt32LE(8, o);
    head.writeBigUInt64LE(1_000_000n, o);
    const body = Buffer.alloc(108 * 1_000_000);
    body.fill(unit);
    const big = join(dir, 'files', 'huge.gguf');
    await writeFile(big, Buffer.concat([head, body]));
    const one = await startFakeHub({ files: { [GGUF_REPO]: { 'Tiny-Llama-Q4_K_M.gguf': big } } });
    try {
      const r = await inspectHfRepo({ repo: GGUF_REPO, quant: 'Q4_K_M', revision: 'main' }, { settings: settings({ endpoint: one.url }) });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.gguf[0]?.error?.message, JSON.stringify(r.value.gguf[0]?.error)).toMatch(/larger than the 67108864-byte limit/);
      expect(one.servedBytes.get(`${GGUF_REPO}/Tiny-Llama-Q4_K_M.gguf`) ?? 0).toBeLessThanOrEqual(65 * 1024 * 1024);
    } finally {
      await one.close();
      await rm(big, { force: true });
    }
  }, 60_000);

  it('a cache file that is garbage counts as absent', async () => {
    const cache = new HfCache(join(dir, 'garbage'));
    expect(await cache.answer('http://x/y')).toBeNull();
    expect(await cache.header('abc')).toBeNull();
  });
});
