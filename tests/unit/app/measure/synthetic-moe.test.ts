import { describe, expect, it } from 'vitest';
import type { ModelArchitecture } from '../../../../app/domain/model';
import { builtInCatalog } from '../../../../app/catalog/models';
import { weightBreakdown } from '../../../../app/estimator/weights';
import { unsupportedReason } from '../../../../app/measure/synthetic-gguf';
import { base, moeSpec, syntheticWriter } from '../../../helpers/synthetic';

const { roundTrip } = syntheticWriter();

// Shared experts and dense layers in each architecture's own llama.cpp layout, and what each adds in F32 per layer / MoE layer.
const ownArchs: [string, ModelArchitecture, (layer: number) => number][] = [
  // GLM-4.5: one leading dense layer, a shared expert as wide as a routed one; q/k/v biases, exp_probs_b
  ['glm4moe', { ...base, ggufArch: 'glm4moe', layers: 4, intermediateSize: 1024, moe: moeSpec({ denseLayers: 1 }) }, (i) => 8 * 64 + 2 * 2 * 64 + (i >= 1 ? 8 : 0)],
  // ERNIE 4.5: two shared experts, a dense first layer, tied embeddings; exp_probs_b
  ['ernie4_5-moe', { ...base, ggufArch: 'ernie4_5-moe', layers: 3, tiedEmbeddings: true, intermediateSize: 1024, moe: moeSpec({ sharedExperts: 2, denseLayers: 1 }) }, (i) => (i >= 1 ? 8 : 0)],
  // Hunyuan-A13B: every layer MoE, a shared MLP twice a routed expert; q/k norms
  ['hunyuan-moe', { ...base, ggufArch: 'hunyuan-moe', intermediateSize: null, moe: moeSpec({ sharedExpertIntermediateSize: 512 }) }, () => 2 * 64],
  // Llama 4 Maverick: MoE every second layer, chunked attention in 3 layers of 4; nothing added
  ['llama4', { ...base, ggufArch: 'llama4', layers: 4, intermediateSize: 1024, moe: moeSpec({ expertsPerToken: 1, moeLayerStep: 2 }), slidingWindow: { windowTokens: 8192, slidingLayers: 3 } }, () => 0],
];

describe('synthetic GGUF writer', () => {
  it.each(ownArchs)('%s: shared experts and dense layers in llama.cpp\'s own names, exactly the estimator\'s weights', async (arch, a, extraPerLayer) => {
    const { s, header, model, quant } = await roundTrip(a, 'Q4_K_M', `own-${arch}`);
    const moe = a.moe;
    if (!moe) throw new Error('fixture');
    expect(s.writtenArch).toBe(arch);
    expect(header.metadata['general.architecture']).toBe(arch);
    const tensor = (name: string) => header.tensors.find((t) => t.name === name);
    const moeLayers = [...Array(a.layers).keys()].filter((i) => i >= moe.denseLayers && (i + 1) % moe.moeLayerStep === 0);
    const S = moe.sharedExperts * moe.sharedExpertIntermediateSize;
    for (let i = 0; i < a.layers; i++) {
      const isMoe = moeLayers.includes(i);
      expect(tensor(`blk.${i}.ffn_gate_inp.weight`) !== undefined).toBe(isMoe);
      expect(tensor(`blk.${i}.ffn_gate.weight`)?.shape).toEqual(isMoe ? undefined : [a.hiddenSize, a.intermediateSize]);
      if (isMoe) {
        expect(tensor(`blk.${i}.ffn_up_exps.weight`)?.shape).toEqual([a.hiddenSize, moe.expertIntermediateSize, moe.experts]);
        expect(tensor(`blk.${i}.ffn_gate_shexp.weight`)?.shape).toEqual([a.hiddenSize, S]);
        expect(tensor(`blk.${i}.ffn_down_shexp.weight`)?.shape).toEqual([S, a.hiddenSize]);
      }
    }
    expect(tensor('blk.0.post_attention_norm.weight') !== undefined).toBe(arch === 'glm4moe');
    expect(s.fills.filter((f) => f.tensor.endsWith('ffn_gate_inp.weight'))).toHaveLength(moeLayers.length);
    // the norm in front of each router is random, on MoE layers only
    const normName = arch === 'glm4moe' ? 'post_attention_norm' : 'ffn_norm';
    expect(s.fills.filter((f) => f.tensor.endsWith(`${normName}.weight`)).map((f) => f.tensor)).toEqual(moeLayers.map((i) => `blk.${i}.${normName}.weight`));
    // the project's reader gets the same mixture of experts back
    const back = model.architecture.moe;
    expect([back?.experts, back?.expertsPerToken, back?.expertIntermediateSize, back?.denseLayers, back?.moeLayerStep]).toEqual([moe.experts, moe.expertsPerToken, moe.expertIntermediateSize, moe.denseLayers, moe.moeLayerStep]);
    expect((back?.sharedExperts ?? 0) * (back?.sharedExpertIntermediateSize ?? 0)).toBe(S);
    expect(model.architecture.slidingWindow).toEqual(a.slidingWindow);
    const expected = weightBreakdown(a, quant);
    let extra = 0;
    for (let i = 0; i < a.layers; i++) extra += extraPerLayer(i) * 4;
    expect(model.weights.totalBytes).toBe(expected.totalBytes + extra);
    for (const [type, bytes] of Object.entries(expected.bytesByType)) if (type !== 'F32') expect(model.weights.bytesByType[type as keyof typeof expected.bytesByType]).toBe(bytes);
  });

  it('writes the catalog models with shared experts or dense layers it has an architecture for, and says why not for the rest', () => {
    const reason = (id: string) => {
      const m = builtInCatalog().models.find((x) => x.id === id);
      if (!m) throw new Error(id);
      return unsupportedReason(m.architecture);
    };
    for (const id of ['glm-4.5-air', 'glm-4.5', 'glm-4.6', 'glm-4.7', 'intellect-3', 'ernie-4.5-21b-a3b', 'hunyuan-a13b-instruct', 'llama-4-scout-17b-16e-instruct', 'llama-4-maverick-17b-128e-instruct'])
      expect(reason(id), id).toBeNull();
    const [glm, , hunyuan, l4] = ownArchs.map(([, a]) => a);
    if (!glm?.moe || !hunyuan?.moe || !l4?.moe) throw new Error('fixture');
    expect(unsupportedReason({ ...glm, moe: { ...glm.moe, sharedExpertIntermediateSize: 512 } })).toMatch(/sizes a shared expert as a routed one/);
    expect(unsupportedReason({ ...glm, slidingWindow: { windowTokens: 128, slidingLayers: 2 } })).toMatch(/no sliding window/);
    expect(unsupportedReason({ ...hunyuan, moe: { ...hunyuan.moe, sharedExperts: 0, sharedExpertIntermediateSize: 0 } })).toMatch(/needs a shared expert/);
    expect(unsupportedReason({ ...l4, slidingWindow: { windowTokens: 4096, slidingLayers: 3 } })).toMatch(/chunks attention by 8192/);
    expect(unsupportedReason({ ...glm, ggufArch: 'qwen2moe' })).toMatch(/written only in llama.cpp's own glm4moe/);
  });
});
