import type { QualityRows } from '../domain/model';

/**
 * Artificial Analysis Intelligence Index (v4.0), the leaderboard page's data of 2026-06-15: the fourth source the
 * catalog's quality scores come from, used only for models with no measured LMArena row (snapshot 2026-07-30), no AA
 * v3 row (aa-index.ts) and no AA row of 2026-10-07 (aa4-index.ts): the small models of 2026 (Qwen3.5 0.8B / 2B,
 * Gemma 4 E2B, Granite 4.1), which the 2026-10-07 copy lacks because it stops at an index of 4.8.
 * `scripts/quality-convert.ts` (npm run catalog:quality) converts these into LMArena Elo by its own least-squares
 * line over the catalog models that have a measured LMArena row and a row here; docs/estimator.md (ranking) states
 * the fit.
 *
 * Rows are copied from one daily copy of the page's data, oolong-tea-2026/artificial-analysis-leaderboards
 * `data/2026-06-15/llms.json` (AA4J_INDEX_SOURCE: meta.source_url https://artificialanalysis.ai/leaderboards/models,
 * 509 models, fetched 2026-06-15T11:21Z), field `evaluations.artificial_analysis_intelligence_index`, rounded to two
 * decimals. Its components (tau2-bench, Terminal-Bench Hard, SciCode, AA-LCR, AA-Omniscience, IFBench, HLE, GPQA,
 * CritPt) are those of index v4.0; the values of shared models are the same every day from 2026-04-10 to 2026-06-15
 * and change scale on 2026-06-16 (Phi-4 10.41 -> 4.87), so this is one version, and not the version of the
 * 2026-10-07 table (Phi-4 5.9 there): the two sources are never mixed, each has its own fit. Rules: only rows AA
 * marks as measured (`artificial_analysis_intelligence_index_is_estimated` false; 120 of the 509 are estimated,
 * among them Llama 3.2 3B, QwQ 32B, Qwen2.5 72B and the Mixtrals, which are therefore not fit points); a checkpoint
 * with a thinking switch (Qwen3.5, Gemma 4, DeepSeek V3.1 / V3.2, GLM-4.5 and later) takes its "(Reasoning)" row, gpt-oss
 * its "(high)" row; separate Instruct and Thinking checkpoints their own rows. Rows of the same name as aa4-index.ts
 * and aa-index.ts. Absent here (no row of that checkpoint): Hunyuan A13B, SmolLM3, ERNIE 4.5 21B, Phi-4-reasoning,
 * Qwen2.5 VL, GLM-4 0414, GLM-4.6V-Flash ("GLM-4.6V" is the 106B model), Granite 4.0 H Tiny / H Micro, LFM2 350M,
 * the Nemotron Nano 8B v1 and 12B v2 (only "12B v2 VL"), OLMo 2 13B, Olmo 3 7B Think, DeepSeek V2 Lite, Qwen3 VL 2B.
 */
export const AA4J_INDEX_METRIC = 'aa-intelligence-index-v4.0';
export const AA4J_INDEX_AS_OF = '2026-06-15';
export const AA4J_INDEX_SOURCE =
  'https://github.com/oolong-tea-2026/artificial-analysis-leaderboards/blob/ef0eaa215509686483f8074099276726662aaf26/data/2026-06-15/llms.json';

/** Catalog id -> the AA row (the `name` of 2026-06-15) and its index. */
export const AA4J_INDEX: QualityRows = {
  // Catalog models with a measured LMArena row: the points of the fit.
  'deepseek-r1': { row: "DeepSeek R1 (Jan '25)", score: 18.84 },
  'deepseek-r1-0528': { row: "DeepSeek R1 0528 (May '25)", score: 27.07 },
  'deepseek-v3': { row: "DeepSeek V3 (Dec '24)", score: 16.46 },
  'deepseek-v3-0324': { row: 'DeepSeek V3 0324', score: 22.28 },
  'deepseek-v3.1': { row: 'DeepSeek V3.1 (Reasoning)', score: 27.71 },
  'deepseek-v3.1-terminus': { row: 'DeepSeek V3.1 Terminus (Reasoning)', score: 33.93 },
  'deepseek-v3.2': { row: 'DeepSeek V3.2 (Reasoning)', score: 41.71 },
  'deepseek-v3.2-exp': { row: 'DeepSeek V3.2 Exp (Reasoning)', score: 32.94 },
  'gemma-3-12b-it': { row: 'Gemma 3 12B Instruct', score: 8.79 },
  'gemma-3-27b-it': { row: 'Gemma 3 27B Instruct', score: 10.31 },
  'gemma-3-4b-it': { row: 'Gemma 3 4B Instruct', score: 6.3 },
  'gemma-4-26b-a4b-it': { row: 'Gemma 4 26B A4B (Reasoning)', score: 31.21 },
  'glm-4.5': { row: 'GLM-4.5 (Reasoning)', score: 26.42 },
  'glm-4.5-air': { row: 'GLM-4.5-Air', score: 23.17 },
  'glm-4.6': { row: 'GLM-4.6 (Reasoning)', score: 32.51 },
  'glm-4.7': { row: 'GLM-4.7 (Reasoning)', score: 42.11 },
  'glm-4.7-flash': { row: 'GLM-4.7-Flash (Reasoning)', score: 30.15 },
  'glm-5': { row: 'GLM-5 (Reasoning)', score: 49.77 },
  'glm-5.1': { row: 'GLM-5.1 (Reasoning)', score: 51.41 },
  'gpt-oss-120b': { row: 'gpt-oss-120b (high)', score: 33.27 },
  'gpt-oss-20b': { row: 'gpt-oss-20B (high)', score: 24.47 },
  'granite-4.0-h-small': { row: 'Granite 4.0 H Small', score: 10.81 },
  'kimi-k2-instruct': { row: 'Kimi K2', score: 26.32 },
  'kimi-k2-instruct-0905': { row: 'Kimi K2 0905', score: 30.85 },
  'kimi-k2-thinking': { row: 'Kimi K2 Thinking', score: 40.89 },
  'kimi-k2.5': { row: 'Kimi K2.5 (Reasoning)', score: 46.81 },
  'llama-3.1-70b-instruct': { row: 'Llama 3.1 Instruct 70B', score: 12.47 },
  'llama-3.1-8b-instruct': { row: 'Llama 3.1 Instruct 8B', score: 11.76 },
  'llama-3.2-1b-instruct': { row: 'Llama 3.2 Instruct 1B', score: 6.28 },
  'llama-3.3-70b-instruct': { row: 'Llama 3.3 Instruct 70B', score: 14.49 },
  'llama-4-maverick-17b-128e-instruct': { row: 'Llama 4 Maverick', score: 18.36 },
  'llama-4-scout-17b-16e-instruct': { row: 'Llama 4 Scout', score: 13.52 },
  'minimax-m2': { row: 'MiniMax-M2', score: 36.09 },
  'minimax-m2.1': { row: 'MiniMax-M2.1', score: 39.42 },
  'minimax-m2.5': { row: 'MiniMax-M2.5', score: 41.93 },
  'minimax-m2.7': { row: 'MiniMax-M2.7', score: 49.62 },
  'mistral-small-3.1-24b-instruct-2503': { row: 'Mistral Small 3.1', score: 14.48 },
  'mistral-small-3.2-24b-instruct-2506': { row: 'Mistral Small 3.2', score: 15.07 },
  'nvidia-nemotron-3-nano-30b-a3b': { row: 'NVIDIA Nemotron 3 Nano 30B A3B (Reasoning)', score: 24.27 },
  'phi-4': { row: 'Phi-4', score: 10.41 },
  'qwen3-235b-a22b': { row: 'Qwen3 235B A22B (Reasoning)', score: 19.79 },
  'qwen3-235b-a22b-instruct-2507': { row: 'Qwen3 235B A22B 2507 Instruct', score: 24.96 },
  'qwen3-235b-a22b-thinking-2507': { row: 'Qwen3 235B A22B 2507 (Reasoning)', score: 29.54 },
  'qwen3-30b-a3b': { row: 'Qwen3 30B A3B (Reasoning)', score: 15.28 },
  'qwen3-30b-a3b-instruct-2507': { row: 'Qwen3 30B A3B 2507 Instruct', score: 15 },
  'qwen3-32b': { row: 'Qwen3 32B (Reasoning)', score: 16.53 },
  'qwen3-coder-480b-a35b-instruct': { row: 'Qwen3 Coder 480B A35B Instruct', score: 24.77 },
  'qwen3-next-80b-a3b-instruct': { row: 'Qwen3 Next 80B A3B Instruct', score: 20.11 },
  'qwen3-next-80b-a3b-thinking': { row: 'Qwen3 Next 80B A3B (Reasoning)', score: 26.72 },
  'qwen3-vl-235b-a22b-instruct': { row: 'Qwen3 VL 235B A22B Instruct', score: 20.75 },
  'qwen3-vl-235b-a22b-thinking': { row: 'Qwen3 VL 235B A22B (Reasoning)', score: 27.64 },
  'qwen3.5-122b-a10b': { row: 'Qwen3.5 122B A10B (Reasoning)', score: 41.6 },
  'qwen3.5-27b': { row: 'Qwen3.5 27B (Reasoning)', score: 42.07 },
  'qwen3.5-35b-a3b': { row: 'Qwen3.5 35B A3B (Reasoning)', score: 37.12 },
  'qwen3.5-397b-a17b': { row: 'Qwen3.5 397B A17B (Reasoning)', score: 45.05 },
  // Catalog models without a measured LMArena row, an AA v3 row or an AA row of 2026-10-07: converted.
  'gemma-4-e2b-it': { row: 'Gemma 4 E2B (Reasoning)', score: 15.21 },
  'granite-4.1-30b': { row: 'Granite 4.1 30B', score: 14.69 },
  'granite-4.1-3b': { row: 'Granite 4.1 3B', score: 8.54 },
  'qwen3.5-0.8b': { row: 'Qwen3.5 0.8B (Reasoning)', score: 10.52 },
  'qwen3.5-2b': { row: 'Qwen3.5 2B (Reasoning)', score: 16.29 },
};
