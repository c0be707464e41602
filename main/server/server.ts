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
import { CONTENT_SECURITY_POLICY, TOKEN_COOKIE, hostAllowed, originAllowed, requestToken, sameToken } from './security';

const MAX_BODY_BYTES = 64 * 1024;

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
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly server: Server;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
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
  const args = (payload as { args?: unknown }).args ?? [];
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

async function serveStatic(staticDir: string, pathname: string, res: ServerResponse, setCookie: string | null): Promise<void> {
  const root = resolve(staticDir);
  const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
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
    if (setCookie) headers['Set-Cookie'] = setCookie;
    res.writeHead(200, headers);
    res.end(data);
  } catch {
    send(res, 404, JSON.stringify(err('NOT_FOUND', `No such file: ${pathname}`)));
  }
}

/**
 * SizerApi over HTTP, on 127.0.0.1 only. Every request needs the per-run token (query parameter on the
 * first page load, then an HttpOnly SameSite cookie or the X-Sizer-Token header) and a loopback Host and
 * Origin (DNS-rebinding defence). API calls are `POST /api/<method>` with `{"args": [...]}`.
 */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const routes = new Map<string, SizerMethod>(SIZER_METHODS.map((m) => [sizerRoute(m), m]));
  let port = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!hostAllowed(req.headers.host, port) || !originAllowed(req.headers.origin, port)) {
        send(res, 403, JSON.stringify(err('FORBIDDEN', 'Foreign Host or Origin.')));
        return;
      }
      const given = requestToken(req, url);
      if (given === null || !sameToken(given, token)) {
        send(res, 401, JSON.stringify(err('FORBIDDEN', 'Missing or wrong token: open the URL that llm-sizer serve printed.')));
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
      const method = routes.get(url.pathname);
      if (method) {
        if (req.method !== 'POST') {
          send(res, 405, JSON.stringify(err('BAD_REQUEST', 'Use POST.')));
          return;
        }
        try {
          const body = await readBody(req);
          send(res, 200, JSON.stringify(await callApi(options.api, method, body)));
        } catch (e) {
          send(res, 400, JSON.stringify(err('BAD_REQUEST', errorMessage(e))));
        }
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, JSON.stringify(err('BAD_REQUEST', 'Use GET.')));
        return;
      }
      const cookie = url.searchParams.has('token') ? `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/` : null;
      await serveStatic(options.staticDir, url.pathname, res, cookie);
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
