import { describe, expect, it } from 'vitest';
import type { ModelArchitecture } from '../../../../app/domain/model';
import { builtInCatalog } from '../../../../app/catalog/models';
import { weightBreakdown } from '../../../../app/estimator/weights';
import { unsupportedReason } from '../../../../app/measure/synthetic-gguf';
import { base, syntheticWriter } from '../../../helpers/synthetic';

const { roundTrip } = syntheticWriter();

// gpt-oss-20b's shape scaled down: hidden not a multiple of 256 (2880 in the real model), expert width = hidden.
const gptOss: ModelArchitecture = {
  ...base, ggufArch: 'gpt-oss', layers: 4, hiddenSize: 288, intermediateSize: null, headDim: 64, valueHeadDim: 64,
  moe: { experts: 8, expertsPerToken: 2, sharedExperts: 0, expertIntermediateSize: 288, sharedExpertIntermediateSize: 0, denseLayers: 0, moeLayerStep: 1 },
  slidingWindow: { windowTokens: 128, slidingLayers: 2 },
};

describe('synthetic GGUF writer', () => {
  it.each(['MXFP4_MOE', 'Q4_K_M'])('gpt-oss %s: llama.cpp gpt-oss names, sinks and biases, the estimator\'s weights, MXFP4 experts', async (q) => {
    const { s, header, model, quant } = await roundTrip(gptOss, q, `gpt-oss-${q}`);
    const E = gptOss.hiddenSize;
    const H = gptOss.attentionHeads;
    const X = gptOss.moe?.experts ?? 0;
    const F = gptOss.moe?.expertIntermediateSize ?? 0;
    expect(s.writtenArch).toBe('gpt-oss');
    expect(header.metadata['general.architecture']).toBe('gpt-oss');
    expect(header.metadata['gpt-oss.expert_feed_forward_length']).toBe(F);
    expect(header.metadata['gpt-oss.attention.sliding_window']).toBe(128);
    const tensor = (name: string) => header.tensors.find((t) => t.name === name);
    expect(tensor('blk.0.attn_sinks.weight')?.shape).toEqual([H]);
    expect(tensor('blk.0.attn_q.bias')?.shape).toEqual([H * 64]);
    expect(tensor('blk.0.attn_k.bias')?.shape).toEqual([gptOss.kvHeads * 64]);
    expect(tensor('blk.0.attn_output.bias')?.shape).toEqual([E]);
    expect(tensor('blk.3.ffn_gate_inp.bias')?.shape).toEqual([X]);
    expect(tensor('blk.3.ffn_up_exps.bias')?.shape).toEqual([F, X]);
    expect(tensor('blk.3.ffn_down_exps.bias')?.shape).toEqual([E, X]);
    expect(tensor('blk.3.post_attention_norm.weight')?.shape).toEqual([E]);
    expect(tensor('blk.3.ffn_norm.weight')).toBeUndefined();
    // experts stay MXFP4 at every file type (quant-mix.ts), as in the published GGUF files
    for (const role of ['gate', 'up', 'down']) expect(tensor(`blk.2.ffn_${role}_exps.weight`)?.typeName).toBe('MXFP4');
    expect(model.architecture.moe).toEqual(gptOss.moe);
    expect(model.architecture.slidingWindow).toEqual(gptOss.slidingWindow);
    // the estimator's bytes exactly, plus the F32 biases and sinks it does not count
    const expected = weightBreakdown(gptOss, quant);
    const extraPerLayer = H * 64 + 2 * gptOss.kvHeads * 64 + E + H + X + 2 * F * X + E * X;
    expect(model.weights.totalBytes).toBe(expected.totalBytes + gptOss.layers * extraPerLayer * 4);
    for (const [type, bytes] of Object.entries(expected.bytesByType)) if (type !== 'F32') expect(model.weights.bytesByType[type as keyof typeof expected.bytesByType]).toBe(bytes);
    expect(s.fills.filter((f) => f.tensor.endsWith('ffn_gate_inp.weight'))).toHaveLength(gptOss.layers);
  });

  it('writes the catalog gpt-oss models, and refuses a gpt-oss whose layers do not alternate', () => {
    for (const id of ['gpt-oss-20b', 'gpt-oss-120b']) {
      const m = builtInCatalog().models.find((x) => x.id === id);
      expect(m && unsupportedReason(m.architecture)).toBeNull();
    }
    expect(unsupportedReason({ ...gptOss, slidingWindow: { windowTokens: 128, slidingLayers: 3 } })).toMatch(/alternates sliding and full layers/);
    expect(unsupportedReason({ ...gptOss, tiedEmbeddings: true })).toMatch(/output matrix/);
    // other sliding-window mixtures of experts keep the stand-in's refusal
    expect(unsupportedReason({ ...gptOss, ggufArch: 'qwen3moe' })).toMatch(/sliding-window layers are written only as gpt-oss and llama4/);
  });
});
