import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { shell } from 'electron/common';
import { BrowserWindow, app, dialog, ipcMain, session } from 'electron/main';
import { err, errorMessage } from '../../app/api/result';
import type { Result } from '../../app/api/result';
import type { HardwareProfile } from '../../app/domain/hardware';
import { APP_NAME, APP_VERSION } from '../cli/app-meta';
import { defaultConfigDir, defaultReportsDir } from '../services/app-paths';
import { SettingsStore } from '../services/settings-store';
import { parseProfile } from '../services/profile-file';
import { createSizerService } from '../services/sizer-service';
import { handlersFor, registerIpcHandlers } from './ipc';
import { measureRamNow } from '../services/hardware/measure-now';
import { createMainWindow, lockDown, trustedSender } from './window';

/**
 * Scans in a child process (this same executable running the bundled CLI as plain Node), so the
 * synchronous parts of systeminformation and a hanging driver tool can never freeze the window.
 */
function scanInChildProcess(): Promise<Result<HardwareProfile>> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      // --raw: the service applies the user's corrections itself, once.
      [join(__dirname, 'cli.js'), 'scan', '--json', '--raw'],
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 20_000, maxBuffer: 8 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          resolve(err('SCAN_FAILED', `The hardware scan failed: ${stderr.trim() || errorMessage(error)}`));
          return;
        }
        resolve(parseProfile(stdout, 'the scan'));
      },
    );
  });
}

let mainWindow: BrowserWindow | null = null;
const rendererIndex = join(__dirname, '..', 'renderer', 'index.html');
const appUrlPrefix = pathToFileURL(join(__dirname, '..', 'renderer')).href;

const api = createSizerService({
  entryPoint: 'electron',
  appName: APP_NAME,
  version: APP_VERSION,
  scan: scanInChildProcess,
  hardwareFile: null,
  reportsDir: defaultReportsDir(),
  settings: new SettingsStore(defaultConfigDir()),
  // The benchmark's workers run off the main thread: the window stays responsive while it measures.
  measureRam: () => measureRamNow(),
  chooseReportPath: async (suggestedName) => {
    const options = { defaultPath: join(app.getPath('documents'), suggestedName) };
    const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  },
});

function openWindow(): void {
  mainWindow = createMainWindow({ BrowserWindow }, join(__dirname, '..', 'preload', 'index.js'));
  lockDown(mainWindow.webContents, session.defaultSession, appUrlPrefix);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadFile(rendererIndex);
}

app.enableSandbox();
void app.whenReady().then(() => {
  registerIpcHandlers(ipcMain, handlersFor(api), trustedSender(() => mainWindow, appUrlPrefix));
  void api.getHardwareProfile(); // start the scan while the window loads
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
});

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://huggingface.co/') || url.startsWith('https://github.com/')) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
