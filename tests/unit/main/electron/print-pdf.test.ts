import type { BrowserWindowConstructorOptions } from 'electron/main';
import { describe, expect, it } from 'vitest';
import { printHtmlToPdf } from '../../../../main/electron/print-pdf';

class FakeWindow {
  static made: FakeWindow[] = [];
  loaded = '';
  destroyed = false;
  printOptions: unknown = null;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    FakeWindow.made.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return url.includes('fail') ? Promise.reject(new Error('load failed')) : Promise.resolve();
  }
  destroy(): void {
    this.destroyed = true;
  }
  readonly webContents = {
    printToPDF: (o: unknown) => {
      this.printOptions = o;
      return Promise.resolve(Buffer.from('%PDF-1.4'));
    },
  };
}

const electron = { BrowserWindow: FakeWindow as never };

describe('printHtmlToPdf (the desktop app)', () => {
  it('prints the report in a hidden, script-less, sandboxed window on the chosen paper, with backgrounds (fit colours) and page numbers', async () => {
    const bytes = await printHtmlToPdf(electron, '<!doctype html><p>report</p>', 'letter');
    expect(Buffer.from(bytes).toString('latin1')).toBe('%PDF-1.4');
    const w = FakeWindow.made.at(-1);
    expect(w?.options.show).toBe(false);
    expect(w?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false });
    expect(w?.options.webPreferences?.preload).toBeUndefined();
    expect(decodeURIComponent(w?.loaded.replace('data:text/html;charset=utf-8,', '') ?? '')).toBe('<!doctype html><p>report</p>');
    expect(w?.printOptions).toMatchObject({ pageSize: 'Letter', printBackground: true, displayHeaderFooter: true });
    expect(JSON.stringify(w?.printOptions)).toContain('pageNumber');
    expect(w?.destroyed).toBe(true);
  });

  it('closes the window when loading fails', async () => {
    await expect(printHtmlToPdf(electron, 'fail', 'a4')).rejects.toThrow('load failed');
    expect(FakeWindow.made.at(-1)?.destroyed).toBe(true);
  });
});
