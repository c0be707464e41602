#!/usr/bin/env node
'use strict';
// `npm start`: build the app, then open the Electron window. Where the Electron binary is missing
// (an install with ELECTRON_SKIP_BINARY_DOWNLOAD, or a failed download), say so and point at
// `npm run serve`, which runs the same UI in a browser.
const { spawnSync, spawn } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');

function electronBinary() {
  try {
    // The electron package exports the path of its binary; it throws when the binary was never downloaded.
    const binary = require('electron');
    return typeof binary === 'string' && require('node:fs').existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  process.stderr.write(
    [
      'LLM Sizer: the Electron binary is not installed, so the desktop window cannot open here.',
      '  - To install it: delete node_modules/electron and run "npm install" again (with network access to GitHub releases).',
      '  - To use the app without Electron: run "npm run serve" and open the URL it prints in your browser.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const build = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(binary, [root], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
