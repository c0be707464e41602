import { err } from '../../app/api/result';
import { SIZER_METHODS, sizerRoute } from '../../app/api/sizer-api';
import type { SizerApi, SizerMethod } from '../../app/api/sizer-api';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the UI is served by `llm-sizer serve`. */
    readonly sizer?: SizerApi;
    /** Set by the Electron preload: the path of a file dropped on the window (docs/decisions/0001). */
    readonly sizerFiles?: { readonly pathForFile: (file: File) => string };
  }
}

/** Where a dropped file is on disk: only the desktop app can tell; a browser never reveals it. */
export function droppedFilePath(file: File): string | null {
  const p = window.sizerFiles?.pathForFile(file);
  return p ? p : null;
}

const TOKEN_KEY = 'llm-sizer-token';

/**
 * The server's per-run token: from the link `llm-sizer serve` printed (`?token=`), kept in this tab's
 * sessionStorage for later calls. It is sent in the X-Sizer-Token header only, never in a cookie (cookies
 * are not port-scoped, so every server on 127.0.0.1 would receive it).
 */
function serverToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  try {
    if (fromUrl) window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl ?? window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    // storage disabled: the URL's token still works for this page
    return fromUrl;
  }
}

function httpApi(): SizerApi {
  const token = serverToken();
  const call = (method: SizerMethod) => async (...args: unknown[]) => {
    try {
      const res = await fetch(sizerRoute(method), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { 'X-Sizer-Token': token } : {}) },
        body: JSON.stringify({ args }),
        credentials: 'omit',
      });
      return await res.json();
    } catch (e) {
      return err('INTERNAL', `The LLM Sizer server did not answer: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return Object.fromEntries(SIZER_METHODS.map((m) => [m, call(m)])) as unknown as SizerApi;
}

/** The single access point to the services: the Electron bridge, or the local web server. */
export const sizerApi: SizerApi = window.sizer ?? httpApi();
