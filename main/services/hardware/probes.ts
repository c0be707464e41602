import { execFile } from 'node:child_process';
import si from 'systeminformation';
import { NVIDIA_SMI_FIELDS } from './nvidia-smi';
import type { SiSnapshot } from './raw-scan';
import { withTimeLimit } from './time-limit';

export interface ProbeLimits {
  readonly graphicsMs: number;
  readonly otherMs: number;
  readonly nvidiaSmiMs: number;
}

export const DEFAULT_LIMITS: ProbeLimits = { graphicsMs: 6000, otherMs: 3000, nvidiaSmiMs: 4000 };

/** Runs a command asynchronously with a time limit; resolves null when the program is not installed. */
export function runCommand(file: string, args: readonly string[], timeoutMs: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: timeoutMs, windowsHide: true, maxBuffer: 4 * 1024 * 1024 }, (error, stdout) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') resolve(null);
        else if (error.killed) reject(new Error(`${file} timed out after ${timeoutMs} ms`));
        else reject(new Error(`${file} exited with an error: ${error.message.split('\n')[0] ?? ''}`));
        return;
      }
      resolve(stdout);
    });
  });
}

export interface SiResult {
  readonly snapshot: SiSnapshot;
  readonly warnings: string[];
}

/** Calls systeminformation's functions in parallel, each under its own time limit. */
export async function collectSystemInformation(limits: ProbeLimits = DEFAULT_LIMITS): Promise<SiResult> {
  const warnings: string[] = [];
  const [graphics, mem, memLayout, cpu, cpuFlags, osInfo, system] = await Promise.all([
    withTimeLimit(si.graphics(), limits.graphicsMs, 'GPU inventory (systeminformation graphics)'),
    withTimeLimit(si.mem(), limits.otherMs, 'memory (systeminformation mem)'),
    withTimeLimit(si.memLayout(), limits.otherMs, 'memory layout (systeminformation memLayout)'),
    withTimeLimit(si.cpu(), limits.otherMs, 'CPU (systeminformation cpu)'),
    withTimeLimit(si.cpuFlags(), limits.otherMs, 'CPU flags (systeminformation cpuFlags)'),
    withTimeLimit(si.osInfo(), limits.otherMs, 'OS (systeminformation osInfo)'),
    withTimeLimit(si.system(), limits.otherMs, 'system (systeminformation system)'),
  ]);
  const pick = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T | undefined => {
    if (r.ok) return r.value;
    warnings.push(r.message);
    return undefined;
  };
  const snapshot: SiSnapshot = JSON.parse(
    JSON.stringify({
      graphics: pick(graphics),
      mem: pick(mem),
      memLayout: pick(memLayout),
      cpu: pick(cpu),
      cpuFlags: pick(cpuFlags),
      osInfo: pick(osInfo),
      system: pick(system),
    }),
  ) as SiSnapshot;
  return { snapshot, warnings };
}

export interface NvidiaSmiResult {
  readonly output: { readonly fields: readonly string[]; readonly csv: string } | null;
  readonly warning: string | null;
}

/** Queries nvidia-smi directly: total, reserved, used and free memory, compute capability, driver. */
export async function probeNvidiaSmi(timeoutMs: number, command = 'nvidia-smi'): Promise<NvidiaSmiResult> {
  const args = [`--query-gpu=${NVIDIA_SMI_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];
  const r = await withTimeLimit(runCommand(command, args, timeoutMs), timeoutMs + 500, 'nvidia-smi');
  if (!r.ok) return { output: null, warning: r.message };
  if (r.value === null) return { output: null, warning: null };
  return { output: { fields: NVIDIA_SMI_FIELDS, csv: r.value }, warning: null };
}
