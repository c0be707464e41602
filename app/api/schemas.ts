import { z } from 'zod';
import { KV_CACHE_TYPES, RUNTIMES } from '../domain/estimate';
import { VALUE_SOURCES } from '../domain/hardware';
import type { HardwareProfile } from '../domain/hardware';
import { GPU_OVERRIDE_FIELDS, MEMORY_OVERRIDE_FIELDS } from '../domain/overrides';
import type { HardwareOverrides, OverrideChange } from '../domain/overrides';
import { REPORT_FORMATS } from '../domain/report';
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
}) satisfies z.ZodType<HardwareProfile>;

export const saveReportRequestSchema = z.object({
  format: z.enum(REPORT_FORMATS),
  contextTokens: z.number().int().min(256).max(10_000_000),
  kvCacheType: z.enum(KV_CACHE_TYPES).optional(),
  runtime: z.enum(RUNTIMES).optional(),
  promptTokens: z.number().int().min(1).max(10_000_000).optional(),
  goal: z.enum(['quality', 'speed', 'context']).optional(),
}) satisfies z.ZodType<SaveReportRequest>;

const positive = z.number().finite().positive();
const orNull = <T extends z.ZodType>(t: T) => t.nullable();

export const overrideChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('memory'), field: z.enum(MEMORY_OVERRIDE_FIELDS), value: orNull(positive) }),
  z.object({ kind: z.literal('cpuCores'), value: orNull(z.number().int().positive().max(4096)) }),
  z.object({ kind: z.literal('cpuClock'), value: orNull(z.number().finite().min(1e8).max(1e10)) }),
  z.object({ kind: z.literal('gpu'), gpuKey: z.string().min(1).max(300), field: z.enum(GPU_OVERRIDE_FIELDS), value: orNull(positive) }),
  z.object({ kind: z.literal('gpuSpec'), gpuKey: z.string().min(1).max(300), specId: orNull(z.string().min(1).max(200)) }),
  z.object({ kind: z.literal('gpuOffload'), gpuKey: z.string().min(1).max(300), usedForOffload: orNull(z.boolean()) }),
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
  gpus: z.record(z.string(), gpuOverridesSchema),
}) satisfies z.ZodType<HardwareOverrides>;

/** The argument tuple each method accepts; every IPC handler and HTTP route parses its payload with this. */
export const PAYLOAD_SCHEMAS = {
  getHardwareProfile: z.tuple([]),
  rescanHardware: z.tuple([]),
  measureRamBandwidth: z.tuple([]),
  getAppInfo: z.tuple([]),
  saveReport: z.tuple([saveReportRequestSchema]),
  getSettings: z.tuple([]),
  setOverride: z.tuple([overrideChangeSchema]),
  resetOverrides: z.tuple([]),
  scanLocalModels: z.tuple([]),
  getLocalScanProgress: z.tuple([]),
  cancelLocalScan: z.tuple([]),
  sizeGgufFile: z.tuple([z.string().min(1).max(4096)]),
} satisfies { readonly [K in SizerMethod]: z.ZodType<Parameters<SizerApi[K]>> };
