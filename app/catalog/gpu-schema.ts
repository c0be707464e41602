import { z } from 'zod';

const sourceSchema = z.object({
  url: z.string().regex(/^https?:\/\//),
  confidence: z.enum(['verified', 'derived', 'recall']),
  note: z.string().optional(),
});

/** Fields that must name a source whenever they hold a value. */
export const GPU_SOURCED_FIELDS = [
  'memoryGiB',
  'memoryType',
  'busWidthBits',
  'bandwidthGBps',
  'fp16TensorTflops',
  'pciDeviceIds',
  'gpuCores',
  'computeCapability',
] as const;

export const gpuSpecSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9.]+)*$/),
    name: z.string().min(1),
    vendor: z.enum(['nvidia', 'amd', 'intel', 'apple', 'qualcomm']),
    segment: z.enum(['desktop', 'laptop', 'workstation', 'datacenter', 'apu', 'soc']),
    matchNames: z.array(z.string().min(1).regex(/^[^A-Z]+$/, 'matchNames are lowercase')).min(1),
    pciDeviceIds: z.array(z.string().regex(/^[0-9a-f]{4}:[0-9a-f]{4}$/)),
    memoryGiB: z.array(z.number().positive()).min(1),
    unifiedMemory: z.boolean(),
    memoryType: z.string().min(1).nullable(),
    busWidthBits: z.number().int().positive().nullable(),
    bandwidthGBps: z.number().positive(),
    fp16TensorTflops: z.number().positive().nullable(),
    fp16Accumulate: z.enum(['fp32', 'fp16', 'vector', 'n/a']).nullable(),
    gpuCores: z.number().int().positive().nullable(),
    computeCapability: z.string().nullable(),
    released: z.string().nullable(),
    sources: z.record(z.string(), sourceSchema),
  })
  .superRefine((gpu, ctx) => {
    for (const field of GPU_SOURCED_FIELDS) {
      const value = gpu[field];
      const present = Array.isArray(value) ? value.length > 0 : value !== null;
      if (present && gpu.sources[field] === undefined) {
        ctx.addIssue({ code: 'custom', message: `${gpu.id}: ${field} has no source`, path: ['sources', field] });
      }
    }
  });

export type GpuSpec = z.infer<typeof gpuSpecSchema>;

export const gpuTableSchema = z.object({ schemaVersion: z.literal(1), gpus: z.array(gpuSpecSchema) });
