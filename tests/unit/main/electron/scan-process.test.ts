import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import type { ForkOptions } from 'electron/main';
import { describe, expect, it } from 'vitest';
import type { HardwareProfile } from '../../../../app/domain/hardware';
import { runScanWorker, scanInUtilityProcess } from '../../../../main/electron/scan-process';
import type { ScanMessage } from '../../../../main/electron/scan-process';
import { loadProfileFile } from '../../../../main/services/profile-file';

class FakeUtilityProcess extends EventEmitter {
  killed = 0;
  kill(): boolean {
    this.killed += 1;
    return true;
  }
}

function fakeFork() {
  const child = new FakeUtilityProcess();
  const calls: { path: string; args: string[]; options: ForkOptions }[] = [];
  const fork = (path: string, args: string[], options: ForkOptions) => (calls.push({ path, args, options }), child);
  return { child, calls, fork };
}

async function fixtureProfile(): Promise<HardwareProfile> {
  const r = await loadProfileFile(resolve(__dirname, '../../../fixtures/profiles/linux-vm-no-gpu.json'));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('the scan in a utility process', () => {
  it('forks the worker (no ELECTRON_RUN_AS_NODE), returns its validated profile and ends it', async () => {
    const { child, calls, fork } = fakeFork();
    const profile = await fixtureProfile();
    const pending = scanInUtilityProcess(fork, '/app/out/main/scan-worker.js', 20_000);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.path).toBe('/app/out/main/scan-worker.js');
    expect(JSON.stringify(calls[0]?.options)).not.toContain('RUN_AS_NODE');
    child.emit('message', { ok: true, json: JSON.stringify(profile) });
    expect(await pending).toEqual({ ok: true, value: profile });
    expect(child.killed).toBe(1);
  });

  it('reports a failed scan, a malformed answer, an early exit and a failed start as SCAN_FAILED', async () => {
    const failed = fakeFork();
    const p1 = scanInUtilityProcess(failed.fork, 'w.js', 20_000);
    failed.child.emit('message', { ok: false, message: 'nvidia-smi hung' });
    expect(await p1).toMatchObject({ ok: false, error: { code: 'SCAN_FAILED', message: expect.stringContaining('nvidia-smi hung') } });

    const junk = fakeFork();
    const p2 = scanInUtilityProcess(junk.fork, 'w.js', 20_000);
    junk.child.emit('message', { ok: true, json: '{"not": "a profile"}' });
    expect(await p2).toMatchObject({ ok: false });
    const p3 = scanInUtilityProcess(junk.fork, 'w.js', 20_000);
    junk.child.emit('message', 'hello');
    expect(await p3).toMatchObject({ ok: false, error: { code: 'SCAN_FAILED' } });

    const crashed = fakeFork();
    const p4 = scanInUtilityProcess(crashed.fork, 'w.js', 20_000);
    crashed.child.emit('exit', 9);
    expect(await p4).toMatchObject({ ok: false, error: { code: 'SCAN_FAILED', message: expect.stringContaining('exit code 9') } });

    const p5 = scanInUtilityProcess(() => {
      throw new Error('no such file');
    }, 'w.js', 20_000);
    expect(await p5).toMatchObject({ ok: false, error: { code: 'SCAN_FAILED', message: expect.stringContaining('no such file') } });
  });

  it('kills a scan that does not answer in time', async () => {
    const { child, fork } = fakeFork();
    const r = await scanInUtilityProcess(fork, 'w.js', 10);
    expect(r).toMatchObject({ ok: false, error: { code: 'SCAN_FAILED', message: expect.stringContaining('longer than') } });
    expect(child.killed).toBe(1);
  });

  it('has the worker post the profile as JSON, or the error', async () => {
    const profile = await fixtureProfile();
    const posted: ScanMessage[] = [];
    await runScanWorker((m) => posted.push(m), () => Promise.resolve(profile));
    await runScanWorker((m) => posted.push(m), () => Promise.reject(new Error('si crashed')));
    expect(posted).toEqual([{ ok: true, json: JSON.stringify(profile) }, { ok: false, message: 'si crashed' }]);
  });
});
