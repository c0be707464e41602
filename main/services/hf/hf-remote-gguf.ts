import type { Result } from '../../../app/api/result';
import { err } from '../../../app/api/result';
import type { GgufHeader } from '../../../app/estimator/gguf-model';
import { readGgufHeaderFrom } from '../local-models/gguf-header';
import type { GgufByteSource } from '../local-models/gguf-header';
import { HfRequestError, failureFromResponse, readBody } from './hf-http';
import type { HfHttp } from './hf-http';

/**
 * A remote file read through HTTP range requests (`Range: bytes=a-b`, answered 206 with Content-Range),
 * one request per chunk the GGUF reader asks for. A server that ignores Range (200 with the whole file) is
 * refused before its body is read: the weights are never downloaded.
 */
export class RangeSource implements GgufByteSource {
  bytesRead = 0;
  requests = 0;
  /** The failure that stopped the read, with its kind (network, timeout, denied...). */
  failure: HfRequestError | null = null;
  /** Where the first answer came from after redirects (the CDN): later ranges go there directly. */
  private direct: string | null = null;

  constructor(
    private readonly http: HfHttp,
    private readonly url: string,
    private readonly what: string,
    readonly fileBytes: number,
    private readonly repo: string,
  ) {}

  async read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    try {
      return await this.fetchRange(buffer, offset, length, position);
    } catch (e) {
      this.failure = e instanceof HfRequestError ? e : new HfRequestError('network', String(e));
      throw this.failure;
    }
  }

  private async fetchRange(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    const last = Math.min(position + length, this.fileBytes) - 1;
    if (last < position) return { bytesRead: 0 };
    const timeoutMs = this.http.settings.downloadTimeoutMs;
    this.requests++;
    const res = await this.http.get(this.direct ?? this.url, {
      headers: { range: `bytes=${position}-${last}` },
      timeoutMs,
      onFinalUrl: (u) => (this.direct ??= u),
    });
    if (res.status === 200) {
      await res.body?.cancel().catch(() => undefined);
      throw new HfRequestError('bad-answer', `${this.what}: the server ignored the Range request (HTTP 200); refusing to download the whole file`);
    }
    if (res.status !== 206) {
      await res.body?.cancel().catch(() => undefined);
      throw failureFromResponse(res, this.what, this.http.settings, this.repo);
    }
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get('content-range') ?? '');
    if (!range || Number(range[1]) !== position) {
      await res.body?.cancel().catch(() => undefined);
      throw new HfRequestError('bad-answer', `${this.what}: the answer is not the range asked for (Content-Range "${res.headers.get('content-range') ?? ''}")`);
    }
    if (range[3] !== '*' && Number(range[3]) !== this.fileBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new HfRequestError('bad-answer', `${this.what}: the file has ${range[3]} bytes, the file list said ${this.fileBytes}`);
    }
    const body = await readBody(this.http, res, this.url, timeoutMs);
    const expected = last - position + 1;
    if (body.length < expected) throw new HfRequestError('network', `${this.what}: the answer was cut short: ${body.length} of ${expected} bytes`);
    const n = Math.min(body.length, length);
    buffer.set(body.subarray(0, n), offset);
    this.bytesRead += body.length;
    return { bytesRead: n };
  }
}

/**
 * Most header bytes fetched from one remote file. Real headers are far smaller (a 262k-token vocabulary with its
 * scores and types is ~8 MB), so a file claiming more is refused before it can make us download much.
 */
export const MAX_REMOTE_HEADER_BYTES = 64 * 1024 * 1024;

/**
 * Reads a remote GGUF file's header (metadata and tensor table, never the tensor data) with range requests,
 * through the same bounded reader as local files. Never throws.
 */
export async function readRemoteGgufHeader(
  http: HfHttp,
  url: string,
  name: string,
  fileBytes: number,
  repo: string,
): Promise<{ header: Result<GgufHeader>; bytesRead: number; failure: HfRequestError | null }> {
  if (!(fileBytes > 0)) return { header: err('READ_FAILED', `${name}: the file list gives no size`), bytesRead: 0, failure: null };
  const source = new RangeSource(http, url, name, fileBytes, repo);
  const header = await readGgufHeaderFrom(source, fileBytes, name, {
    timeoutMs: Math.max(http.settings.downloadTimeoutMs * 6, 30_000),
    maxBytes: MAX_REMOTE_HEADER_BYTES,
  });
  return { header, bytesRead: source.bytesRead, failure: source.failure };
}
