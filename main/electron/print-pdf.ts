import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron/main';
import type { PaperSize } from '../../app/domain/report';

/** The part of Electron this needs: injectable, so tests pass a fake. */
export interface PrintElectron {
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => Pick<BrowserWindow, 'loadURL' | 'destroy'> & {
    readonly webContents: Pick<BrowserWindow['webContents'], 'printToPDF'>;
  };
}

/** A hidden window that runs no script, has no preload and no Node: it only lays out the report. */
export const PRINT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true },
};

/**
 * The desktop app's PDF: Chromium prints the HTML report (the same page the HTML export writes) in a hidden
 * window that runs no script and, by the report's CSP, loads nothing. Page numbers in the footer; table rows
 * do not split (the report's print CSS). See docs/decisions/0009-two-pdf-renderers.md.
 */
export async function printHtmlToPdf(electron: PrintElectron, html: string, paper: PaperSize): Promise<Uint8Array> {
  const win = new electron.BrowserWindow(PRINT_WINDOW_OPTIONS);
  try {
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    const pdf = await win.webContents.printToPDF({
      pageSize: paper === 'letter' ? 'Letter' : 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: '<div style="font-size:8px;width:100%;text-align:right;margin-right:1cm">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
      margins: { top: 0.5, bottom: 0.6, left: 0.5, right: 0.5 },
    });
    return new Uint8Array(pdf);
  } finally {
    win.destroy();
  }
}
