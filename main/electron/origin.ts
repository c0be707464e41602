/**
 * The window's page is served from `app://llm-sizer/` (see app-protocol.ts), never from `file://`: a
 * `file://` page shares its origin with every file on the disk. Checks compare whole origins (scheme,
 * host, port, no credentials), never URL prefixes: `file:///…/renderer` as a prefix also admits
 * `file:///…/renderer-x/`, and `https://github.com` admits `https://github.com.evil.example`.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'llm-sizer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Sites a link in the window may open in the user's browser (https only, whole origins). */
export const EXTERNAL_ORIGINS: readonly string[] = ['https://huggingface.co', 'https://github.com'];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The origin of a URL as scheme://host[:port], or null for one that does not parse or carries credentials.
 * Node's URL gives `origin === 'null'` for schemes it does not know (such as `app:`), so this builds it.
 */
export function originOf(url: string): string | null {
  const u = parse(url);
  if (!u || u.username !== '' || u.password !== '' || u.host === '') return null;
  return `${u.protocol}//${u.host}`.toLowerCase();
}

/** True only for a URL of our own page's origin, `app://llm-sizer`. */
export function isAppUrl(url: string): boolean {
  return originOf(url) === APP_ORIGIN;
}

/** True only for an https URL whose whole origin is on the allowlist. */
export function isAllowedExternalUrl(url: string): boolean {
  const origin = originOf(url);
  return origin !== null && EXTERNAL_ORIGINS.includes(origin);
}
