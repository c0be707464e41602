import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

export interface Served {
  readonly url: string;
  readonly port: number;
  readonly stop: () => Promise<void>;
}

/** Starts `node bin/llm-sizer.js serve ARGS` and waits for the URL it prints. */
export function serve(args: readonly string[], env: Record<string, string> = {}): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [resolve(ROOT, 'bin/llm-sizer.js'), 'serve', ...args], {
    cwd: ROOT,
    // Each server gets its own settings folder unless the test shares one on purpose.
    env: { ...process.env, LLM_SIZER_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'sizer-config-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveServed, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`llm-sizer serve printed no URL in 20 s.\nstdout: ${out}\nstderr: ${err}`));
    }, 20_000);
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=\S+)/.exec(out);
      if (m?.[1] && m[2]) {
        clearTimeout(timer);
        resolveServed({
          url: m[1],
          port: Number(m[2]),
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`llm-sizer serve exited with ${code}.\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}
