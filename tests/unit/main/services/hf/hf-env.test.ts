import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HF_ENDPOINT, defaultHfCacheDir, hfSettingsFromEnv, proxyNotice } from '../../../../../main/services/hf/hf-env';

describe('hfSettingsFromEnv', () => {
  it('defaults to huggingface.co, no token, online, 10 s limits', async () => {
    const home = await mkdtemp(join(tmpdir(), 'hf-env-'));
    const s = await hfSettingsFromEnv({}, home, 'linux', 'v20.20.2');
    expect(s).toMatchObject({ endpoint: DEFAULT_HF_ENDPOINT, token: null, offline: false, metadataTimeoutMs: 10_000, downloadTimeoutMs: 10_000, proxyNotice: null });
    expect(s.cacheDir).toBe(join(home, '.cache', 'llm-sizer', 'hf'));
  });

  it('honours HF_ENDPOINT (trailing slash dropped), HF_TOKEN, HF_HUB_OFFLINE and the time limits', async () => {
    const s = await hfSettingsFromEnv(
      { HF_ENDPOINT: 'https://hf-mirror.com/', HF_TOKEN: ' hf_abc ', HF_HUB_OFFLINE: '1', HF_HUB_ETAG_TIMEOUT: '3', HF_HUB_DOWNLOAD_TIMEOUT: 'x' },
      '/home/u',
      'linux',
      'v20.20.2',
    );
    expect(s).toMatchObject({ endpoint: 'https://hf-mirror.com', token: 'hf_abc', tokenSource: 'HF_TOKEN', offline: true, metadataTimeoutMs: 3_000, downloadTimeoutMs: 10_000 });
  });

  it('reads the token file `hf auth login` writes when HF_TOKEN is unset', async () => {
    const home = await mkdtemp(join(tmpdir(), 'hf-env-'));
    const hfHome = join(home, 'hf');
    await writeFile(join(home, 'token'), 'hf_fromfile\n');
    const s = await hfSettingsFromEnv({ HF_HOME: hfHome, HF_TOKEN_PATH: join(home, 'token') }, home, 'linux', 'v20.20.2');
    expect(s).toMatchObject({ token: 'hf_fromfile', tokenSource: 'token file' });
  });

  it('puts the cache where each platform keeps caches, or in LLM_SIZER_CACHE_DIR', () => {
    expect(defaultHfCacheDir({ LLM_SIZER_CACHE_DIR: '/c' }, '/h', 'linux')).toBe(join('/c', 'hf'));
    expect(defaultHfCacheDir({}, '/h', 'darwin')).toBe(join('/h', 'Library', 'Caches', 'llm-sizer', 'hf'));
    expect(defaultHfCacheDir({ XDG_CACHE_HOME: '/x' }, '/h', 'linux')).toBe(join('/x', 'llm-sizer', 'hf'));
  });
});

describe('proxyNotice', () => {
  it('says when a proxy is set that this Node does not use', () => {
    expect(proxyNotice({}, 'v20.20.2')).toBeNull();
    expect(proxyNotice({ HTTPS_PROXY: 'http://proxy:3128' }, 'v20.20.2')).toMatch(/does not use proxies/);
    expect(proxyNotice({ HTTPS_PROXY: 'http://proxy:3128' }, 'v24.11.0')).toMatch(/NODE_USE_ENV_PROXY=1/);
    expect(proxyNotice({ HTTPS_PROXY: 'http://proxy:3128', NODE_USE_ENV_PROXY: '1' }, 'v24.11.0')).toBeNull();
    expect(proxyNotice({ https_proxy: 'http://proxy:3128', NODE_USE_ENV_PROXY: '1' }, 'v22.21.0')).toBeNull();
  });
});
