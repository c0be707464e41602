'use strict';
// electron-builder's afterPack hook (electron-builder.yml): flips Electron's fuses in the packaged
// executable with @electron/fuses, after the app is copied in and before it is signed. Why each fuse is
// set as it is: docs/decisions/0005-electron-fuses.md.
const path = require('node:path');

/**
 * The fuse settings, by @electron/fuses' option names (mapped to the wire's indexes in fuseConfig()).
 * WasmTrapHandlers is left as Electron ships it.
 */
const FUSES = Object.freeze({
  // The scan runs in a utility process (main/electron/scan-process.ts), so nothing needs ELECTRON_RUN_AS_NODE.
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  // electron-builder writes the ASAR's hash into Info.plist (macOS) and the .exe's resources (Windows).
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The page is served from app://, not file://.
  GrantFileProtocolExtraPrivileges: false,
});

/** The packaged Electron executable, named as electron-builder names it (its own addElectronFuses does the same). */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const ext = { darwin: '.app', mas: '.app', win32: '.exe', linux: '' }[electronPlatformName];
  if (ext === undefined) throw new Error(`after-pack: unknown platform ${electronPlatformName}`);
  const name = electronPlatformName === 'linux' ? packager.executableName : packager.appInfo.productFilename;
  return path.join(appOutDir, `${name}${ext}`);
}

/** The @electron/fuses config for a packaged app (macOS builds on a Mac also re-sign ad hoc, as flipping breaks the signature). */
function fuseConfig(fuses, electronPlatformName, hostPlatform = process.platform) {
  const config = { version: fuses.FuseVersion.V1, resetAdHocDarwinSignature: electronPlatformName === 'darwin' && hostPlatform === 'darwin' };
  for (const [name, on] of Object.entries(FUSES)) config[fuses.FuseV1Options[name]] = on;
  return config;
}

async function afterPack(context) {
  const fuses = await import('@electron/fuses'); // ESM only
  await fuses.flipFuses(electronBinaryPath(context), fuseConfig(fuses, context.electronPlatformName));
}

module.exports = { FUSES, afterPack, electronBinaryPath, fuseConfig };
