import { z } from 'zod';
import { VALUE_SOURCES } from '../domain/hardware';
import type { HardwareProfile } from '../domain/hardware';
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
}) satisfies z.ZodType<SaveReportRequest>;

/** The argument tuple each method accepts; every IPC handler and HTTP route parses its payload with this. */
export const PAYLOAD_SCHEMAS = {
  getHardwareProfile: z.tuple([]),
  rescanHardware: z.tuple([]),
  getAppInfo: z.tuple([]),
  saveReport: z.tuple([saveReportRequestSchema]),
} satisfies { readonly [K in SizerMethod]: z.ZodType<Parameters<SizerApi[K]>> };
