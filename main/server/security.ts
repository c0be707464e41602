import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The strict Content-Security-Policy every page of the app is served with (also used by the Electron window). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Host must name this server on loopback: a foreign Host is a DNS-rebinding attempt. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}

/** An Origin header, when present, must be this server's own. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`].includes(origin.toLowerCase());
}

/** The token of an API call: the X-Sizer-Token header only (never a cookie, never the URL). */
export function apiToken(req: IncomingMessage): string | null {
  const header = req.headers['x-sizer-token'];
  return typeof header === 'string' ? header : null;
}

/** The token of a page load: the `token` query parameter of the link `llm-sizer serve` printed. */
export function pageToken(url: URL): string | null {
  return url.searchParams.get('token');
}
