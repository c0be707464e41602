import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSizerService } from '../../services/sizer-service';
import { defaultConfigDir, defaultReportsDir } from '../../services/app-paths';
import { SettingsStore } from '../../services/settings-store';
import { CalibrationStore } from '../../services/measure/calibration-store';
import { startServer } from '../../server/server';
import { flagString, parsePositiveInt } from '../args';
import type { Command } from '../command';
import { APP_NAME, APP_VERSION } from '../app-meta';
import { measureRamNow } from '../../services/hardware/measure-now';
import { HARDWARE_FLAGS, hardwareChoice } from '../hardware-source';

/** The built renderer: out/renderer beside out/main (where this file is bundled). */
export function rendererDir(): string {
  return join(__dirname, '..', 'renderer');
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the app UI and API on 127.0.0.1 (for headless machines over an SSH tunnel)',
  usage: 'llm-sizer serve [--port N] [--hardware FILE | --gpu NAME --ram SIZE]',
  flags: [{ name: 'port', takesValue: true, help: 'port on 127.0.0.1 (default: a random free port)' }, ...HARDWARE_FLAGS],
  async run(args, io) {
    const staticDir = rendererDir();
    if (!existsSync(join(staticDir, 'index.html'))) {
      io.err(`llm-sizer serve: the UI is not built (${staticDir} is missing). Run "npm run build" first.\n`);
      return 1;
    }
    const portText = flagString(args, 'port');
    const choice = hardwareChoice(args, { withCorrections: false, withCalibration: false });
    const api = createSizerService({
      entryPoint: 'server',
      appName: APP_NAME,
      version: APP_VERSION,
      scan: choice.load,
      hardwareFile: choice.file,
      reportsDir: defaultReportsDir(),
      // Corrections belong to this machine: a loaded or what-if profile is shown as it is.
      ...(choice.describe === 'this machine'
        ? { settings: new SettingsStore(defaultConfigDir()), calibration: new CalibrationStore(defaultConfigDir()), measureRam: () => measureRamNow() }
        : {}),
    });
    void api.getHardwareProfile(); // start scanning before the first page load
    const running = await startServer({ api, staticDir, renderReport: (request) => api.renderReportFile(request), ...(portText ? { port: parsePositiveInt(portText, '--port') } : {}) });
    io.out(`LLM Sizer is serving ${choice.describe} at\n${running.url}\n(only on this machine; use ssh -L ${running.port}:127.0.0.1:${running.port} to reach it from another)\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        void running.close().then(resolve);
        setTimeout(resolve, 2000).unref(); // never let a stuck connection keep the process alive
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
