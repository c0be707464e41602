import type { HfSettings } from './hf-env';

/** Most redirects followed (the Hub answers `resolve` with one 302 to its CDN; a renamed repo adds one). */
const MAX_REDIRECTS = 5;

/**
 * Why a request failed. `network` and `timeout` (and a server error) mean "could not ask": the cache may
 * answer instead. `denied` and `missing` are the Hub's own answer and are reported as they are.
 */
export type HfFailureKind = 'network' | 'timeout' | 'server' | 'denied' | 'missing' | 'bad-answer';

export class HfRequestError extends Error {
  constructor(
    readonly kind: HfFailureKind,
    message: string,
    readonly status: number | null = null,
    /** The Hub's X-Error-Code header: GatedRepo, RepoNotFound, RevisionNotFound, EntryNotFound. */
    readonly hubCode: string | null = null,
  ) {
    super(message);
  }
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HfHttp {
  readonly settings: HfSettings;
  /** Bytes of response bodies received so far (API answers and header ranges). */
  bytesReceived: number;
  /** Requests sent so far (redirect hops count once). */
  requests: number;
  /** GET with the token on the Hub's own origin only; redirects followed by hand. Throws HfRequestError. */
  get(url: string, options: { headers?: Record<string, string>; timeoutMs: number; onFinalUrl?: (url: string) => void }): Promise<Response>;
}

function causeCode(e: unknown): string {
  const cause = typeof e === 'object' && e !== null && 'cause' in e ? (e as { cause: unknown }).cause : null;
  if (typeof cause !== 'object' || cause === null) return '';
  if ('code' in cause && cause.code !== undefined) return String((cause as { code: unknown }).code);
  // several addresses tried (IPv4 and IPv6): an AggregateError of their failures
  const first = 'errors' in cause && Array.isArray(cause.errors) ? (cause.errors[0] as unknown) : null;
  return typeof first === 'object' && first !== null && 'code' in first ? String((first as { code: unknown }).code) : '';
}

/** Turns a fetch rejection into a plain-words failure. */
export function describeFetchFailure(e: unknown, url: string, timeoutMs: number): HfRequestError {
  if (e instanceof HfRequestError) return e;
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  const name = typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new HfRequestError('timeout', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s`);
  }
  const code = causeCode(e);
  const why =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? `cannot resolve ${host} (no network?)`
      : code === 'ECONNREFUSED'
        ? `${host} refused the connection`
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
          ? `the connection to ${host} was cut`
          : `cannot reach ${host}: ${e instanceof Error ? e.message : String(e)}${code ? ` (${code})` : ''}`;
  return new HfRequestError('network', why);
}

/** Classifies a non-2xx answer of the Hub (huggingface_hub utils/_http.py hf_raise_for_status). */
export function failureFromResponse(res: Response, what: string, settings: HfSettings, repo: string = what): HfRequestError {
  const hubCode = res.headers.get('x-error-code');
  const hubMessage = res.headers.get('x-error-message');
  const status = res.status;
  const tokenWord = settings.token ? `the token from ${settings.tokenSource ?? 'HF_TOKEN'}` : null;
  if (hubCode === 'GatedRepo' || (status === 403 && hubMessage?.toLowerCase().includes('gated'))) {
    return new HfRequestError(
      'denied',
      tokenWord
        ? `${repo} is gated and ${tokenWord} has no access: accept its terms at ${settings.endpoint}/${repo} with that account (a fine-grained token also needs "read access to public gated repos").`
        : `${repo} is gated: accept its terms at ${settings.endpoint}/${repo}, then set HF_TOKEN to a read token of that account.`,
      status,
      hubCode,
    );
  }
  if (status === 401 || status === 403) {
    const why =
      hubCode === 'RepoNotFound' || status === 401
        ? tokenWord
          ? `${what} was not found, or ${tokenWord} cannot see it (private repository)`
          : `${what} was not found, or it is private: set HF_TOKEN to a read token that can see it`
        : `access to ${what} was refused${hubMessage ? `: ${hubMessage}` : ''}`;
    return new HfRequestError('denied', `${why} (HTTP ${status}).`, status, hubCode);
  }
  if (status === 404) {
    const which =
      hubCode === 'RevisionNotFound' ? 'revision' : hubCode === 'EntryNotFound' ? 'file' : hubCode === 'RepoNotFound' ? 'repository' : 'page';
    return new HfRequestError('missing', `${what}: no such ${which} (HTTP 404${hubMessage ? `: ${hubMessage}` : ''}).`, status, hubCode);
  }
  if (status === 429 || status >= 500) return new HfRequestError('server', `${settings.endpoint} answered HTTP ${status} for ${what}.`, status, hubCode);
  return new HfRequestError('bad-answer', `${settings.endpoint} answered HTTP ${status} for ${what}.`, status, hubCode);
}

/**
 * The one way this app talks to the Hub. Redirects are followed by hand so that the Authorization header
 * goes to the Hub's own origin only, never to the CDN a `resolve` URL redirects to (huggingface_hub does
 * the same); every request has a time limit.
 */
export function createHfHttp(settings: HfSettings, fetchImpl: FetchLike = (u, i) => fetch(u, i)): HfHttp {
  const hubOrigin = new URL(settings.endpoint).origin;
  const http: HfHttp = {
    settings,
    bytesReceived: 0,
    requests: 0,
    async get(url, { headers = {}, timeoutMs, onFinalUrl }) {
      let current = new URL(url);
      const signal = AbortSignal.timeout(timeoutMs);
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const sent: Record<string, string> = { 'user-agent': 'llm-sizer', 'accept-encoding': 'identity', ...headers };
        if (settings.token && current.origin === hubOrigin) sent['authorization'] = `Bearer ${settings.token}`;
        let res: Response;
        try {
          if (hop === 0) http.requests++;
          res = await fetchImpl(current.toString(), { headers: sent, redirect: 'manual', signal });
        } catch (e) {
          throw describeFetchFailure(e, current.toString(), timeoutMs);
        }
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && res.status !== 304 && location) {
          await res.body?.cancel().catch(() => undefined);
          current = new URL(location, current);
          continue;
        }
        onFinalUrl?.(current.toString());
        return res;
      }
      throw new HfRequestError('bad-answer', `more than ${MAX_REDIRECTS} redirects for ${url}`);
    },
  };
  return http;
}

/** Reads a body to the end under the request's time limit, counting its bytes; a cut body is an error. */
export async function readBody(http: HfHttp, res: Response, url: string, timeoutMs: number): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    const failure = describeFetchFailure(e, url, timeoutMs);
    throw failure.kind === 'timeout' ? failure : new HfRequestError('network', `the answer from ${new URL(url).host} was cut short (${failure.message})`);
  }
  http.bytesReceived += bytes.length;
  const declared = Number(res.headers.get('content-length'));
  if (res.headers.get('content-length') !== null && Number.isFinite(declared) && bytes.length < declared) {
    throw new HfRequestError('network', `the answer from ${new URL(url).host} was cut short: ${bytes.length} of ${declared} bytes`);
  }
  return bytes;
}
