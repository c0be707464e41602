import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler, fileForUrl } from '../../../../main/electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../../main/server/security';

/** A built renderer folder, a sibling that shares its name as a prefix, and a secret beside them. */
function fixture() {
  const base = mkdtempSync(join(tmpdir(), 'sizer-protocol-'));
  const renderer = join(base, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  mkdirSync(join(base, 'renderer-x'));
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>LLM Sizer</title>');
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(renderer, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(renderer, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(renderer, 'assets', 'font.woff2'), 'w');
  writeFileSync(join(renderer, 'notes.exe'), 'MZ');
  writeFileSync(join(base, 'renderer-x', 'index.html'), 'not ours');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  const reads: string[] = [];
  const handler = appProtocolHandler(renderer, (path) => (reads.push(path), readFile(path)));
  return { base, renderer, handler, reads };
}

describe('the app:// protocol', () => {
  it('is registered standard and secure, and nothing more', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });

  it('serves the renderer files with their MIME type, the CSP (with form-action) and nosniff', async () => {
    const { handler } = fixture();
    const cases: [string, string][] = [
      ['app://llm-sizer/', 'text/html; charset=utf-8'],
      ['app://llm-sizer/index.html', 'text/html; charset=utf-8'],
      ['app://llm-sizer/assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['app://llm-sizer/assets/index-abc.css', 'text/css; charset=utf-8'],
      ['app://llm-sizer/assets/logo.svg', 'image/svg+xml'],
      ['app://llm-sizer/assets/font.woff2', 'font/woff2'],
    ];
    for (const [url, type] of cases) {
      const r = await handler(new Request(url));
      expect(r.status, url).toBe(200);
      expect(r.headers.get('content-type'), url).toBe(type);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("form-action 'none'");
    expect(await (await handler(new Request('app://llm-sizer/index.html'))).text()).toContain('LLM Sizer');
  });

  it.each([
    'app://llm-sizer/../secret.txt',
    'app://llm-sizer/%2e%2e/secret.txt',
    'app://llm-sizer/assets/..%2f..%2fsecret.txt',
    'app://llm-sizer/..%5csecret.txt',
    'app://llm-sizer/%2e%2e%2frenderer-x/index.html',
    'app://llm-sizer/index.html%00.js',
    'app://llm-sizer/%E0%A4%A',
    'app://llm-sizer/notes.exe',
    'app://llm-sizer/missing.js',
    'app://llm-sizer/assets',
    'app://other/index.html',
  ])('refuses %s without reading outside the renderer folder', async (url) => {
    const { handler, reads, renderer } = fixture();
    const r = await handler(new Request(url));
    expect(r.status).toBe(404);
    for (const path of reads) expect(path.startsWith(`${renderer}/`)).toBe(true);
  });

  it('never names a file outside the folder, and keeps absolute paths inside it', () => {
    const root = '/opt/app/out/renderer';
    expect(fileForUrl(root, 'app://llm-sizer/..%2f..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(fileForUrl(root, 'app://llm-sizer//etc/passwd')).toBe('/opt/app/out/renderer/etc/passwd');
    expect(fileForUrl(root, 'app://llm-sizer/assets/a.js?x=1#y')).toBe('/opt/app/out/renderer/assets/a.js');
    expect(fileForUrl(root, 'file:///opt/app/out/renderer/index.html')).toBeNull();
    expect(fileForUrl(root, 'app://llm-sizer@other/index.html')).toBeNull();
  });

  it('keeps Windows paths inside the folder too (drive letters, UNC, backslashes)', () => {
    const root = 'C:\\Program Files\\LLM Sizer\\resources\\app.asar\\out\\renderer';
    expect(fileForUrl(root, 'app://llm-sizer/assets/a.js', win32)).toBe(`${root}\\assets\\a.js`);
    for (const url of ['app://llm-sizer/C:/Windows/win.ini', 'app://llm-sizer/D:%2fsecret.txt', 'app://llm-sizer/..%5c..%5csecret.txt']) {
      expect(fileForUrl(root, url, win32), url).toBeNull();
    }
    // The URL parser already clamps dot segments (also %2e%2e) at the root: what is left stays inside.
    expect(fileForUrl(root, 'app://llm-sizer/%2e%2e/%2e%2e/x.js', win32)).toBe(`${root}\\x.js`);
    expect(fileForUrl(root, 'app://llm-sizer///server/share/x.js', win32)).toBe(`${root}\\server\\share\\x.js`);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const { handler } = fixture();
    expect((await handler(new Request('app://llm-sizer/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    const head = await handler(new Request('app://llm-sizer/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
