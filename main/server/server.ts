import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { err, errorMessage } from '../../app/api/result';
import { PAYLOAD_SCHEMAS } from '../../app/api/schemas';
import { SIZER_METHODS, sizerRoute } from '../../app/api/sizer-api';
import type { SizerApi, SizerMethod } from '../../app/api/sizer-api';
import type { Result } from '../../app/api/result';
import type { SaveReportRequest } from '../../app/domain/report';
import type { RenderedReport } from '../services/report-file';
import { CONTENT_SECURITY_POLICY, apiToken, hostAllowed, originAllowed, pageToken, sameToken } from './security';

export const MAX_BODY_BYTES = 64 * 1024;
/** A whole request (headers and body) must arrive within this; Node's default is 300 s. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** After a 413, the rest of a too-large body is read and dropped up to this much, so the client sees the answer. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** Where the served app downloads a report: POST with `{"args": [SaveReportRequest]}`, answered with the file. */
export const REPORT_DOWNLOAD_ROUTE = '/download/report';

export interface ServerOptions {
  readonly api: SizerApi;
  /** Renders a report without writing it (the service's renderReportFile): the download route. */
  readonly renderReport?: (request: SaveReportRequest) => Promise<Result<RenderedReport>>;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  readonly port?: number;
  readonly token?: string;
  /** How long a whole request may take to arrive (default {@link REQUEST_TIMEOUT_MS}). */
  readonly requestTimeoutMs?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly server: Server;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...extra,
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  });
  res.end(body);
}

const TOO_LARGE = `The request body is over ${MAX_BODY_BYTES} bytes.`;

/**
 * The body, up to MAX_BODY_BYTES. Past that it rejects with a 413 and drops the rest as it arrives (up to
 * DRAIN_LIMIT_BYTES, then the connection is cut), so that the client reads the 413 instead of a reset.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    let size = 0;
    let over = false;
    const chunks: Buffer[] = [];
    const tooLarge = () => {
      over = true;
      chunks.length = 0;
      reject(new HttpError(413, TOO_LARGE));
    };
    if (declared > MAX_BODY_BYTES) tooLarge();
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (over) {
        if (size > MAX_BODY_BYTES + DRAIN_LIMIT_BYTES) req.socket.destroy();
        return;
      }
      if (size > MAX_BODY_BYTES) {
        tooLarge();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolveBody(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

async function callApi(api: SizerApi, method: SizerMethod, body: string): Promise<unknown> {
  let payload: unknown;
  try {
    payload = body.trim() === '' ? { args: [] } : JSON.parse(body);
  } catch {
    return err('BAD_REQUEST', 'The request body is not JSON.');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return err('BAD_REQUEST', 'The request body must be a JSON object: {"args": [...]}.');
  const args = Object.prototype.hasOwnProperty.call(payload, 'args') ? (payload as { args: unknown }).args : [];
  const parsed = PAYLOAD_SCHEMAS[method].safeParse(args);
  if (!parsed.success) return err('BAD_REQUEST', `Bad arguments for ${method}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
  return fn(...(parsed.data as unknown[]));
}

/** The report as a download: the browser saves it where its user chooses; nothing is written here. */
async function downloadReport(render: NonNullable<ServerOptions['renderReport']>, body: string, res: ServerResponse): Promise<void> {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    send(res, 400, JSON.stringify(err('BAD_REQUEST', 'The request body is not JSON.')));
    return;
  }
  const parsed = PAYLOAD_SCHEMAS.saveReport.safeParse((payload as { args?: unknown }).args ?? []);
  if (!parsed.success) {
    send(res, 400, JSON.stringify(err('BAD_REQUEST', `Bad report request: ${parsed.error.issues[0]?.message ?? 'invalid'}`)));
    return;
  }
  const r = await render(parsed.data[0]);
  if (!r.ok) {
    send(res, 500, JSON.stringify(r));
    return;
  }
  const content = r.value.content;
  res.writeHead(200, {
    'Content-Type': r.value.mime,
    // our own name: ASCII letters, digits and dashes only, so no quoting problem
    'Content-Disposition': `attachment; filename="${r.value.name}"`,
    'Content-Length': String(typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.byteLength),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  });
  res.end(typeof content === 'string' ? content : Buffer.from(content));
}

/** The page itself, which needs the token in its URL; every other static file is the public app bundle. */
function isPage(pathname: string): boolean {
  return pathname === '/' || pathname === '/index.html';
}

function decodedPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

const escapeHtml = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What a person sees when they open the server without the token (a browser navigation). */
function tokenPage(message: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>LLM Sizer: open the printed link</title>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5">
<h1>Open the link that <code>llm-sizer serve</code> printed</h1>
<p>${escapeHtml(message)}</p>
<p>The server answers only pages opened through the link with its per-run token
(<code>http://127.0.0.1:PORT/?token=...</code>), which <code>llm-sizer serve</code> prints when it starts.
Copy that whole link into the address bar.</p>
</body></html>
`;
}

function wantsHtml(req: IncomingMessage): boolean {
  return req.headers['sec-fetch-mode'] === 'navigate' || (req.headers.accept ?? '').includes('text/html');
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: 'FORBIDDEN' | 'BAD_REQUEST', message: string): void {
  if (req.method === 'GET' && wantsHtml(req)) send(res, status, tokenPage(message), 'text/html; charset=utf-8');
  else send(res, status, JSON.stringify(err(code, message)));
}

async function serveStatic(staticDir: string, decoded: string, res: ServerResponse): Promise<void> {
  const root = resolve(staticDir);
  const pathname = decoded;
  const rel = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = normalize(join(root, rel));
  if (file !== root && !file.startsWith(root + sep)) {
    send(res, 403, JSON.stringify(err('FORBIDDEN', 'Path outside the app.')));
    return;
  }
  try {
    const data = await readFile(file);
    const headers: Record<string, string> = {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    };
    res.writeHead(200, headers);
    res.end(data);
  } catch {
    send(res, 404, JSON.stringify(err('NOT_FOUND', `No such file: ${pathname}`)));
  }
}

/**
 * SizerApi over HTTP, on 127.0.0.1 only. Every request needs a loopback Host and Origin (DNS-rebinding
 * defence). The page needs the per-run token in its URL (`/?token=`), every API call in the X-Sizer-Token
 * header; the token is never put in a cookie (cookies are not port-scoped: every other server on 127.0.0.1
 * would receive it). The other static files are the public app bundle and need no token. API calls are
 * `POST /api/<method>` with `{"args": [...]}`; a body over 64 KB gets 413, a request slower than
 * `requestTimeoutMs` gets 408.
 */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const routes = new Map<string, SizerMethod>(SIZER_METHODS.map((m) => [sizerRoute(m), m]));
  let port = 0;
  // Node's defaults hold a slow request for 300 s (requestTimeout) and 60 s (headersTimeout), checked every 30 s.
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const timeouts = { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1000, requestTimeout) };
  const server = createServer(timeouts, (req, res) => {
    void (async () => {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://127.0.0.1');
      } catch {
        send(res, 400, JSON.stringify(err('BAD_REQUEST', 'The request target is not a URL path.')));
        return;
      }
      if (!hostAllowed(req.headers.host, port) || !originAllowed(req.headers.origin, port)) {
        send(res, 403, JSON.stringify(err('FORBIDDEN', 'Foreign Host or Origin.')));
        return;
      }
      const method = routes.get(url.pathname);
      const decoded = decodedPath(url.pathname);
      // The report download is an API call too: it needs the header token.
      const api = method !== undefined || url.pathname === REPORT_DOWNLOAD_ROUTE;
      const needsToken = api || decoded === null || isPage(decoded);
      if (needsToken) {
        const given = api ? apiToken(req) : pageToken(url);
        if (given === null || !sameToken(given, token)) {
          refuse(req, res, 401, 'FORBIDDEN', given === null ? 'This request has no token.' : 'This request has a wrong token (the server was restarted?).');
          return;
        }
      }
      if (decoded === null) {
        refuse(req, res, 400, 'BAD_REQUEST', 'The path has a malformed percent-escape.');
        return;
      }
      if (url.pathname === REPORT_DOWNLOAD_ROUTE && options.renderReport) {
        if (req.method !== 'POST') {
          send(res, 405, JSON.stringify(err('BAD_REQUEST', 'Use POST.')));
          return;
        }
        try {
          await downloadReport(options.renderReport, await readBody(req), res);
        } catch (e) {
          send(res, 400, JSON.stringify(err('BAD_REQUEST', errorMessage(e))));
        }
        return;
      }
      if (method) {
        if (req.method !== 'POST') {
          send(res, 405, JSON.stringify(err('BAD_REQUEST', 'Use POST.')));
          return;
        }
        let body: string;
        try {
          body = await readBody(req);
        } catch (e) {
          const status = e instanceof HttpError ? e.status : 400;
          send(res, status, JSON.stringify(err('BAD_REQUEST', errorMessage(e))), undefined, status === 413 ? { Connection: 'close' } : {});
          return;
        }
        send(res, 200, JSON.stringify(await callApi(options.api, method, body)));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, JSON.stringify(err('BAD_REQUEST', 'Use GET.')));
        return;
      }
      await serveStatic(options.staticDir, decoded, res);
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, JSON.stringify(err('INTERNAL', errorMessage(e))));
    });
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolveStart({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        server,
        // A browser keeps connections open: close them too, or close() would wait for them forever.
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
