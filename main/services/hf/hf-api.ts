import type { HfCache } from './hf-cache';
import { HfRequestError, failureFromResponse, readBody } from './hf-http';
import type { HfHttp } from './hf-http';

/** How the answers of one look-up were obtained: the oldest cached answer used, and why the network was not. */
export interface AnswerLog {
  usedCache: boolean;
  /** The oldest savedAt among the cached answers used without revalidation. */
  cachedAt: string | null;
  offlineReason: string | null;
}

export function newAnswerLog(): AnswerLog {
  return { usedCache: false, cachedAt: null, offlineReason: null };
}

/** A URL that names an immutable thing (a 40-hex commit): its cached answer never needs revalidating. */
function immutable(url: string): boolean {
  return /\/(tree|resolve|revision)\/[0-9a-f]{40}([/?]|$)/.test(url);
}

function noteCached(log: AnswerLog, savedAt: string, reason: string | null): void {
  log.usedCache = true;
  if (log.cachedAt === null || savedAt < log.cachedAt) log.cachedAt = savedAt;
  if (reason !== null) log.offlineReason ??= reason;
}

/**
 * GET of a small Hub answer (JSON, config.json) through the disk cache: a cached answer is revalidated with
 * If-None-Match (a 304 keeps it), used as is for an immutable URL, and used instead of the network when the
 * network is off (HF_HUB_OFFLINE), unreachable, too slow or failing (5xx). The Hub's own refusals (401, 404)
 * are never hidden by the cache. Throws HfRequestError.
 */
export async function cachedGet(http: HfHttp, cache: HfCache, log: AnswerLog, url: string, what: string): Promise<{ body: string; link: string | null }> {
  const cached = await cache.answer(url);
  if (http.settings.offline) {
    if (cached) {
      noteCached(log, cached.savedAt, 'HF_HUB_OFFLINE is set');
      return cached;
    }
    throw new HfRequestError('network', `HF_HUB_OFFLINE is set and ${what} is not in the cache (${cache.dir}).`);
  }
  if (cached && immutable(url)) return cached;
  const timeoutMs = http.settings.metadataTimeoutMs;
  try {
    const res = await http.get(url, { headers: { accept: 'application/json', ...(cached?.etag ? { 'if-none-match': cached.etag } : {}) }, timeoutMs });
    if (res.status === 304 && cached) {
      await res.body?.cancel().catch(() => undefined);
      return cache.saveAnswer(url, cached.etag, cached.body, cached.link);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw failureFromResponse(res, what, http.settings);
    }
    const body = new TextDecoder().decode(await readBody(http, res, url, timeoutMs));
    const link = res.headers.get('link');
    await cache.saveAnswer(url, res.headers.get('etag'), body, link);
    return { body, link };
  } catch (e) {
    const failure = e instanceof HfRequestError ? e : new HfRequestError('network', String(e));
    const canFallBack = failure.kind === 'network' || failure.kind === 'timeout' || failure.kind === 'server';
    if (canFallBack && cached) {
      noteCached(log, cached.savedAt, failure.message);
      return cached;
    }
    if (canFallBack) throw new HfRequestError(failure.kind, `${failure.message}; nothing about ${what} is cached to answer offline.`, failure.status, failure.hubCode);
    throw failure;
  }
}

/** A fetch for @huggingface/hub that goes through `cachedGet` (the library then parses and paginates). */
function libraryFetch(http: HfHttp, cache: HfCache, log: AnswerLog, what: string): typeof fetch {
  return async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const { body, link } = await cachedGet(http, cache, log, url, what);
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json', ...(link ? { link } : {}) } });
  };
}

export interface RepoInfo {
  readonly commit: string | null;
  readonly gated: boolean;
}

/** The model info (GET /api/models/{repo}/revision/{rev}): the commit the revision points to, and whether it is gated. */
export async function fetchRepoInfo(http: HfHttp, cache: HfCache, log: AnswerLog, repo: string, revision: string): Promise<RepoInfo> {
  // loaded on first use: commands that never look at the Hub do not pay for the library
  const { modelInfo } = await import('@huggingface/hub');
  const info = await modelInfo({
    name: repo,
    revision,
    hubUrl: http.settings.endpoint,
    additionalFields: ['sha'],
    fetch: libraryFetch(http, cache, log, repo),
  });
  const sha = (info as { sha?: unknown }).sha;
  return { commit: typeof sha === 'string' && /^[0-9a-f]{40}$/.test(sha) ? sha : null, gated: info.gated !== false && info.gated !== undefined };
}

export interface RepoFile {
  readonly path: string;
  readonly bytes: number;
  /** The LFS sha256 (content identity), or null for a file kept in git. */
  readonly sha256: string | null;
}

/** Every file of the repository at `revision` (GET /api/models/{repo}/tree/{rev}?recursive=true, paginated by Link). */
export async function fetchRepoFiles(http: HfHttp, cache: HfCache, log: AnswerLog, repo: string, revision: string): Promise<RepoFile[]> {
  const { listFiles } = await import('@huggingface/hub');
  const files: RepoFile[] = [];
  for await (const entry of listFiles({
    repo: { type: 'model', name: repo },
    revision,
    recursive: true,
    hubUrl: http.settings.endpoint,
    fetch: libraryFetch(http, cache, log, `the file list of ${repo}`),
  })) {
    if (entry.type !== 'file') continue;
    const bytes = entry.lfs?.size ?? entry.size;
    files.push({ path: entry.path, bytes: Number.isFinite(bytes) ? bytes : 0, sha256: entry.lfs?.oid ?? null });
  }
  return files;
}

/** The URL of a file's bytes: {endpoint}/{repo}/resolve/{rev}/{path} (a 302 to the CDN for large files). */
export function resolveUrl(endpoint: string, repo: string, revision: string, path: string): string {
  return `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}
