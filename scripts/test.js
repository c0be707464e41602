#!/usr/bin/env node
'use strict';
// `npm test`: typecheck, lint, Electronegativity (static review of the Electron code, offline), unit +
// integration tests (vitest), build, end-to-end tests (Playwright in Debian's Chromium). Prints one plain
// line "N passed, N failed" summing every runner (each of typecheck, lint, electronegativity and build
// counts as one check), and exits non-zero on any failure.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

let passed = 0;
let failed = 0;

function run(label, command, args, env = {}) {
  process.stdout.write(`\n== ${label}\n`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(label, command, args) {
  if (run(label, command, args)) passed += 1;
  else {
    failed += 1;
    process.stdout.write(`FAILED: ${label}\n`);
  }
}

function countReport(file, label, ok) {
  try {
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    return report;
  } catch {
    failed += 1;
    process.stdout.write(`FAILED: ${label} wrote no report${ok ? '' : ' (the runner crashed)'}\n`);
    return null;
  }
}

check('typecheck', bin('tsc'), ['-p', 'tsconfig.app.json']);
check('typecheck node', bin('tsc'), ['-p', 'tsconfig.node.json']);
check('typecheck web', bin('tsc'), ['-p', 'tsconfig.web.json']);
check('typecheck tests', bin('tsc'), ['-p', 'tsconfig.tests.json']);
check('lint', bin('eslint'), ['.']);
check('electronegativity (no unexplained HIGH or MEDIUM finding)', process.execPath, [path.join(__dirname, 'electronegativity.js')]);

const vitestFile = path.join(results, 'vitest.json');
fs.rmSync(vitestFile, { force: true });
const vitestOk = run('unit and integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestFile}`]);
const vitest = countReport(vitestFile, 'vitest', vitestOk);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + (vitest.numTotalTests === 0 ? 1 : 0);
  if (!vitestOk && vitest.numFailedTests === 0) failed += 1; // a suite that failed to load
}

// The tests that time real llama.cpp, alone and one file at a time (vitest.config.mts: VITEST_MEASURE).
const measureFile = path.join(results, 'vitest-measure.json');
fs.rmSync(measureFile, { force: true });
const measureOk = run(
  'measurement tests with real llama.cpp (vitest, alone)',
  bin('vitest'),
  ['run', '--no-file-parallelism', '--reporter=default', '--reporter=json', `--outputFile.json=${measureFile}`],
  { VITEST_MEASURE: '1' },
);
const measured = countReport(measureFile, 'vitest (measurement tests)', measureOk);
if (measured) {
  passed += measured.numPassedTests;
  failed += measured.numFailedTests + (measured.numTotalTests === 0 ? 1 : 0);
  if (!measureOk && measured.numFailedTests === 0) failed += 1;
}

const built = run('build', bin('electron-vite'), ['build']);
if (built) passed += 1;
else failed += 1;

if (built) {
  const e2eFile = path.join(results, 'e2e.json');
  fs.rmSync(e2eFile, { force: true });
  const e2eOk = run('end-to-end tests (Playwright, Chromium)', bin('playwright'), ['test']);
  const e2e = countReport(e2eFile, 'playwright', e2eOk);
  if (e2e) {
    const s = e2e.stats ?? {};
    passed += (s.expected ?? 0) + (s.flaky ?? 0);
    failed += (s.unexpected ?? 0) + ((s.expected ?? 0) + (s.unexpected ?? 0) === 0 ? 1 : 0);
    if (!e2eOk && (s.unexpected ?? 0) === 0) failed += 1;
  }
}

process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
