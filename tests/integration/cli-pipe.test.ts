import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

describe('the CLI with a reader that goes away (llm-sizer models --json | head -1)', () => {
  it('exits quietly with its own code instead of an EPIPE stack trace', async () => {
    // The real entry point (main/cli/bin.ts) as its own process, run from source by jiti.
    const child = spawn(process.execPath, [resolve(ROOT, 'node_modules/jiti/lib/jiti-cli.mjs'), resolve(ROOT, 'main/cli/bin.ts'), 'models', '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // 270 KB of JSON: more than a pipe holds. Read the first chunk, then close our end as `head -1` does.
    await new Promise<void>((done) => child.stdout.once('data', () => done()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(stderr).not.toMatch(/EPIPE|Error:/);
    expect(code).toBe(0);
  }, 30_000);
});

describe('llm-sizer estimate --batch - on a real standard input', () => {
  it('answers each JSON Lines record once, in order: a lone \\r is not a line break, a blank line is answered', async () => {
    const child = spawn(process.execPath, [resolve(ROOT, 'node_modules/jiti/lib/jiti-cli.mjs'), resolve(ROOT, 'main/cli/bin.ts'), 'estimate', '--batch', '-'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const ok = JSON.stringify({ hardware: { gpus: 'RTX 4090', ramGB: 64 }, model: 'llama-3.1-8b-instruct', quant: 'Q4_K_M', contextTokens: 8192 });
    child.stdin.end(`${ok.replace(',', ',\r')}\r\n\n${ok}\n`);
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    const answers = stdout.trim().split('\n').map((l) => (JSON.parse(l) as { ok: boolean }).ok);
    expect(answers).toEqual([true, false, true]);
    expect(code).toBe(3);
  }, 30_000);
});
