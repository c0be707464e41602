import { z } from 'zod';
import { CAPABILITIES } from '../domain/model';
import type { ModelSpec } from '../domain/model';

const posInt = z.number().int().positive();
const nonNegInt = z.number().int().nonnegative();
/**
 * Plausibility ceilings, far above any real model (the largest have ~130 layers, hidden 16384, vocab 262144,
 * 512 experts): a corrupt GGUF header or a mistyped architecture is refused with a message instead of
 * allocating per-layer tables for a billion layers.
 */
const count = (max: number) => posInt.max(max);
const MAX_LAYERS = 2048;
const url = z.string().regex(/^https?:\/\//, 'a source must be an http(s) URL');

const moeSchema = z.object({
  experts: count(65_536),
  expertsPerToken: count(65_536),
  sharedExperts: nonNegInt,
  expertIntermediateSize: count(4_194_304),
  sharedExpertIntermediateSize: nonNegInt.max(4_194_304),
  denseLayers: nonNegInt.max(MAX_LAYERS),
  moeLayerStep: count(MAX_LAYERS),
  latentSize: count(4_194_304).optional(),
});

const linearSchema = z.object({
  kind: z.enum(['gated-deltanet', 'mamba2', 'short-conv']),
  layers: count(MAX_LAYERS),
  convKernel: count(1024),
  keyHeads: posInt.optional(),
  valueHeads: posInt.optional(),
  keyHeadDim: posInt.optional(),
  valueHeadDim: posInt.optional(),
  heads: posInt.optional(),
  headDim: posInt.optional(),
  stateSize: posInt.optional(),
  groups: posInt.optional(),
});

export const architectureSchema = z
  .object({
    ggufArch: z.string().min(1),
    layers: count(MAX_LAYERS),
    hiddenSize: count(262_144),
    intermediateSize: count(4_194_304).nullable(),
    ffnGated: z.boolean(),
    attentionHeads: count(16_384),
    kvHeads: count(16_384),
    headDim: count(65_536),
    valueHeadDim: count(65_536),
    vocabSize: count(16_777_216),
    tiedEmbeddings: z.boolean(),
    lmHeadStored: z.boolean().optional(),
    attentionOutputGate: z.boolean().optional(),
    moe: moeSchema.nullable(),
    slidingWindow: z.object({ windowTokens: count(1 << 30), slidingLayers: nonNegInt.max(MAX_LAYERS) }).nullable(),
    globalAttention: z.object({ kvHeads: count(16_384), headDim: count(65_536), kEqV: z.boolean(), attentionHeads: count(16_384).optional() }).nullable().optional(),
    perLayerEmbedding: z.object({ hiddenSize: count(65_536), vocabSize: count(16_777_216) }).nullable().optional(),
    kvSharing: z.object({ layers: nonNegInt.max(MAX_LAYERS), doubleWideMlp: z.boolean() }).nullable().optional(),
    altUp: z.object({ inputs: count(64), laurelRank: count(65_536) }).nullable().optional(),
    mla: z
      .object({
        kvLoraRank: count(262_144),
        qLoraRank: count(262_144).nullable(),
        qkRopeHeadDim: count(65_536),
        qkNopeHeadDim: count(65_536),
        valueHeadDim: count(65_536),
      })
      .nullable(),
    sparseIndexer: z.object({ heads: count(16_384), headDim: count(65_536), topK: count(1 << 30) }).nullable().optional(),
    linearAttention: linearSchema.nullable(),
    layerPattern: z
      .object({ blocks: z.string().min(1), mixerFfn: z.boolean() })
      .nullable()
      .optional(),
    vision: z.object({ encoderParams: posInt }).nullable(),
  })
  .superRefine((a, ctx) => {
    if (a.slidingWindow && a.slidingWindow.slidingLayers > a.layers)
      ctx.addIssue({ code: 'custom', message: 'slidingLayers exceeds layers' });
    if (a.globalAttention && !a.slidingWindow)
      ctx.addIssue({ code: 'custom', message: 'globalAttention describes the full-attention layers of a sliding-window model' });
    // The tensor list, the KV cache and the speed model place full layers alike only without these (tensors.ts).
    if (a.globalAttention && (a.mla || a.linearAttention || a.layerPattern))
      ctx.addIssue({ code: 'custom', message: 'globalAttention cannot be combined with MLA, recurrent layers or a layer pattern' });
    if (a.lmHeadStored && !a.tiedEmbeddings) ctx.addIssue({ code: 'custom', message: 'lmHeadStored describes a tied model whose checkpoint still stores lm_head' });
    if (a.altUp && !a.perLayerEmbedding) ctx.addIssue({ code: 'custom', message: 'altUp is Gemma 3n\'s, which also has per-layer embeddings' });
    if (a.kvSharing && a.kvSharing.layers >= a.layers) ctx.addIssue({ code: 'custom', message: 'kvSharing needs at least one layer with its own cache' });
    if (a.linearAttention && a.linearAttention.layers >= a.layers)
      ctx.addIssue({ code: 'custom', message: 'a hybrid model needs at least one attention layer' });
    if (a.moe && a.moe.expertsPerToken > a.moe.experts) ctx.addIssue({ code: 'custom', message: 'expertsPerToken exceeds experts' });
    if (a.moe === null && a.intermediateSize === null)
      ctx.addIssue({ code: 'custom', message: 'a dense model needs intermediateSize' });
    if (a.linearAttention?.kind === 'gated-deltanet') {
      const l = a.linearAttention;
      if (!l.keyHeads || !l.valueHeads || !l.keyHeadDim || !l.valueHeadDim)
        ctx.addIssue({ code: 'custom', message: 'gated-deltanet needs keyHeads, valueHeads, keyHeadDim, valueHeadDim' });
    }
    if (a.layerPattern) patternIssues(a.layerPattern, a, ctx);
    if (a.sparseIndexer && !a.mla?.qLoraRank)
      ctx.addIssue({ code: 'custom', message: 'sparseIndexer scores from the query latent: it needs mla with qLoraRank' });
    if (a.linearAttention?.kind === 'mamba2') {
      const l = a.linearAttention;
      if (!l.heads || !l.headDim || !l.stateSize || !l.groups)
        ctx.addIssue({ code: 'custom', message: 'mamba2 needs heads, headDim, stateSize, groups' });
    }
  });

/** A layer pattern must name every layer, agree with linearAttention's count and use MoE blocks only with experts. */
function patternIssues(
  p: { blocks: string; mixerFfn: boolean },
  a: { layers: number; linearAttention: { layers: number } | null; moe: unknown },
  ctx: { addIssue: (issue: { code: 'custom'; message: string }) => void },
): void {
  const letters = (c: string) => p.blocks.split(c).length - 1;
  if (!/^[M*E-]+$/.test(p.blocks)) ctx.addIssue({ code: 'custom', message: "layerPattern has one of 'M', '*', '-', 'E' a layer" });
  if (p.blocks.length !== a.layers) ctx.addIssue({ code: 'custom', message: `layerPattern names ${p.blocks.length} layers, not ${a.layers}` });
  if (letters('M') !== (a.linearAttention?.layers ?? 0))
    ctx.addIssue({ code: 'custom', message: `layerPattern has ${letters('M')} 'M' layers, linearAttention ${a.linearAttention?.layers ?? 0}` });
  if (letters('*') === 0) ctx.addIssue({ code: 'custom', message: 'layerPattern needs at least one attention layer' });
  if (letters('E') > 0 && !a.moe) ctx.addIssue({ code: 'custom', message: "layerPattern 'E' layers need moe" });
  if (p.mixerFfn && letters('-') + letters('E') > 0) ctx.addIssue({ code: 'custom', message: "with mixerFfn every layer is 'M' or '*'" });
}

const REQUIRED_SOURCES = ['architecture', 'parameters', 'releaseDate', 'license', 'nativeContextTokens', 'capabilities'] as const;

export const modelSpecSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+([-.][a-z0-9]+)*$/),
    name: z.string().min(1),
    family: z.string().regex(/^[a-z0-9-]+$/),
    hfRepo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
    releaseDate: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/),
    license: z.string().min(1),
    parameters: z.object({ total: posInt, active: posInt }),
    nativeContextTokens: posInt,
    capabilities: z.array(z.enum(CAPABILITIES)),
    architecture: architectureSchema,
    ggufRepos: z.array(z.string()),
    knownGgufFiles: z.array(
      z.object({
        repo: z.string(),
        file: z.string(),
        quant: z.string(),
        sizeBytes: posInt,
        source: url,
        note: z.string().optional(),
      }),
    ),
    quality: z
      .object({
        score: z.number().finite(),
        metric: z.string(),
        source: url,
        asOf: z.string().optional(),
        convertedFrom: z
          .object({ metric: z.string(), score: z.number().finite(), row: z.string(), dateSource: url.optional(), fit: z.string() })
          .optional(),
      })
      .nullable(),
    sources: z.record(z.string(), z.string()),
  })
  .superRefine((m, ctx) => {
    for (const key of REQUIRED_SOURCES) {
      const v = m.sources[key];
      if (v === undefined || !/^https?:\/\//.test(v))
        ctx.addIssue({ code: 'custom', message: `${m.id}: sources.${key} must be an http(s) URL`, path: ['sources', key] });
    }
    if (m.parameters.active > m.parameters.total)
      ctx.addIssue({ code: 'custom', message: `${m.id}: active parameters exceed total` });
  }) satisfies z.ZodType<ModelSpec>;

export const modelFileSchema = z.object({ schemaVersion: z.literal(1), models: z.array(z.unknown()) });
