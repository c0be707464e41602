import type { ModelArchitecture } from '../domain/model';
import { ggufHasOutput } from '../estimator/tensors';
import type { TensorDesc } from '../estimator/tensors';
import type { GgufTensorPlan } from './gguf-encode';
import { f32, f32Tensor, u32 } from './synthetic-layout';
import type { LayoutResult } from './synthetic-layout';

/**
 * llama.cpp's `gpt-oss` architecture (src/models/openai-moe.cpp, llama_model_openai_moe): every layer attention
 * with sinks and biases, then a mixture of experts with biases, sliding and full attention alternating (the layer
 * period is fixed at 2 unless attention.sliding_window_pattern says otherwise: layer 0 slides, layer 1 is full).
 *
 * What the estimator does not count and llama.cpp needs (all F32, zero): attn_{q,k,v,output}.bias, attn_sinks
 * [heads], ffn_gate_inp.bias [experts], ffn_{gate,up}_exps.bias [expert ff, experts], ffn_down_exps.bias [hidden,
 * experts]; about 1.1 MB a layer on gpt-oss-20b against 500 MB of weights. The experts are MXFP4 at every file type
 * (quant-mix.ts); zero MXFP4 blocks are valid: exponent byte 0 (2^-127) times zero nibbles is 0, never NaN.
 */

/** The period of llama.cpp's gpt-oss sliding layers (openai-moe.cpp load_arch_hparams: swa_period = 2). */
const GPT_OSS_SWA_PERIOD = 2;

export function gptOssLayout(a: ModelArchitecture): LayoutResult {
  const moe = a.moe;
  const sw = a.slidingWindow;
  if (!moe) return { reason: 'gpt-oss without experts is not a llama.cpp gpt-oss model' };
  if (moe.sharedExperts > 0 || moe.denseLayers > 0 || moe.moeLayerStep !== 1) return { reason: "llama.cpp's gpt-oss has no shared experts or dense layers" };
  if (!sw || sw.slidingLayers !== a.layers - Math.floor(a.layers / GPT_OSS_SWA_PERIOD))
    return { reason: "llama.cpp's gpt-oss alternates sliding and full layers, and this model does not" };
  if (!ggufHasOutput(a)) return { reason: "llama.cpp's gpt-oss needs an output matrix of its own" };
  const E = a.hiddenSize;
  const X = moe.experts;
  const F = moe.expertIntermediateSize;
  const extras = (x: TensorDesc): GgufTensorPlan[] => {
    if (x.layer === null) return [];
    const p = `blk.${x.layer}.`;
    switch (x.role) {
      case 'attn_q':
      case 'attn_k':
      case 'attn_v':
        return [f32Tensor(`${p}${x.role}.bias`, x.ne1)];
      case 'attn_output':
        return [f32Tensor(`${p}attn_output.bias`, E), f32Tensor(`${p}attn_sinks.weight`, a.attentionHeads)];
      case 'router':
        return [f32Tensor(`${p}ffn_gate_inp.bias`, X)];
      case 'ffn_gate':
      case 'ffn_up':
        return [f32Tensor(`${p}${x.role}_exps.bias`, F, X)];
      case 'ffn_down':
        return [f32Tensor(`${p}ffn_down_exps.bias`, E, X)];
      default:
        return [];
    }
  };
  return {
    layout: {
      arch: 'gpt-oss',
      ffnNormName: 'post_attention_norm',
      extras,
      metadata: [
        ['gpt-oss.expert_feed_forward_length', u32(F)],
        ['gpt-oss.attention.sliding_window', u32(sw.windowTokens)],
        // gpt-oss's config.json: rope_theta 150000, YaRN x32 over 4096 tokens (as convert_hf_to_gguf writes them)
        ['gpt-oss.rope.freq_base', f32(150000)],
        ['gpt-oss.rope.scaling.type', { type: 'string', value: 'yarn' }],
        ['gpt-oss.rope.scaling.factor', f32(32)],
        ['gpt-oss.rope.scaling.original_context_length', u32(4096)],
      ],
    },
  };
}
