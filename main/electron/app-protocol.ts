import path from 'node:path';
import type { PlatformPath } from 'node:path';
import type { CustomScheme } from 'electron/main';
import { CONTENT_SECURITY_POLICY } from '../server/security';
import { APP_HOST, APP_SCHEME } from './origin';

/**
 * `app://` must be registered before the app is ready. Standard (so `'self'` in the CSP, relative URLs
 * and localStorage work as on the web) and secure (a secure context); nothing more: no CORS, no service
 * workers, no bypassing the CSP.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** The types the renderer build emits, and only those: any other file is not served. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

export type ReadFile = (path: string) => Promise<Uint8Array>;

function refuse(status: number, reason: string): Response {
  return new Response(reason, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/**
 * The file under `rendererDir` that an `app://llm-sizer/…` URL names, or null when it names none:
 * another host, an undecodable path, a NUL or a backslash, or anything that resolves outside the folder
 * (`..`, `%2e%2e%2f`, an absolute path, another drive). `paths` is node:path, or path.win32 in tests.
 */
export function fileForUrl(rendererDir: string, url: string, paths: PlatformPath = path): string | null {
  let u: URL;
  let path: string;
  try {
    u = new URL(url);
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username !== '' || u.password !== '') return null;
  if (path.includes('\0') || path.includes('\\')) return null;
  const wanted = path === '/' || path === '' ? 'index.html' : path.replace(/^\/+/, '');
  const root = paths.resolve(rendererDir);
  const file = paths.resolve(root, wanted);
  const rel = paths.relative(root, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${paths.sep}`) || paths.isAbsolute(rel)) return null;
  return file;
}

/**
 * The `protocol.handle('app', …)` handler: serves the built renderer's files (GET and HEAD only) with
 * their MIME type, the CSP and `nosniff`; refuses everything else.
 */
export function appProtocolHandler(rendererDir: string, readFile: ReadFile): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
    const file = fileForUrl(rendererDir, request.url);
    if (!file) return refuse(404, 'Not found');
    const type = MIME_TYPES[path.extname(file).toLowerCase()];
    if (!type) return refuse(404, 'Not found');
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return refuse(404, 'Not found');
    }
    const headers = { 'Content-Type': type, 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers });
  };
}
