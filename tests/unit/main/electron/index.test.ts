import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/** Everything the entry point does to Electron, in order. */
const log: string[] = [];
const handlers = new Map<string, (request: Request) => Promise<Response>>();
const forks: { path: string; options: Record<string, unknown>; child: EventEmitter & { kill(): boolean } }[] = [];
let ready!: () => void;
const whenReady = new Promise<void>((resolve) => (ready = resolve));

class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows = () => FakeBrowserWindow.all;
  readonly webContents = Object.assign(new EventEmitter(), {
    id: 1,
    mainFrame: { url: '', parent: null, processId: 1, routingId: 1 },
    setWindowOpenHandler: () => undefined,
  });
  constructor(readonly options: unknown) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  loadURL(url: string) {
    log.push(`loadURL ${url}`);
    return Promise.resolve();
  }
  loadFile(path: string) {
    log.push(`loadFile ${path}`);
    return Promise.resolve();
  }
}

vi.mock('electron/main', () => ({
  app: {
    enableSandbox: () => log.push('enableSandbox'),
    whenReady: () => whenReady,
    on: (event: string) => log.push(`app.on ${event}`),
    getPath: () => tmpdir(),
    quit: () => undefined,
  },
  BrowserWindow: FakeBrowserWindow,
  dialog: { showSaveDialog: () => Promise.resolve({ canceled: true }) },
  ipcMain: { handle: (channel: string) => log.push(`ipc ${channel}`) },
  protocol: {
    registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => log.push(`registerSchemesAsPrivileged ${schemes.map((s) => s.scheme).join(',')}`),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
      log.push(`protocol.handle ${scheme}`);
      handlers.set(scheme, handler);
    },
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
      webRequest: { onHeadersReceived: () => undefined },
    },
  },
  utilityProcess: {
    fork: (path: string, _args: string[], options: Record<string, unknown>) => {
      const child = Object.assign(new EventEmitter(), { kill: () => true });
      forks.push({ path, options, child });
      log.push('utilityProcess.fork');
      return child;
    },
  },
}));
vi.mock('electron/common', () => ({ shell: { openExternal: () => Promise.resolve() } }));

describe('the Electron entry point', () => {
  it('registers app:// before ready, serves the page from it, and scans in a utility process', async () => {
    vi.stubEnv('LLM_SIZER_CONFIG_DIR', mkdtempSync(join(tmpdir(), 'sizer-entry-')));
    await import('../../../../main/electron/index');
    expect(log.slice(0, 2)).toEqual(['enableSandbox', 'registerSchemesAsPrivileged app']);
    expect(log).not.toContain('protocol.handle app');
    ready();
    await vi.waitFor(() => expect(log).toContain('loadURL app://llm-sizer/index.html'));
    expect(log.indexOf('protocol.handle app')).toBeLessThan(log.indexOf('loadURL app://llm-sizer/index.html'));
    expect(log.filter((l) => l.startsWith('loadFile'))).toEqual([]);
    expect(log.filter((l) => l.startsWith('ipc ')).length).toBeGreaterThan(5);

    // The scan started at ready runs the bundled worker, in a utility process, without ELECTRON_RUN_AS_NODE.
    expect(forks).toHaveLength(1);
    expect(forks[0]?.path).toMatch(/scan-worker\.js$/);
    expect(JSON.stringify(forks[0]?.options)).not.toContain('RUN_AS_NODE');

    // The registered handler is the app:// one: it refuses to leave the renderer folder.
    const handler = handlers.get('app');
    expect((await handler?.(new Request('app://llm-sizer/%2e%2e/main/index.js')))?.status).toBe(404);
  });
});
