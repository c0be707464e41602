import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');

describe('npm start without the Electron binary', () => {
  it('prints a clear message naming npm run serve, not a stack trace', () => {
    const r = spawnSync(process.execPath, [resolve(ROOT, 'scripts/start.js')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' } });
    // On a machine with the binary the window would open instead; here (and in CI) it is never downloaded.
    if (r.status === 0) return;
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('npm run serve');
    expect(r.stderr).not.toMatch(/at .*\(.*:\d+:\d+\)/);
  });
});

describe('electron-builder configuration', () => {
  it('is valid for app-builder-lib, with installers for Linux, Windows and macOS', async () => {
    const { getConfig, validateConfiguration } = await import('app-builder-lib/out/util/config/config');
    const { DebugLogger } = await import('builder-util');
    const config = await getConfig(ROOT, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.appId).toBe('dev.llmsizer.app');
    expect(config.asar).toBe(true);
    expect(JSON.stringify(config.files)).toContain('out/**');
    expect(JSON.stringify(config.files)).toContain('package.json');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.afterPack).toBe('./scripts/after-pack.js');
    expect(config.asarUnpack).toContain('**/node_modules/@node-llama-cpp/*/bins/**');
  });

  it('rejects a broken configuration', async () => {
    const { validateConfiguration } = await import('app-builder-lib/out/util/config/config');
    const { DebugLogger } = await import('builder-util');
    const broken = JSON.parse('{"asar": "yes please", "nonsenseKey": 1}') as Parameters<typeof validateConfiguration>[0];
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/configuration/i);
  });
});

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const LLAMA_PACKAGES = ['linux-x64', 'linux-x64-cuda', 'linux-x64-cuda-ext', 'linux-arm64', 'win-x64', 'mac-arm64-metal'];

/**
 * A stand-in of this project (our electron-builder.yml and afterPack hook, a tiny out/, node-llama-cpp
 * and its platform packages with stand-in binaries) and a stand-in Electron folder whose executable
 * carries Electron 40's fuse wire.
 */
function standIn(): { project: string; electronDist: string; output: string } {
  const base = mkdtempSync(join(tmpdir(), 'sizer-pack-'));
  const project = join(base, 'project');
  const write = (path: string, text: string | Buffer): void => {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  };
  write('electron-builder.yml', readFileSync(resolve(ROOT, 'electron-builder.yml')));
  write('scripts/after-pack.js', readFileSync(resolve(ROOT, 'scripts/after-pack.js')));
  mkdirSync(join(project, 'node_modules', '@electron'), { recursive: true });
  symlinkSync(resolve(ROOT, 'node_modules/@electron/fuses'), join(project, 'node_modules/@electron/fuses'), 'dir');
  for (const file of ['out/main/index.js', 'out/main/scan-worker.js', 'out/main/cli.js', 'out/preload/index.js', 'out/renderer/index.html', 'out/main/index.js.map', 'bin/llm-sizer.js']) write(file, '// stand-in');
  const llama = Object.fromEntries(LLAMA_PACKAGES.map((p) => [`@node-llama-cpp/${p}`, '3.21.1']));
  write('package.json', JSON.stringify({ name: 'llm-sizer', version: '0.1.0', description: 'stand-in', author: 'LLM Sizer contributors', license: 'MIT', main: 'out/main/index.js', optionalDependencies: { 'node-llama-cpp': '3.21.1' }, devDependencies: { electron: '40.9.3' } }));
  write('node_modules/node-llama-cpp/package.json', JSON.stringify({ name: 'node-llama-cpp', version: '3.21.1', main: 'dist/index.js', optionalDependencies: llama }));
  write('node_modules/node-llama-cpp/dist/index.js', '// stand-in');
  for (const p of LLAMA_PACKAGES) {
    write(`node_modules/@node-llama-cpp/${p}/package.json`, JSON.stringify({ name: `@node-llama-cpp/${p}`, version: '3.21.1', main: 'dist/index.js' }));
    write(`node_modules/@node-llama-cpp/${p}/dist/index.js`, '// stand-in');
    // The -cuda-ext packages hold only shared libraries (the CUDA runtime), no .node addon.
    if (p.endsWith('-ext')) write(`node_modules/@node-llama-cpp/${p}/bins/${p}/libcublas.so.12`, 'ELF');
    else {
      write(`node_modules/@node-llama-cpp/${p}/bins/${p}/llama-addon.node`, 'ELF');
      write(`node_modules/@node-llama-cpp/${p}/bins/${p}/libllama.so`, 'ELF');
    }
  }
  const electronDist = join(base, 'electron');
  mkdirSync(electronDist);
  const junk = Buffer.alloc(1024, 0x90);
  writeFileSync(join(electronDist, 'electron'), Buffer.concat([junk, Buffer.from(SENTINEL), Buffer.from([1, 9]), Buffer.from('101100011'), junk]), { mode: 0o755 });
  writeFileSync(join(electronDist, 'LICENSE'), 'stand-in');
  return { project, electronDist, output: join(base, 'dist') };
}

describe('packaging (Linux, unpacked, against a stand-in Electron)', () => {
  it('packs the app into the ASAR, ships only this platform\'s node-llama-cpp binaries, unpacked, and flips the fuses', async () => {
    const { project, electronDist, output } = standIn();
    // The CLI, run in the project as `npm run dist` would be (electron-builder resolves ./ hooks from the working directory).
    const cli = resolve(ROOT, 'node_modules/electron-builder/cli.js');
    const args = ['--linux', 'dir', '--x64', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`, '-c.npmRebuild=false'];
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const resources = join(output, 'linux-unpacked', 'resources');
    const asarFile = join(resources, 'app.asar');
    const { listPackage, statFile } = await import('@electron/asar');
    const entries = listPackage(asarFile, { isPack: false }).map((e) => e.split(sep).join('/'));
    for (const file of ['/out/main/index.js', '/out/main/scan-worker.js', '/out/preload/index.js', '/out/renderer/index.html', '/package.json']) expect(entries).toContain(file);
    expect(entries.filter((e) => e.endsWith('.map'))).toEqual([]);
    expect(entries.filter((e) => e.includes('electron-builder.yml') || e.includes('after-pack'))).toEqual([]);
    const shipped = [...new Set(entries.map((e) => /^\/node_modules\/@node-llama-cpp\/([^/]+)/.exec(e)?.[1]).filter(Boolean))].sort();
    expect(shipped).toEqual(['linux-x64', 'linux-x64-cuda', 'linux-x64-cuda-ext']);
    for (const bin of ['linux-x64/bins/linux-x64/llama-addon.node', 'linux-x64/bins/linux-x64/libllama.so', 'linux-x64-cuda-ext/bins/linux-x64-cuda-ext/libcublas.so.12']) {
      const inside = `node_modules/@node-llama-cpp/${bin}`;
      expect(statFile(asarFile, inside), inside).toMatchObject({ unpacked: true });
      expect(existsSync(join(resources, 'app.asar.unpacked', inside)), inside).toBe(true);
    }
    const executable = readFileSync(join(output, 'linux-unpacked', 'llm-sizer'));
    const at = executable.indexOf(SENTINEL) + SENTINEL.length + 2;
    expect(executable.subarray(at, at + 9).toString('latin1')).toBe('010011001');
  }, 180_000);
});
