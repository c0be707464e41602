import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { executableName: string; appInfo: { productFilename: string } };
}
const hook = createRequire(import.meta.url)(resolve(__dirname, '../../../scripts/after-pack.js')) as {
  afterPack(context: PackContext): Promise<void>;
  electronBinaryPath(context: PackContext): string;
};

// The fuse wire as @electron/fuses reads it: the sentinel, a version byte (1), a length byte, then one
// byte per fuse ('0' off, '1' on). Electron's defaults: RunAsNode, NODE_OPTIONS, --inspect,
// file:// privileges and Wasm trap handlers on; cookie encryption, ASAR integrity, ASAR only, V8 snapshot off.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ELECTRON_DEFAULTS = '101100011';

/** A stand-in Electron executable: junk, the fuse wire, junk. */
function standInBinary(path: string): void {
  const junk = Buffer.alloc(4096, 0x90);
  writeFileSync(path, Buffer.concat([junk, Buffer.from(SENTINEL), Buffer.from([1, ELECTRON_DEFAULTS.length]), Buffer.from(ELECTRON_DEFAULTS), junk]));
}

function wireOf(path: string): string {
  const bytes = readFileSync(path);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length + 2;
  return bytes.subarray(at, at + ELECTRON_DEFAULTS.length).toString('latin1');
}

function context(electronPlatformName: string): PackContext {
  const appOutDir = mkdtempSync(join(tmpdir(), `sizer-afterpack-${electronPlatformName}-`));
  return { appOutDir, electronPlatformName, packager: { executableName: 'llm-sizer', appInfo: { productFilename: 'LLM Sizer' } } };
}

describe('the afterPack hook', () => {
  it('is the hook electron-builder.yml names', async () => {
    const { getConfig } = await import('app-builder-lib/out/util/config/config');
    const config = await getConfig(resolve(__dirname, '../../..'), null, null);
    expect(config.afterPack).toBe('./scripts/after-pack.js');
  });

  it('finds the executable as electron-builder names it on each platform', () => {
    expect(hook.electronBinaryPath({ ...context('linux'), appOutDir: '/o' })).toBe('/o/llm-sizer');
    expect(hook.electronBinaryPath({ ...context('win32'), appOutDir: '/o' })).toBe('/o/LLM Sizer.exe');
    expect(hook.electronBinaryPath({ ...context('darwin'), appOutDir: '/o' })).toBe('/o/LLM Sizer.app');
    expect(() => hook.electronBinaryPath({ ...context('beos'), appOutDir: '/o' })).toThrow(/unknown platform/);
  });

  it.each([
    ['linux', 'llm-sizer'],
    ['win32', 'LLM Sizer.exe'],
    ['darwin', 'LLM Sizer.app/Contents/Frameworks/Electron Framework.framework/Electron Framework'],
  ])('flips the fuses in a stand-in %s Electron', async (platform, binary) => {
    const ctx = context(platform);
    const file = join(ctx.appOutDir, binary);
    mkdirSync(resolve(file, '..'), { recursive: true });
    standInBinary(file);
    await hook.afterPack(ctx);
    // RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, ASAR integrity on, ASAR only on,
    // V8 snapshot off, file:// privileges off, Wasm trap handlers untouched.
    expect(wireOf(file)).toBe('010011001');
    const wire = await getCurrentFuseWire(platform === 'darwin' ? join(ctx.appOutDir, 'LLM Sizer.app') : file);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
  });

  it('fails the build when the executable has no fuse wire', async () => {
    const ctx = context('linux');
    writeFileSync(join(ctx.appOutDir, 'llm-sizer'), 'not electron');
    await expect(hook.afterPack(ctx)).rejects.toThrow(/sentinel/);
  });
});
