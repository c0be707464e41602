import { err } from '../../app/api/result';
import { SIZER_METHODS, sizerRoute } from '../../app/api/sizer-api';
import type { SizerApi, SizerMethod } from '../../app/api/sizer-api';
import type { Result } from '../../app/api/result';
import type { SaveReportRequest } from '../../app/domain/report';
import { reportServerReachable } from './server-status';

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
      reportServerReachable(true);
      return await res.json();
    } catch (e) {
      reportServerReachable(false);
      return err('INTERNAL', `The LLM Sizer server did not answer: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return Object.fromEntries(SIZER_METHODS.map((m) => [m, call(m)])) as unknown as SizerApi;
}

/** The single access point to the services: the Electron bridge, or the local web server. */
export const sizerApi: SizerApi = window.sizer ?? httpApi();

/** True when the UI is served by `llm-sizer serve`: reports are then downloaded by the browser. */
export const servedInBrowser = window.sizer === undefined;

/**
 * The served app's export: the server renders the report (the same code as every other entry point) and
 * the browser saves the file; returns the file name.
 */
export async function downloadReport(request: SaveReportRequest): Promise<Result<string>> {
  const token = serverToken();
  try {
    const res = await fetch('/download/report', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { 'X-Sizer-Token': token } : {}) },
      body: JSON.stringify({ args: [request] }),
      credentials: 'same-origin',
    });
    if (!res.ok) return (await res.json()) as Result<string>;
    const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'llm-sizer-report';
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return { ok: true, value: name };
  } catch (e) {
    return err('INTERNAL', `The LLM Sizer server did not answer: ${e instanceof Error ? e.message : String(e)}`);
  }
}
/** True when the UI is served by `llm-sizer serve` (it can lose its server), false in the desktop window. */
export const isServed = window.sizer === undefined;
