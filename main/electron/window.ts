import type { BrowserWindow, BrowserWindowConstructorOptions, IpcMainInvokeEvent, Session, WebContents } from 'electron/main';
import { CONTENT_SECURITY_POLICY } from '../server/security';

/** The window's web preferences: Electron's security checklist. */
export function secureWebPreferences(preloadPath: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export interface ElectronLike {
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
}

/** Denies navigation away from the app, new windows, and every permission request. */
export function lockDown(contents: WebContents, session: Session, appUrlPrefix: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(appUrlPrefix)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(appUrlPrefix)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

export function createMainWindow(electron: ElectronLike, preloadPath: string): BrowserWindow {
  return new electron.BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'LLM Sizer',
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(preloadPath),
  });
}

/** A sender is trusted only if it is our window's main frame showing our own page. */
export function trustedSender(window: () => BrowserWindow | null, appUrlPrefix: string): (event: IpcMainInvokeEvent) => boolean {
  return (event) => {
    const w = window();
    if (!w || event.sender.id !== w.webContents.id) return false;
    const frameUrl = event.senderFrame?.url ?? '';
    return frameUrl.startsWith(appUrlPrefix);
  };
}
