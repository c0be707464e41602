import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent } from 'electron/main';
import { describe, expect, it } from 'vitest';
import { SIZER_CHANNELS, SIZER_METHODS } from '../../../../app/api/sizer-api';
import type { SizerApi } from '../../../../app/api/sizer-api';
import { handlersFor, registerIpcHandlers } from '../../../../main/electron/ipc';
import { createMainWindow, lockDown, trustedSender } from '../../../../main/electron/window';
import { CONTENT_SECURITY_POLICY } from '../../../../main/server/security';

/** A fake of the few Electron objects the wiring touches. */
class FakeWebContents {
  readonly id: number;
  readonly listeners = new Map<string, (...a: unknown[]) => void>();
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  constructor(id: number) {
    this.id = id;
  }
  on(event: string, fn: (...a: unknown[]) => void) {
    this.listeners.set(event, fn);
    return this;
  }
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = fn;
  }
}

class FakeBrowserWindow {
  static last: FakeBrowserWindow | null = null;
  readonly options: BrowserWindowConstructorOptions;
  readonly webContents = new FakeWebContents(7);
  constructor(options: BrowserWindowConstructorOptions) {
    this.options = options;
    FakeBrowserWindow.last = this;
  }
}

interface FakeSession {
  permissionRequest: null | ((c: unknown, p: string, cb: (ok: boolean) => void) => void);
  permissionCheck: null | (() => boolean);
  headers: null | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void);
  setPermissionRequestHandler(fn: FakeSession['permissionRequest']): void;
  setPermissionCheckHandler(fn: FakeSession['permissionCheck']): void;
  webRequest: { onHeadersReceived(fn: FakeSession['headers']): void };
}

function fakeSession(): FakeSession {
  const s: FakeSession = {
    permissionRequest: null,
    permissionCheck: null,
    headers: null,
    setPermissionRequestHandler(fn) {
      s.permissionRequest = fn;
    },
    setPermissionCheckHandler(fn) {
      s.permissionCheck = fn;
    },
    webRequest: {
      onHeadersReceived(fn) {
        s.headers = fn;
      },
    },
  };
  return s;
}

const APP = 'app://llm-sizer';

describe('the Electron window', () => {
  it('is created with contextIsolation, sandbox and no Node integration', () => {
    createMainWindow({ BrowserWindow: FakeBrowserWindow as never }, '/app/out/preload/index.js');
    const prefs = FakeBrowserWindow.last?.options.webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  function lockedDown() {
    const contents = new FakeWebContents(7);
    const session = fakeSession();
    const opened: string[] = [];
    lockDown(contents as never, session as never, (url) => opened.push(url));
    return { contents, session, opened };
  }

  /** Fires a navigation event the way Electron does (details first) and says whether it went through. */
  function allowed(contents: FakeWebContents, event: string, url: string, isMainFrame = true): boolean {
    let prevented = false;
    contents.listeners.get(event)?.({ url, isMainFrame, preventDefault: () => (prevented = true) });
    return !prevented;
  }

  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])('%s stays on our own origin, compared whole', (event) => {
    const { contents } = lockedDown();
    expect(allowed(contents, event, `${APP}/index.html`)).toBe(true);
    expect(allowed(contents, event, 'https://evil.example/')).toBe(false);
    // What the old prefix check (file://…/renderer without a trailing slash) let through:
    expect(allowed(contents, event, 'file:///opt/llm-sizer/resources/app.asar/out/renderer-x/index.html')).toBe(false);
    expect(allowed(contents, event, 'file:///opt/llm-sizer/resources/app.asar/out/renderer/index.html')).toBe(false);
    expect(allowed(contents, event, 'app://llm-sizer.evil.example/index.html')).toBe(false);
    expect(allowed(contents, event, 'app://llm-sizer@evil.example/index.html')).toBe(false);
  });

  it('lets no subframe navigate (will-frame-navigate), even to our origin', () => {
    const { contents } = lockedDown();
    expect(contents.listeners.has('will-frame-navigate')).toBe(true);
    expect(allowed(contents, 'will-frame-navigate', `${APP}/index.html`, false)).toBe(false);
  });

  it('denies new windows, opening only allowlisted https origins in the browser', () => {
    const { contents, opened } = lockedDown();
    for (const url of ['https://huggingface.co/Qwen', 'https://github.com.evil.example/', 'http://github.com/', 'https://user@github.com/', 'https://evil.example/']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://huggingface.co/Qwen']);
  });

  it('denies every permission and sets a CSP that forbids form submissions', () => {
    const { session } = lockedDown();
    let granted: boolean | null = null;
    session.permissionRequest?.(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(session.permissionCheck?.()).toBe(false);
    let headers: unknown = null;
    session.headers?.({ responseHeaders: {} }, (r) => (headers = r));
    expect(headers).toEqual({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("form-action 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});

describe('IPC registration', () => {
  const calls: string[] = [];
  const api: SizerApi = {
    getHardwareProfile: () => (calls.push('getHardwareProfile'), Promise.resolve({ ok: false, error: { code: 'SCAN_FAILED', message: 'x' } })),
    rescanHardware: () => (calls.push('rescanHardware'), Promise.resolve({ ok: false, error: { code: 'SCAN_FAILED', message: 'x' } })),
    measureRamBandwidth: () => (calls.push('measureRamBandwidth'), Promise.resolve({ ok: false, error: { code: 'SCAN_FAILED', message: 'x' } })),
    getAppInfo: () => (calls.push('getAppInfo'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    saveReport: (r) => (calls.push(`saveReport:${r.format}`), Promise.resolve({ ok: true, value: { path: '/tmp/r.md', bytes: 1 } })),
    showReportInFolder: () => (calls.push('showReportInFolder'), Promise.resolve({ ok: true, value: true })),
    getSettings: () => (calls.push('getSettings'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    setOverride: () => (calls.push('setOverride'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    resetOverrides: () => (calls.push('resetOverrides'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    scanLocalModels: () => (calls.push('scanLocalModels'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    getLocalScanProgress: () => Promise.resolve({ ok: true, value: { running: false, scannedFiles: 0, found: 0, currentPath: '' } }),
    cancelLocalScan: () => Promise.resolve({ ok: true, value: false }),
    sizeGgufFile: () => (calls.push('sizeGgufFile'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    measureMachine: () => (calls.push('measureMachine'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    getMeasureProgress: () => Promise.resolve({ ok: true, value: { phase: 'idle', fraction: 0, text: '' } }),
    cancelMeasure: () => Promise.resolve({ ok: true, value: false }),
    importBenchResults: () => (calls.push('importBenchResults'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    findOllama: () => Promise.resolve({ ok: true, value: null }),
    timeOllamaModels: () => (calls.push('timeOllamaModels'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    resetCalibration: () => (calls.push('resetCalibration'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    sizeHfRepo: () => (calls.push('sizeHfRepo'), Promise.resolve({ ok: false, error: { code: 'OFFLINE', message: 'x' } })),
  };
  const registered = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  const mainFrame = { url: `${APP}/index.html`, parent: null, processId: 3, routingId: 1 };
  const window = { webContents: { id: 7, mainFrame } };
  registerIpcHandlers(
    { handle: (channel, fn) => registered.set(channel, fn) },
    handlersFor(api),
    trustedSender(() => window as never),
  );
  const ours = { sender: { id: 7 }, senderFrame: mainFrame } as unknown as IpcMainInvokeEvent;

  it('registers one handler per method', () => {
    expect([...registered.keys()].sort()).toEqual(SIZER_METHODS.map((m) => SIZER_CHANNELS[m]).sort());
  });

  it('serves our own window', async () => {
    const r = await registered.get(SIZER_CHANNELS.saveReport)?.(ours, { format: 'markdown', contextTokens: 8192 });
    expect(r).toEqual({ ok: true, value: { path: '/tmp/r.md', bytes: 1 } });
    expect(calls).toContain('saveReport:markdown');
  });

  it('refuses a foreign sender without calling the service', async () => {
    const before = calls.length;
    const foreign = { sender: { id: 99 }, senderFrame: mainFrame } as unknown as IpcMainInvokeEvent;
    const r = await registered.get(SIZER_CHANNELS.getHardwareProfile)?.(foreign);
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const wrongUrl = { sender: { id: 7 }, senderFrame: { ...mainFrame, url: 'https://evil.example/' } } as unknown as IpcMainInvokeEvent;
    expect(await registered.get(SIZER_CHANNELS.getAppInfo)?.(wrongUrl)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls.length).toBe(before);
  });

  it('refuses a subframe of our window, even one showing our own origin', async () => {
    const before = calls.length;
    const subframe = { url: `${APP}/index.html`, parent: mainFrame, processId: 3, routingId: 2 };
    const fromSubframe = { sender: { id: 7 }, senderFrame: subframe } as unknown as IpcMainInvokeEvent;
    expect(await registered.get(SIZER_CHANNELS.getAppInfo)?.(fromSubframe)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const gone = { sender: { id: 7 }, senderFrame: null } as unknown as IpcMainInvokeEvent;
    expect(await registered.get(SIZER_CHANNELS.getAppInfo)?.(gone)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls.length).toBe(before);
  });

  it('refuses a malformed payload without calling the service', async () => {
    const before = calls.length;
    const r = await registered.get(SIZER_CHANNELS.saveReport)?.(ours, { format: 'exe', contextTokens: 8192 });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(calls.length).toBe(before);
  });
});
