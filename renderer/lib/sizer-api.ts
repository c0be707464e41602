import { err } from '../../app/api/result';
import { SIZER_METHODS, sizerRoute } from '../../app/api/sizer-api';
import type { SizerApi, SizerMethod } from '../../app/api/sizer-api';
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

function httpApi(): SizerApi {
  const token = new URLSearchParams(window.location.search).get('token');
  const call = (method: SizerMethod) => async (...args: unknown[]) => {
    try {
      const res = await fetch(sizerRoute(method), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { 'X-Sizer-Token': token } : {}) },
        body: JSON.stringify({ args }),
        credentials: 'same-origin',
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

/** True when the UI is served by `llm-sizer serve` (it can lose its server), false in the desktop window. */
export const isServed = window.sizer === undefined;
