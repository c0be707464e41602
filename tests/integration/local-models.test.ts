import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import type { HardwareProfile } from '../../app/domain/hardware';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalModelScanner } from '../../main/services/local-models/local-models';
import { cli } from '../helpers/cli-io';
import { testService } from '../helpers/service';
import { tensorSpecBytes, tinyModel, writeGguf } from '../helpers/gguf-writer';
import type { GgufSpec } from '../helpers/gguf-writer';

const H200 = resolve(__dirname, '../fixtures/profiles/linux-nvidia-h200-vm.json');
let home = '';
let tinyPath = '';
let tinyTensorBytes = 0;
const savedHome = process.env['HOME'];

async function put(rel: string, spec: GgufSpec): Promise<string> {
  const p = join(home, rel);
  await mkdir(dirname(p), { recursive: true });
  await writeGguf(p, spec);
  return p;
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'sizer-home-'));
  const spec = tinyModel('llama', 'Q4_K_M');
  tinyTensorBytes = spec.tensors.reduce((a, t) => a + tensorSpecBytes(t), 0);
  tinyPath = await put('.lmstudio/models/someone/Tiny-GGUF/Tiny-Q4_K_M.gguf', spec);
  await put('.cache/huggingface/hub/models--x--MoE-GGUF/snapshots/abc/MoE-Q8_0.gguf', tinyModel('qwen3moe', 'Q8_0'));
  const broken = join(home, '.lmstudio/models/someone/Broken-GGUF/broken.gguf');
  await mkdir(dirname(broken), { recursive: true });
  await writeFile(broken, 'GGUF but not really');
  process.env['HOME'] = home;
});

afterAll(() => {
  process.env['HOME'] = savedHome;
});

describe('models on disk', () => {
  it('llm-sizer models --local finds the GGUF files in the app folders and reports the broken one', async () => {
    const r = await cli(['models', '--local', '--json']);
    expect(r.code, r.err).toBe(0);
    const scan = JSON.parse(r.out) as { models: { displayName: string; app: string; model: unknown; error: { message: string } | null }[] };
    expect(scan.models).toHaveLength(3);
    expect(scan.models.filter((m) => m.model !== null).map((m) => m.app).sort()).toEqual(['Hugging Face', 'LM Studio']);
    expect(scan.models.find((m) => m.error !== null)?.error?.message).toContain('broken.gguf');
  });

  it('estimate --gguf sizes a file from its own tensors, exact to the byte', async () => {
    const r = await cli(['estimate', '--gguf', tinyPath, '--hardware', H200, '--json']);
    expect(r.code, r.err).toBe(0);
    const e = JSON.parse(r.out) as { memory: { weightsBytes: number }; fit: string; quant: string };
    expect(e.memory.weightsBytes).toBe(tinyTensorBytes);
    expect(e.fit).toBe('full-gpu');
    expect(e.quant).toBe('Q4_K_M');
  });

  it('gives the same numbers through the service the UI uses', async () => {
    const api = testService(null, { reportsDir: home, localModels: new LocalModelScanner(() => [{ app: 'LM Studio', path: join(home, '.lmstudio/models') }]) });
    const one = await api.sizeGgufFile(tinyPath);
    expect(one.ok && one.value.model?.weights.totalBytes).toBe(tinyTensorBytes);
    const scan = await api.scanLocalModels();
    expect(scan.ok && scan.value.models.length).toBe(2);
    const progress = await api.getLocalScanProgress();
    expect(progress.ok && progress.value.running).toBe(false);
    const notGguf = await api.sizeGgufFile(join(home, 'nothing.txt'));
    expect(notGguf.ok).toBe(false);
  });

  it('gives one answer in the CLI and in the report', async () => {
    const cliRun = await cli(['estimate', '--gguf', tinyPath, '--hardware', H200, '--json']);
    const fromCli = JSON.parse(cliRun.out) as { memory: unknown; fit: string };
    const profile = JSON.parse(readFileSync(H200, 'utf8')) as HardwareProfile;
    const api = testService(profile, { hardwareFile: H200, reportsDir: home });
    await api.sizeGgufFile(tinyPath);
    const saved = await api.saveReport({ format: 'json', contextTokens: 8192 });
    expect(saved.ok).toBe(true);
    if (!saved.ok || saved.value.path === null) return;
    const report = JSON.parse(readFileSync(saved.value.path, 'utf8')) as { localModels: { path: string; estimate: { memory: unknown; fit: string } }[] };
    // the report shortens the home folder to ~ (private unless --include-private)
    const line = report.localModels.find((l) => l.path === `~${tinyPath.slice(home.length)}`);
    expect(line?.estimate.memory).toEqual(fromCli.memory);
    expect(line?.estimate.fit).toBe(fromCli.fit);
  });

  it('a missing or corrupt file is a clear error', async () => {
    const missing = await cli(['estimate', '--gguf', join(home, 'nope.gguf'), '--hardware', H200]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.gguf');
    const corrupt = await cli(['estimate', '--gguf', join(home, '.lmstudio/models/someone/Broken-GGUF/broken.gguf'), '--hardware', H200]);
    expect(corrupt.code).toBe(1);
  });
});
