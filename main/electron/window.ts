import type { BrowserWindow, BrowserWindowConstructorOptions, IpcMainInvokeEvent, Session, WebContents } from 'electron/main';
import { CONTENT_SECURITY_POLICY } from '../server/security';
import { isAllowedExternalUrl, isAppUrl } from './origin';

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

/** What lockDown reads from a navigation event's details object (Electron passes it first). */
interface NavigationDetails {
  readonly url: string;
  readonly isMainFrame: boolean;
  preventDefault(): void;
}

/**
 * Denies navigation away from our own origin (main frame and subframes), new windows (an allowlisted
 * https link opens in the user's browser instead), webviews and every permission request, and sets the CSP.
 */
export function lockDown(contents: WebContents, session: Session, openExternal: (url: string) => void): void {
  const stayHome = (details: NavigationDetails): void => {
    if (!isAppUrl(details.url)) details.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  // will-navigate fires for the main frame only; a subframe (the page has none) may not navigate at all.
  contents.on('will-frame-navigate', (details) => {
    if (!details.isMainFrame || !isAppUrl(details.url)) details.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
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

/**
 * A sender is trusted only if it is our window's main frame (not a subframe, even one of our origin)
 * showing our own origin.
 */
export function trustedSender(window: () => BrowserWindow | null): (event: IpcMainInvokeEvent) => boolean {
  return (event) => {
    const w = window();
    if (!w || event.sender.id !== w.webContents.id) return false;
    const frame = event.senderFrame;
    const main = w.webContents.mainFrame;
    if (!frame || frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
    return isAppUrl(frame.url);
  };
}
