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

const APP = 'file:///opt/llm-sizer/resources/app.asar/out/renderer';

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

  it('denies navigation away, new windows and every permission, and sets the CSP', () => {
    const contents = new FakeWebContents(7);
    const session = fakeSession();
    lockDown(contents as never, session as never, APP);
    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    contents.listeners.get('will-navigate')?.(event, 'https://evil.example/');
    contents.listeners.get('will-navigate')?.(event, `${APP}/index.html`);
    expect(prevented).toBe(1);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    let granted: boolean | null = null;
    session.permissionRequest?.(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(session.permissionCheck?.()).toBe(false);
    let headers: unknown = null;
    session.headers?.({ responseHeaders: {} }, (r) => (headers = r));
    expect(headers).toEqual({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
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
    getSettings: () => (calls.push('getSettings'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    setOverride: () => (calls.push('setOverride'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    resetOverrides: () => (calls.push('resetOverrides'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    scanLocalModels: () => (calls.push('scanLocalModels'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
    getLocalScanProgress: () => Promise.resolve({ ok: true, value: { running: false, scannedFiles: 0, found: 0, currentPath: '' } }),
    cancelLocalScan: () => Promise.resolve({ ok: true, value: false }),
    sizeGgufFile: () => (calls.push('sizeGgufFile'), Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } })),
  };
  const registered = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  const window = { webContents: { id: 7 } };
  registerIpcHandlers(
    { handle: (channel, fn) => registered.set(channel, fn) },
    handlersFor(api),
    trustedSender(() => window as never, APP),
  );
  const ours = { sender: { id: 7 }, senderFrame: { url: `${APP}/index.html` } } as unknown as IpcMainInvokeEvent;

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
    const foreign = { sender: { id: 99 }, senderFrame: { url: `${APP}/index.html` } } as unknown as IpcMainInvokeEvent;
    const r = await registered.get(SIZER_CHANNELS.getHardwareProfile)?.(foreign);
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const wrongFrame = { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/' } } as unknown as IpcMainInvokeEvent;
    expect(await registered.get(SIZER_CHANNELS.getAppInfo)?.(wrongFrame)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls.length).toBe(before);
  });

  it('refuses a malformed payload without calling the service', async () => {
    const before = calls.length;
    const r = await registered.get(SIZER_CHANNELS.saveReport)?.(ours, { format: 'exe', contextTokens: 8192 });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(calls.length).toBe(before);
  });
});
