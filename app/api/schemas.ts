import { z } from 'zod';
import { BACKENDS, KV_CACHE_TYPES, RUNTIMES } from '../domain/estimate';
import { CALIBRATED_BACKENDS, CORRECTION_LIMITS } from '../domain/calibration';
import type { BackendCalibration } from '../domain/calibration';
import { MEASURE_BACKENDS } from '../domain/measure';
import { VALUE_SOURCES } from '../domain/hardware';
import type { HardwareProfile } from '../domain/hardware';
import { GPU_OVERRIDE_FIELDS, MEMORY_OVERRIDE_FIELDS } from '../domain/overrides';
import type { HardwareOverrides, OverrideChange } from '../domain/overrides';
import { PAPER_SIZES, REPORT_FORMATS } from '../domain/report';
import type { SaveReportRequest } from '../domain/report';
import type { SizerApi, SizerMethod } from './sizer-api';

const finiteNonNegative = z.number().finite().nonnegative();

function sourced<T extends z.ZodType>(value: T) {
  return z.object({
    value,
    source: z.enum(VALUE_SOURCES),
    confidence: z.enum(['high', 'medium', 'low']),
    detail: z.string().optional(),
  });
}

const gpuSchema = z.object({
  id: z.string().min(1),
  name: sourced(z.string().min(1)),
  vendor: z.enum(['nvidia', 'amd', 'intel', 'apple', 'qualcomm', 'other']),
  kind: z.enum(['discrete', 'integrated', 'unified']),
  vramTotalBytes: sourced(finiteNonNegative).nullable(),
  vramFreeBytes: sourced(finiteNonNegative).nullable(),
  sharedMemoryBytes: sourced(finiteNonNegative).nullable(),
  bandwidthBytesPerSec: sourced(finiteNonNegative).nullable(),
  fp16FlopsPerSec: sourced(finiteNonNegative).nullable(),
  specId: z.string().nullable(),
  busId: z.string().nullable(),
  driverVersion: z.string().nullable(),
  computeCapability: z.string().nullable(),
  usedForOffload: z.boolean(),
});

const speedCorrectionSchema = z.object({
  streamScale: z.number().min(CORRECTION_LIMITS.streamScale[0]).max(CORRECTION_LIMITS.streamScale[1]),
  perLayerSec: z.number().min(CORRECTION_LIMITS.perLayerSec[0]).max(CORRECTION_LIMITS.perLayerSec[1]),
  perTokenSec: z.number().min(CORRECTION_LIMITS.perTokenSec[0]).max(CORRECTION_LIMITS.perTokenSec[1]),
  kvScale: z.number().min(CORRECTION_LIMITS.kvScale[0]).max(CORRECTION_LIMITS.kvScale[1]),
  // Files written before these terms existed have none: the formula's values (0 for both, 1 for the experts). Such a
  // file is also of fit version 1, so applyCalibration sets it aside as stale.
  promptExpertScale: z.number().min(CORRECTION_LIMITS.promptExpertScale[0]).max(CORRECTION_LIMITS.promptExpertScale[1]).default(1),
  promptStreamScale: z.number().min(CORRECTION_LIMITS.promptStreamScale[0]).max(CORRECTION_LIMITS.promptStreamScale[1]).default(0),
  attentionScale: z.number().min(CORRECTION_LIMITS.attentionScale[0]).max(CORRECTION_LIMITS.attentionScale[1]).default(0),
  promptScale: z.number().min(CORRECTION_LIMITS.promptScale[0]).max(CORRECTION_LIMITS.promptScale[1]),
  promptPerLayerSec: z.number().min(CORRECTION_LIMITS.promptPerLayerSec[0]).max(CORRECTION_LIMITS.promptPerLayerSec[1]),
  generationSpread: z.number().min(0).max(1),
  promptSpread: z.number().min(0).max(1),
});

const calibrationPointSchema = z.object({
  label: z.string().max(200),
  fileBytes: finiteNonNegative,
  layers: z.number().int().nonnegative(),
  depthTokens: finiteNonNegative.nullable(),
  kind: z.enum(['generation', 'prompt']),
  estimatedTokensPerSec: finiteNonNegative,
  measuredTokensPerSec: finiteNonNegative,
  calibratedTokensPerSec: finiteNonNegative,
});

export const backendCalibrationSchema = z.object({
  backend: z.enum(CALIBRATED_BACKENDS),
  device: z.string().max(500),
  hardwareKey: z.string().max(2000),
  measuredAt: z.string().max(100),
  llamaCppBuild: z.string().max(300),
  source: z.enum(['synthetic', 'llama-bench', 'ollama']),
  fitVersion: z.number().int().positive().max(1000).optional(),
  generationThreads: z.number().int().positive().max(4096).optional(),
  promptThreads: z.number().int().positive().max(4096).optional(),
  correction: speedCorrectionSchema,
  points: z.array(calibrationPointSchema).max(200),
}) satisfies z.ZodType<BackendCalibration>;

const profileCalibrationSchema = z.object({
  entries: z.array(backendCalibrationSchema).max(16),
  stale: z.array(z.object({ backend: z.enum(CALIBRATED_BACKENDS), measuredAt: z.string().max(100), reason: z.string().max(500) })).max(16),
});

/** Validates a saved profile (`--hardware me.json`) and anything that crosses a process boundary. */
export const hardwareProfileSchema = z.object({
  schemaVersion: z.literal(1),
  capturedAt: z.string(),
  label: z.string(),
  os: z.object({ platform: z.string(), release: z.string(), arch: z.string(), virtual: z.boolean() }),
  cpu: z.object({
    name: sourced(z.string()),
    vendor: z.string(),
    physicalCores: sourced(z.number().int().positive()),
    logicalCores: sourced(z.number().int().positive()),
    isa: z.array(z.string()),
    arch: z.string(),
    clockHz: sourced(z.number().finite().positive()).nullable().optional(),
  }),
  memory: z.object({
    totalBytes: sourced(z.number().finite().positive()),
    availableBytes: sourced(finiteNonNegative),
    bandwidthBytesPerSec: sourced(finiteNonNegative).nullable(),
    type: sourced(z.string()).nullable(),
  }),
  gpus: z.array(gpuSchema),
  warnings: z.array(z.string()),
  calibration: profileCalibrationSchema.optional(),
}) satisfies z.ZodType<HardwareProfile>;

export const saveReportRequestSchema = z.object({
  format: z.enum(REPORT_FORMATS),
  contextTokens: z.number().int().min(256).max(10_000_000),
  kvCacheType: z.enum(KV_CACHE_TYPES).optional(),
  runtime: z.enum(RUNTIMES).optional(),
  backend: z.enum(BACKENDS).optional(),
  promptTokens: z.number().int().min(1).max(10_000_000).optional(),
  goal: z.enum(['quality', 'speed', 'context']).optional(),
  paper: z.enum(PAPER_SIZES).optional(),
  includePrivate: z.boolean().optional(),
  timeZone: z.string().min(1).max(64).regex(/^[A-Za-z0-9_+\-/]+$/).optional(),
}) satisfies z.ZodType<SaveReportRequest>;

const positive = z.number().finite().positive();
const orNull = <T extends z.ZodType>(t: T) => t.nullable();
/**
 * A GPU's key as `gpuKey()` makes it (`bus:<id>` or `name:<name>#<n>`): anything else, such as `__proto__`, would be
 * saved and then silently dropped when the file is read back (a record's `__proto__` key is not kept).
 */
const gpuKeySchema = z.string().min(1).max(300).regex(/^(bus|name):/, 'a GPU key starts with bus: or name:');

export const overrideChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('memory'), field: z.enum(MEMORY_OVERRIDE_FIELDS), value: orNull(positive) }),
  z.object({ kind: z.literal('cpuCores'), value: orNull(z.number().int().positive().max(4096)) }),
  z.object({ kind: z.literal('cpuClock'), value: orNull(z.number().finite().min(1e8).max(1e10)) }),
  z.object({ kind: z.literal('gpu'), gpuKey: gpuKeySchema, field: z.enum(GPU_OVERRIDE_FIELDS), value: orNull(positive) }),
  z.object({ kind: z.literal('gpuSpec'), gpuKey: gpuKeySchema, specId: orNull(z.string().min(1).max(200)) }),
  z.object({ kind: z.literal('gpuOffload'), gpuKey: gpuKeySchema, usedForOffload: orNull(z.boolean()) }),
]) satisfies z.ZodType<OverrideChange>;

const gpuOverridesSchema = z.object({
  vramTotalBytes: positive.optional(),
  vramFreeBytes: positive.optional(),
  bandwidthBytesPerSec: positive.optional(),
  fp16FlopsPerSec: positive.optional(),
  specId: z.string().optional(),
  usedForOffload: z.boolean().optional(),
});

export const hardwareOverridesSchema = z.object({
  memory: z.object({ totalBytes: positive.optional(), availableBytes: positive.optional(), bandwidthBytesPerSec: positive.optional() }),
  cpuCores: z.number().int().positive().optional(),
  cpuClockHz: positive.optional(),
  gpus: z.record(gpuKeySchema, gpuOverridesSchema),
}) satisfies z.ZodType<HardwareOverrides>;

/** The argument tuple each method accepts; every IPC handler and HTTP route parses its payload with this. */
export const PAYLOAD_SCHEMAS = {
  getHardwareProfile: z.tuple([]),
  rescanHardware: z.tuple([]),
  measureRamBandwidth: z.tuple([]),
  getAppInfo: z.tuple([]),
  saveReport: z.tuple([saveReportRequestSchema]),
  showReportInFolder: z.tuple([z.string().min(1).max(4096)]),
  getSettings: z.tuple([]),
  setOverride: z.tuple([overrideChangeSchema]),
  resetOverrides: z.tuple([]),
  scanLocalModels: z.tuple([]),
  getLocalScanProgress: z.tuple([]),
  cancelLocalScan: z.tuple([]),
  sizeGgufFile: z.tuple([z.string().min(1).max(4096)]),
  measureMachine: z.tuple([z.object({ quick: z.boolean(), backend: z.enum(MEASURE_BACKENDS).optional() })]),
  getMeasureProgress: z.tuple([]),
  cancelMeasure: z.tuple([]),
  // The server takes request bodies up to 64 KB; llama-bench output of a few dozen tests is a few KB.
  importBenchResults: z.tuple([z.object({ fileName: z.string().min(1).max(300), content: z.string().min(1).max(60_000) })]),
  findOllama: z.tuple([]),
  timeOllamaModels: z.tuple([]),
  resetCalibration: z.tuple([]),
  sizeHfRepo: z.tuple([z.string().min(3).max(400)]),
} satisfies { readonly [K in SizerMethod]: z.ZodType<Parameters<SizerApi[K]>> };
