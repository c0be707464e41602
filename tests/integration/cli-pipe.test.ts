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
