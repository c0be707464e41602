import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { shell } from 'electron/common';
import { BrowserWindow, app, dialog, ipcMain, protocol, session, utilityProcess } from 'electron/main';
import { APP_NAME, APP_VERSION } from '../cli/app-meta';
import { defaultConfigDir, defaultReportsDir } from '../services/app-paths';
import { SettingsStore } from '../services/settings-store';
import { CalibrationStore } from '../services/measure/calibration-store';
import { createSizerService } from '../services/sizer-service';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol';
import { handlersFor, registerIpcHandlers } from './ipc';
import { APP_INDEX_URL, APP_SCHEME } from './origin';
import { scanInUtilityProcess } from './scan-process';
import { utilityLauncher } from './measure-process';
import { printHtmlToPdf } from './print-pdf';
import { measureRamNow } from '../services/hardware/measure-now';
import { createMainWindow, lockDown, trustedSender } from './window';

/** A scan that has not answered in 20 s is stopped (each probe has its own, shorter limit). */
const SCAN_TIMEOUT_MS = 20_000;

let mainWindow: BrowserWindow | null = null;
const rendererDir = join(__dirname, '..', 'renderer');

const api = createSizerService({
  entryPoint: 'electron',
  appName: APP_NAME,
  version: APP_VERSION,
  scan: () => scanInUtilityProcess((path, args, options) => utilityProcess.fork(path, args, options), join(__dirname, 'scan-worker.js'), SCAN_TIMEOUT_MS),
  hardwareFile: null,
  reportsDir: defaultReportsDir(),
  settings: new SettingsStore(defaultConfigDir()),
  measure: { launch: utilityLauncher((path, args, options) => utilityProcess.fork(path, args, options), join(__dirname, 'measure-worker.js')) },
  calibration: new CalibrationStore(defaultConfigDir()),
  // The benchmark's workers run off the main thread: the window stays responsive while it measures.
  measureRam: () => measureRamNow(),
  chooseReportPath: async (suggestedName) => {
    const options = { defaultPath: join(app.getPath('documents'), suggestedName) };
    const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  },
  showInFolder: (path) => shell.showItemInFolder(path),
  renderPdf: (_model, html, paper) => printHtmlToPdf({ BrowserWindow }, html, paper),
});

function openWindow(): void {
  mainWindow = createMainWindow({ BrowserWindow }, join(__dirname, '..', 'preload', 'index.js'));
  // lockDown passes only https URLs of an allowlisted origin (origin.ts); see docs/decisions/0006-electronegativity.md.
  lockDown(mainWindow.webContents, session.defaultSession, (url) => void shell.openExternal(url));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(APP_INDEX_URL);
}

app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
void app.whenReady().then(() => {
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir, (path) => readFile(path)));
  registerIpcHandlers(ipcMain, handlersFor(api), trustedSender(() => mainWindow));
  void api.getHardwareProfile(); // start the scan while the window loads
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
});

// Every web contents (there is only our window, which lockDown then narrows) opens no new windows and no
// webviews.
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
