// npm run bench:ui: the UI's own speed, in Chromium against `llm-sizer serve` with the recorded H200 profile.
//   - table: from navigation start to the first model row, after a warm reload (median of 7; budget 700 ms)
//   - slider: from one context step to the next painted frame, with a model's details (its charts) open
//     (median and worst over 10 steps; budget 100 ms)
//   - bundle: the renderer's JavaScript, gzipped (budget 400 KB)
// Needs a build (the npm script runs electron-vite build first) and Chromium at /usr/bin/chromium or CHROMIUM_PATH.
// Exits 1 when a figure is over its budget.
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cpus, loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { ROOT, serve } from '../tests/e2e/serve';

const BUDGET = { tableMs: 700, sliderMs: 100, bundleKB: 400 } as const;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

function bundleKB(): number {
  const dir = resolve(ROOT, 'out/renderer/assets');
  const bytes = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + gzipSync(readFileSync(resolve(dir, f))).length, 0);
  return bytes / 1024;
}

/**
 * In the page: moves the context slider one step and resolves with [the next frame after the slider and its
 * label changed, the next frame after the table finished its (deferred) render for the new context], in ms.
 */
function stepScript(step: number): string {
  return `new Promise((done) => {
    const input = document.querySelector('input[type="range"]');
    const shown = document.querySelector('[data-testid="context-value"]');
    const table = document.querySelector('[data-testid="model-table"]');
    const before = shown.textContent;
    const t0 = performance.now();
    let repaint = null;
    let finished = false;
    const frameAfter = (then) => requestAnimationFrame(() => setTimeout(() => then(performance.now() - t0), 0));
    const check = () => {
      if (repaint === null && shown.textContent !== before) {
        repaint = -1;
        frameAfter((ms) => { repaint = ms; check(); });
      }
      if (!finished && repaint > 0 && table.dataset.context !== undefined && table.getAttribute('aria-busy') === 'false' && shown.textContent !== before) {
        finished = true;
        obs.disconnect();
        frameAfter((ms) => done([repaint, ms]));
      }
    };
    const obs = new MutationObserver(check);
    obs.observe(document.body, { childList: true, characterData: true, subtree: true, attributes: true });
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, String(Number(input.value) + (${step})));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  })`;
}

async function main(): Promise<void> {
  const served = await serve(['--hardware', resolve(ROOT, 'tests/fixtures/profiles/linux-nvidia-h200-vm.json')]);
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    // bypassCSP: the in-page probes below are strings (waitForFunction evaluates them), which the app's CSP refuses.
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, bypassCSP: true });
    // Records when the first model row enters the page, measured from navigation start (performance.now()).
    // (In-page code is given as strings: this file is type-checked for Node, without the DOM's types.)
    await page.addInitScript({
      content: `new MutationObserver((_, obs) => {
        if (document.querySelector('[data-testid="model-row"]')) { window.tableAt = performance.now(); obs.disconnect(); }
      }).observe(document, { childList: true, subtree: true });`,
    });
    await page.goto(served.url);
    await page.getByTestId('model-row').first().waitFor();
    const table: number[] = [];
    for (let i = 0; i < 7; i++) {
      await page.reload();
      await page.waitForFunction('window.tableAt !== undefined');
      table.push(Number(await page.evaluate('window.tableAt')));
    }
    await page.getByTestId('model-row').first().getByRole('button').first().click();
    await page.getByTestId('speed-chart').waitFor();
    const slider: number[] = [];
    const settled: number[] = [];
    // From 8K up to 256K (5 steps) and back down: every step of the slider, both ways.
    for (let i = 0; i < 10; i++) {
      const up = i < 5;
      const [repaintMs, tableMs] = (await page.evaluate(stepScript(up ? 1 : -1))) as [number, number];
      slider.push(repaintMs);
      settled.push(tableMs);
    }
    const kb = bundleKB();
    const figures = {
      tableMs: Math.round(median(table)),
      sliderMedianMs: Math.round(median(slider)),
      sliderWorstMs: Math.round(Math.max(...slider)),
      tableAfterStepMedianMs: Math.round(median(settled)),
      bundleKB: Math.round(kb),
    };
    console.log(`load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
    console.log(`table filled after a warm reload: median ${figures.tableMs} ms (${table.map(Math.round).join(', ')}) — budget ${BUDGET.tableMs} ms`);
    console.log(`slider step to repaint, details open: median ${figures.sliderMedianMs} ms, worst ${figures.sliderWorstMs} ms — budget ${BUDGET.sliderMs} ms`);
    console.log(`table and charts updated after a step (deferred render): median ${figures.tableAfterStepMedianMs} ms, worst ${Math.round(Math.max(...settled))} ms`);
    console.log(`renderer JavaScript gzipped: ${figures.bundleKB} KB — budget ${BUDGET.bundleKB} KB`);
    const over = figures.tableMs > BUDGET.tableMs || figures.sliderMedianMs > BUDGET.sliderMs || figures.bundleKB > BUDGET.bundleKB;
    if (over) {
      console.log('Over budget.');
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await served.stop();
  }
}

void main();
