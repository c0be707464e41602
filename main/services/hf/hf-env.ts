import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * How the Hub is reached, from the same environment variables huggingface_hub reads
 * (huggingface_hub/constants.py): HF_ENDPOINT, HF_TOKEN (else the token file `hf auth login` writes),
 * HF_HUB_OFFLINE, HF_HUB_ETAG_TIMEOUT (metadata) and HF_HUB_DOWNLOAD_TIMEOUT (file bytes).
 */
export interface HfSettings {
  /** Base URL without a trailing slash: https://huggingface.co, a mirror, or a test server. */
  readonly endpoint: string;
  readonly token: string | null;
  /** Where the token came from (for messages; never the token itself). */
  readonly tokenSource: 'HF_TOKEN' | 'HUGGING_FACE_HUB_TOKEN' | 'token file' | null;
  /** HF_HUB_OFFLINE=1: never touch the network, answer from the cache. */
  readonly offline: boolean;
  readonly metadataTimeoutMs: number;
  readonly downloadTimeoutMs: number;
  /** Where answers and headers are cached. */
  readonly cacheDir: string;
  /** A proxy variable that is set but that this Node's fetch does not use (said once in the answer). */
  readonly proxyNotice: string | null;
}

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';
/** huggingface_hub constants.py: DEFAULT_ETAG_TIMEOUT = 10, DEFAULT_DOWNLOAD_TIMEOUT = 10 (seconds). */
const DEFAULT_TIMEOUT_SEC = 10;

function truthy(v: string | undefined): boolean {
  return v !== undefined && ['1', 'on', 'yes', 'true'].includes(v.trim().toLowerCase());
}

function seconds(v: string | undefined): number {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n * 1000 : DEFAULT_TIMEOUT_SEC * 1000;
}

/** The cache folder: LLM_SIZER_CACHE_DIR, else XDG_CACHE_HOME (or the platform's cache folder)/llm-sizer/hf. */
export function defaultHfCacheDir(env: Env, home: string, platform: NodeJS.Platform): string {
  const override = env['LLM_SIZER_CACHE_DIR'];
  if (override) return join(override, 'hf');
  if (platform === 'win32') return join(env['LOCALAPPDATA'] ?? join(home, 'AppData', 'Local'), 'llm-sizer', 'cache', 'hf');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'llm-sizer', 'hf');
  return join(env['XDG_CACHE_HOME'] ?? join(home, '.cache'), 'llm-sizer', 'hf');
}

/**
 * Whether Node's own fetch uses HTTPS_PROXY: only with NODE_USE_ENV_PROXY=1 on Node 22.21+ / 24.5+
 * (Node 20's fetch ignores the proxy variables).
 */
export function proxyNotice(env: Env, nodeVersion: string): string | null {
  const proxy = env['HTTPS_PROXY'] ?? env['https_proxy'] ?? env['HTTP_PROXY'] ?? env['http_proxy'];
  if (!proxy) return null;
  const [major = 0, minor = 0] = nodeVersion.replace(/^v/, '').split('.').map(Number);
  const supported = major > 24 || (major === 24 && minor >= 5) || (major === 22 && minor >= 21);
  if (supported && truthy(env['NODE_USE_ENV_PROXY'])) return null;
  return supported
    ? 'HTTPS_PROXY is set but not used: set NODE_USE_ENV_PROXY=1 for Node to send requests through it.'
    : `HTTPS_PROXY is set but Node ${nodeVersion}'s fetch does not use proxies (Node 22.21+ or 24.5+ with NODE_USE_ENV_PROXY=1 does).`;
}

/**
 * Reads the settings from the environment (and the token file when HF_TOKEN is unset).
 *
 * @example
 * const s = await hfSettingsFromEnv(process.env);
 * // s.endpoint === 'https://huggingface.co' unless HF_ENDPOINT says otherwise
 */
export async function hfSettingsFromEnv(
  env: Env = process.env,
  home = homedir(),
  platform: NodeJS.Platform = process.platform,
  nodeVersion = process.version,
): Promise<HfSettings> {
  const endpoint = (env['HF_ENDPOINT']?.trim() || DEFAULT_HF_ENDPOINT).replace(/\/+$/, '');
  let token: string | null = null;
  let tokenSource: HfSettings['tokenSource'] = null;
  if (env['HF_TOKEN']?.trim()) {
    token = env['HF_TOKEN'].trim();
    tokenSource = 'HF_TOKEN';
  } else if (env['HUGGING_FACE_HUB_TOKEN']?.trim()) {
    token = env['HUGGING_FACE_HUB_TOKEN'].trim();
    tokenSource = 'HUGGING_FACE_HUB_TOKEN';
  } else {
    // huggingface_hub: HF_TOKEN_PATH, else $HF_HOME/token, HF_HOME defaulting to ~/.cache/huggingface
    const hfHome = env['HF_HOME'] ?? join(env['XDG_CACHE_HOME'] ?? join(home, '.cache'), 'huggingface');
    const path = env['HF_TOKEN_PATH'] ?? join(hfHome, 'token');
    const text = await readFile(path, 'utf8').catch(() => '');
    if (text.trim() !== '') {
      token = text.trim();
      tokenSource = 'token file';
    }
  }
  return {
    endpoint,
    token,
    tokenSource,
    offline: truthy(env['HF_HUB_OFFLINE']),
    metadataTimeoutMs: seconds(env['HF_HUB_ETAG_TIMEOUT']),
    downloadTimeoutMs: seconds(env['HF_HUB_DOWNLOAD_TIMEOUT']),
    cacheDir: defaultHfCacheDir(env, home, platform),
    proxyNotice: proxyNotice(env, nodeVersion),
  };
}
