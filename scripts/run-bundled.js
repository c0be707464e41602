// Runs a TypeScript script the way the app's code runs for users: bundled (rolldown, as electron-vite and
// vite bundle the CLI and the renderer), then executed by plain Node. Used by `npm run bench:speed`, whose
// figures would otherwise measure jiti's per-import module wrappers rather than the estimator.
// Usage: node scripts/run-bundled.js scripts/bench-speed.ts [args...]
'use strict';
const { build } = require('rolldown');
const { spawnSync } = require('node:child_process');
const { basename, resolve } = require('node:path');

async function main() {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    console.error('usage: node scripts/run-bundled.js SCRIPT.ts [args...]');
    process.exit(2);
  }
  const file = resolve('out/scripts', basename(entry).replace(/\.ts$/, '.cjs'));
  await build({ input: resolve(entry), platform: 'node', logLevel: 'warn', output: { file, format: 'cjs' } });
  const run = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
