#!/usr/bin/env node
'use strict';
// Electronegativity (Doyensec's static review of Electron apps) over main/ and renderer/, offline. Fails
// on any HIGH or MEDIUM finding that docs/decisions/0006-electronegativity.md does not explain in its
// table (check id, file, how many), and on any file it could not parse (an unparsed file is unreviewed).
// `npm test` runs it as one check; alone: node scripts/electronegativity.js
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const DECISION = path.join(root, 'docs', 'decisions', '0006-electronegativity.md');
const INPUTS = ['main', 'renderer'];
// Needs the network (the list of Electron releases on GitHub); the pinned version is kept current by hand.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/**
 * Electronegativity fetches translations and Electron's release list with `got`. Offline that costs a
 * timeout per run and prints noise; this stub fails each request at once, so no request is ever made.
 */
function stubNetwork() {
  const dir = path.dirname(require.resolve('@doyensec/electronegativity'));
  const gotPath = require.resolve('got', { paths: [dir] });
  const offline = () => Promise.reject(new Error('offline: electronegativity runs without the network here'));
  const got = Object.assign(offline, { head: offline, get: offline, default: offline });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: got };
}

/** The explained findings: rows `| CHECK_ID | path | count | why |` of the decision's table. */
function explainedFindings(text) {
  const rows = new Map();
  for (const line of text.split('\n')) {
    const m = /^\|\s*`?([A-Z0-9_]+)`?\s*\|\s*`?([^|`]+?)`?\s*\|\s*(\d+)\s*\|/.exec(line);
    if (m) rows.set(`${m[1]} ${m[2]}`, Number(m[3]));
  }
  return rows;
}

/** Findings of HIGH or MEDIUM severity beyond what the table explains, as lines to print. */
function unexplained(findings, explained) {
  const counts = new Map();
  for (const f of findings) counts.set(`${f.id} ${f.file}`, (counts.get(`${f.id} ${f.file}`) ?? 0) + 1);
  const out = [];
  for (const [key, n] of counts) {
    const allowed = explained.get(key) ?? 0;
    if (n > allowed) out.push(`${key}: ${n} finding(s), ${allowed} explained in docs/decisions/0006-electronegativity.md`);
  }
  return out;
}

/** One scan over a copy of main/ and renderer/, so the global checks see the window's code and its page together. */
async function scan(from = root, inputs = INPUTS) {
  stubNetwork();
  const run = require('@doyensec/electronegativity');
  const { severity } = require(path.join(path.dirname(require.resolve('@doyensec/electronegativity')), 'finder'));
  const electron = require(path.join(root, 'package.json')).devDependencies.electron;
  const input = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'sizer-electronegativity-'));
  const log = console.log;
  try {
    for (const dir of inputs) fs.cpSync(path.join(from, dir), path.join(input, dir), { recursive: true });
    console.log = () => {}; // its "could not retrieve translations" (we keep it offline on purpose)
    const r = await run({ input, electronVersionOverride: electron, excludeFromScan: EXCLUDED_CHECKS, parserPlugins: [], isRelative: false });
    console.log = log;
    const rel = (file) => path.relative(input, file).split(path.sep).join('/');
    const errors = r.errors.filter((e) => !e.tolerable).map((e) => `${rel(e.file)}: ${e.message}`);
    const findings = r.issues
      .filter((i) => i.severity.value >= severity.MEDIUM.value)
      .map((i) => ({ id: i.id, file: rel(i.file), line: i.location.line, severity: i.severity.name, confidence: i.confidence.name }));
    return { findings, errors };
  } finally {
    console.log = log;
    fs.rmSync(input, { recursive: true, force: true });
  }
}

async function main() {
  const started = Date.now();
  const { findings, errors } = await scan();
  const problems = [...errors.map((e) => `could not parse ${e}`), ...unexplained(findings, explainedFindings(fs.readFileSync(DECISION, 'utf8')))];
  for (const f of findings) process.stdout.write(`${f.severity} ${f.confidence} ${f.id} ${f.file}:${f.line}\n`);
  process.stdout.write(`electronegativity: ${findings.length} HIGH/MEDIUM finding(s) in ${INPUTS.join(', ')} (${Date.now() - started} ms)\n`);
  for (const p of problems) process.stdout.write(`FAILED: ${p}\n`);
  process.exit(problems.length > 0 ? 1 : 0);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`electronegativity: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(2);
  });
}

module.exports = { explainedFindings, unexplained, scan };
