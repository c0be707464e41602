import { z } from 'zod';
import { architectureSchema } from '../catalog/model-schema';
import { modelFromHfConfig } from '../catalog/hf-config';
import { inlineModelSpec } from '../catalog/inline-model';
import { profileFromSpec } from '../catalog/what-if';
import type { GpuIndex } from '../catalog/gpu-match';
import { BACKENDS, RUNTIMES } from '../domain/estimate';
import type { Estimate, EstimateOptions } from '../domain/estimate';
import type { HardwareProfile } from '../domain/hardware';
import type { ModelSpec } from '../domain/model';
import { DEFAULT_OPTIONS, estimate } from '../estimator/estimate';
import { KV_CACHE_TYPES } from '../estimator/kv-cache';
import { findQuant } from '../estimator/quant-types';
import { err, ok } from './result';
import type { ErrorCode, Result } from './result';
import { hardwareProfileSchema } from './schemas';

const GIB = 1024 ** 3;

const hardwareSpecSchema = z
  .object({
    gpus: z.union([z.string(), z.array(z.string())]).optional(),
    ramGB: z.number().finite().positive().optional(),
    ramBytes: z.number().finite().positive().optional(),
    vramGB: z.number().finite().positive().optional(),
    ramBandwidthGBps: z.number().finite().positive().optional(),
    cpuCores: z.number().int().positive().optional(),
    cpuClockGHz: z.number().finite().min(0.1).max(10).optional(),
  })
  .strict();

const inlineModelSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  parameters: z.object({ total: z.number().int().positive(), active: z.number().int().positive() }).optional(),
  nativeContextTokens: z.number().int().positive().optional(),
  architecture: architectureSchema,
});

/** A Hugging Face config.json, read by app/catalog/hf-config.ts. */
const hfConfigModelSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  hfConfig: z.record(z.string(), z.unknown()),
});

/** One line of `llm-sizer estimate --batch`: see docs/cli.md for the JSON Schema. */
export const estimateRequestSchema = z
  .object({
    hardware: z.union([hardwareProfileSchema, hardwareSpecSchema]),
    model: z.union([z.string().min(1), inlineModelSchema, hfConfigModelSchema]),
    quant: z.string().min(1),
    contextTokens: z.number().int().positive(),
    kvCacheType: z.enum(KV_CACHE_TYPES).optional(),
    flashAttention: z.boolean().optional(),
    promptTokens: z.number().int().nonnegative().optional(),
    depthTokens: z.number().int().nonnegative().optional(),
    ubatchTokens: z.number().int().positive().optional(),
    runtime: z.enum(RUNTIMES).optional(),
    backend: z.enum(BACKENDS).optional(),
    useFreeVram: z.boolean().optional(),
  })
  .strict();

export type EstimateRequest = z.infer<typeof estimateRequestSchema>;

export interface BatchDeps {
  readonly gpuIndex: GpuIndex;
  readonly findModel: (id: string) => ModelSpec | null;
  readonly now: string;
}

export type EstimateResponse =
  | {
      readonly ok: true;
      readonly fit: Estimate['fit'];
      readonly gpuLayers: number;
      readonly totalLayers: number;
      readonly cpuMoeLayers: number;
      readonly memory: Estimate['memory'];
      readonly speed: Estimate['speed'];
      readonly launch: Estimate['launch'];
      readonly notes: readonly string[];
      readonly hardware: {
        readonly label: string;
        readonly ramBytes: number;
        readonly gpus: readonly { readonly name: string; readonly vramBytes: number | null; readonly bandwidthBytesPerSec: number | null }[];
      };
      readonly model: { readonly id: string; readonly name: string; readonly parametersTotal: number; readonly parametersActive: number; readonly layers: number };
      readonly quant: string;
      readonly contextTokens: number;
    }
  | { readonly ok: false; readonly error: { readonly code: ErrorCode; readonly message: string } };

function resolveHardware(h: EstimateRequest['hardware'], deps: BatchDeps): Result<HardwareProfile> {
  if ('schemaVersion' in h) return ok(h as HardwareProfile);
  const spec = h as z.infer<typeof hardwareSpecSchema>;
  const ram = spec.ramBytes ?? (spec.ramGB !== undefined ? spec.ramGB * GIB : undefined);
  if (ram === undefined) return err('BAD_REQUEST', 'hardware needs ramGB (or ramBytes), or a saved profile object.');
  const names = spec.gpus === undefined ? [] : Array.isArray(spec.gpus) ? spec.gpus : [spec.gpus];
  return profileFromSpec(
    deps.gpuIndex,
    {
      gpuNames: names,
      ramBytes: ram,
      vramBytes: spec.vramGB !== undefined ? spec.vramGB * GIB : undefined,
      ramBandwidthBytesPerSec: spec.ramBandwidthGBps !== undefined ? spec.ramBandwidthGBps * 1e9 : undefined,
      cpuCores: spec.cpuCores,
      cpuClockHz: spec.cpuClockGHz !== undefined ? spec.cpuClockGHz * 1e9 : undefined,
    },
    deps.now,
  );
}

function resolveModel(m: EstimateRequest['model'], deps: BatchDeps): Result<ModelSpec> {
  if (typeof m === 'string') {
    const found = deps.findModel(m);
    return found ? ok(found) : err('UNKNOWN_MODEL', `Unknown model "${m}". Run "llm-sizer models" to list the ids.`);
  }
  if ('hfConfig' in m) {
    const read = modelFromHfConfig(m.hfConfig);
    if (!read.ok) return err(read.error.code, `model.hfConfig: ${read.error.message}`);
    return ok(inlineModelSpec({ id: m.id ?? 'hf-config', name: m.name, nativeContextTokens: read.value.nativeContextTokens, architecture: read.value.architecture }));
  }
  return ok(inlineModelSpec(m));
}

/** Answers one request line. Never throws: every failure is an `ok: false` response for that line alone. */
export function answerEstimateRequest(line: unknown, deps: BatchDeps): EstimateResponse {
  const parsed = estimateRequestSchema.safeParse(line);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: { code: 'BAD_REQUEST', message: `${issue?.path.join('.') || '(request)'}: ${issue?.message ?? 'invalid'}` } };
  }
  const req = parsed.data;
  const hardware = resolveHardware(req.hardware, deps);
  if (!hardware.ok) return { ok: false, error: hardware.error };
  const model = resolveModel(req.model, deps);
  if (!model.ok) return { ok: false, error: model.error };
  if (req.promptTokens !== undefined && req.promptTokens > req.contextTokens)
    return { ok: false, error: { code: 'BAD_REQUEST', message: `promptTokens (${req.promptTokens}) must fit in contextTokens (${req.contextTokens})` } };
  const quant = findQuant(req.quant);
  if (!quant) return { ok: false, error: { code: 'UNKNOWN_QUANT', message: `Unknown quantization "${req.quant}".` } };
  const options: EstimateOptions = {
    ...DEFAULT_OPTIONS,
    contextTokens: req.contextTokens,
    kvCacheType: req.kvCacheType ?? DEFAULT_OPTIONS.kvCacheType,
    flashAttention: req.flashAttention ?? DEFAULT_OPTIONS.flashAttention,
    promptTokens: req.promptTokens ?? Math.min(DEFAULT_OPTIONS.promptTokens, req.contextTokens),
    depthTokens: req.depthTokens ?? Math.min(DEFAULT_OPTIONS.depthTokens, req.contextTokens),
    ubatchTokens: req.ubatchTokens ?? DEFAULT_OPTIONS.ubatchTokens,
    runtime: req.runtime ?? DEFAULT_OPTIONS.runtime,
    backend: req.backend,
    useFreeVram: req.useFreeVram ?? DEFAULT_OPTIONS.useFreeVram,
  };
  const r = estimate(hardware.value, model.value, quant, options);
  if (!r.ok) return { ok: false, error: r.error };
  const e = r.value;
  const m = model.value;
  return {
    ok: true,
    fit: e.fit,
    gpuLayers: e.gpuLayers,
    totalLayers: e.totalLayers,
    cpuMoeLayers: e.cpuMoeLayers,
    memory: e.memory,
    speed: e.speed,
    launch: e.launch,
    notes: e.notes,
    hardware: {
      label: hardware.value.label,
      ramBytes: hardware.value.memory.totalBytes.value,
      gpus: hardware.value.gpus.map((g) => ({
        name: g.name.value,
        vramBytes: g.vramTotalBytes?.value ?? null,
        bandwidthBytesPerSec: g.bandwidthBytesPerSec?.value ?? null,
      })),
    },
    model: { id: m.id, name: m.name, parametersTotal: m.parameters.total, parametersActive: m.parameters.active, layers: m.architecture.layers },
    quant: quant.id,
    contextTokens: options.contextTokens,
  };
}
