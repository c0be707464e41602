import type { QualityRows } from '../domain/model';

/**
 * Artificial Analysis Intelligence Index (v4.x), the table of 2026-10-07: the third source the catalog's quality
 * scores come from, used only for models with neither a measured LMArena row (snapshot 2026-07-30) nor an AA v3 row
 * (aa-index.ts, the better fit, so preferred). `scripts/quality-convert.ts` (npm run catalog:quality) converts these
 * into LMArena Elo by its own least-squares fit (index and, where it predicts better, model size) over the catalog models that have a measured LMArena row and a row
 * here; docs/estimator.md (ranking) states the fit. v4 values are re-scored with each version and are not
 * comparable with v3 (Qwen3 235B A22B reasoning: 9.5 here, 57 in v3), so the two sources are never mixed.
 *
 * Rows are copied from one date of a daily copy of AA's model data, roblevinson-cloud/gpu-tracker
 * `data/aa_models.csv` (AA4_INDEX_SOURCE): every row dated 2026-10-07 (one scrape, so one index version), column
 * `intelligence_index`, one decimal as AA's data has it. That file has other dates of other versions (on 2026-09-07
 * older models sat at a floor of 1.0); none of them is used. Its rows of 2026-10-07 are a subset of AA's list (it
 * stops at 4.8 and lacks e.g. Gemma 4 31B (Reasoning)); a model without a row there stays without one here.
 * Rules, as for aa-index.ts: a checkpoint with a thinking switch (Qwen3 of April 2025, Qwen3.5/3.6, DeepSeek V3.1/
 * V3.2, GLM-4.6 and later, Gemma 4, Nemotron 3 Nano, Kimi K2.5) takes its "(Reasoning)" row; gpt-oss its "(High)"
 * row; Qwen3.8 27B, which AA scores by effort (Xhigh, Medium, Low, Non-reasoning) with no "(Reasoning)" row, the row
 * of AA's own slug for the model (`qwen3-8-27b`, "(Xhigh)"), as gpt-oss's slug is its "(High)" row; separate Instruct and Thinking checkpoints their own rows. Left out where the row names another checkpoint:
 * "NVIDIA Nemotron Nano 12B v2 VL" (the vision model, not Nemotron Nano 12B v2), "GLM-4.6V" (the 106B model, not
 * GLM-4.6V-Flash), "ERNIE 4.5 300B A47B" (not the 21B), "Mistral 7B Instruct" (no version).
 */
export const AA4_INDEX_METRIC = 'aa-intelligence-index-v4';
export const AA4_INDEX_AS_OF = '2026-10-07';
export const AA4_INDEX_SOURCE = 'https://github.com/roblevinson-cloud/gpu-tracker/blob/00559aba20a2899871fdfbfc88e5aabef12217cd/data/aa_models.csv';

/** Catalog id -> the AA row (the `name` column of 2026-10-07) and its index. */
export const AA4_INDEX: QualityRows = {
  // Catalog models with a measured LMArena row: the points of the fit.
  'deepseek-r1': { row: "DeepSeek R1 (Jan '25)", score: 11.4 },
  'deepseek-r1-0528': { row: "DeepSeek R1 0528 (May '25)", score: 13.1 },
  'deepseek-v3': { row: "DeepSeek V3 (Dec '24)", score: 8.5 },
  'deepseek-v3-0324': { row: 'DeepSeek V3 0324', score: 9.7 },
  'deepseek-v3.1': { row: 'DeepSeek V3.1 (Reasoning)', score: 13.5 },
  'deepseek-v3.1-terminus': { row: 'DeepSeek V3.1 Terminus (Reasoning)', score: 14.8 },
  'deepseek-v3.2': { row: 'DeepSeek V3.2 (Reasoning)', score: 21.5 },
  'deepseek-v3.2-exp': { row: 'DeepSeek V3.2 Exp (Reasoning)', score: 16.6 },
  'gemma-4-26b-a4b-it': { row: 'Gemma 4 26B A4B (Reasoning)', score: 16.7 },
  'glm-4.5-air': { row: 'GLM-4.5-Air', score: 11.1 },
  'glm-4.6': { row: 'GLM-4.6 (Reasoning)', score: 18.5 },
  'glm-4.7': { row: 'GLM-4.7 (Reasoning)', score: 22.2 },
  'glm-4.7-flash': { row: 'GLM-4.7-Flash (Reasoning)', score: 14.9 },
  'glm-5': { row: 'GLM-5 (Reasoning)', score: 27.9 },
  'glm-5.1': { row: 'GLM-5.1 (Reasoning)', score: 26.1 },
  'gpt-oss-20b': { row: 'gpt-oss-20b (High)', score: 9 },
  'gpt-oss-120b': { row: 'gpt-oss-120b (High)', score: 11.6 },
  'granite-4.0-h-small': { row: 'Granite 4.0 H Small', score: 6 },
  'kimi-k2-instruct': { row: 'Kimi K2', score: 12.7 },
  'kimi-k2-instruct-0905': { row: 'Kimi K2 0905', score: 15.3 },
  'kimi-k2-thinking': { row: 'Kimi K2 Thinking', score: 22 },
  'kimi-k2.5': { row: 'Kimi K2.5 (Reasoning)', score: 23.5 },
  'llama-3.1-8b-instruct': { row: 'Llama 3.1 Instruct 8B', score: 6.9 },
  'llama-3.1-70b-instruct': { row: 'Llama 3.1 Instruct 70B', score: 6.6 },
  'llama-3.3-70b-instruct': { row: 'Llama 3.3 Instruct 70B', score: 7.7 },
  'llama-4-scout-17b-16e-instruct': { row: 'Llama 4 Scout', score: 8.1 },
  'llama-4-maverick-17b-128e-instruct': { row: 'Llama 4 Maverick', score: 10 },
  'minimax-m2': { row: 'MiniMax-M2', score: 18.6 },
  'minimax-m2.1': { row: 'MiniMax-M2.1', score: 20.9 },
  'minimax-m2.5': { row: 'MiniMax-M2.5', score: 22.8 },
  'minimax-m2.7': { row: 'MiniMax-M2.7', score: 22.8 },
  'mistral-large-instruct-2407': { row: "Mistral Large 2 (Jul '24)", score: 6.8 },
  'mistral-small-24b-instruct-2501': { row: 'Mistral Small 3', score: 6.7 },
  'mistral-small-3.1-24b-instruct-2503': { row: 'Mistral Small 3.1', score: 7.1 },
  'mistral-small-3.2-24b-instruct-2506': { row: 'Mistral Small 3.2', score: 8.2 },
  'mixtral-8x7b-instruct-v0.1': { row: 'Mixtral 8x7B Instruct', score: 5.1 },
  'nvidia-nemotron-3-nano-30b-a3b': { row: 'NVIDIA Nemotron 3 Nano 30B A3B (Reasoning)', score: 8.9 },
  'phi-4': { row: 'Phi-4', score: 5.9 },
  'qwen2.5-72b-instruct': { row: 'Qwen2.5 Instruct 72B', score: 7.7 },
  'qwen3-235b-a22b': { row: 'Qwen3 235B A22B (Reasoning)', score: 9.5 },
  'qwen3-235b-a22b-instruct-2507': { row: 'Qwen3 235B A22B 2507 Instruct', score: 12 },
  'qwen3-235b-a22b-thinking-2507': { row: 'Qwen3 235B A22B 2507 (Reasoning)', score: 12.7 },
  'qwen3-30b-a3b': { row: 'Qwen3 30B A3B (Reasoning)', score: 7.6 },
  'qwen3-30b-a3b-instruct-2507': { row: 'Qwen3 30B A3B 2507 Instruct', score: 7.5 },
  'qwen3-32b': { row: 'Qwen3 32B (Reasoning)', score: 8.6 },
  'qwen3-coder-480b-a35b-instruct': { row: 'Qwen3 Coder 480B A35B Instruct', score: 11.9 },
  'qwen3-next-80b-a3b-instruct': { row: 'Qwen3 Next 80B A3B Instruct', score: 9.6 },
  'qwen3-next-80b-a3b-thinking': { row: 'Qwen3 Next 80B A3B (Reasoning)', score: 11.2 },
  'qwen3-vl-235b-a22b-instruct': { row: 'Qwen3 VL 235B A22B Instruct', score: 9.9 },
  'qwen3-vl-235b-a22b-thinking': { row: 'Qwen3 VL 235B A22B (Reasoning)', score: 13.4 },
  'qwen3.5-27b': { row: 'Qwen3.5 27B (Reasoning)', score: 22.9 },
  'qwen3.5-35b-a3b': { row: 'Qwen3.5 35B A3B (Reasoning)', score: 19.3 },
  'qwen3.5-122b-a10b': { row: 'Qwen3.5 122B A10B (Reasoning)', score: 15.6 },
  'qwen3.5-397b-a17b': { row: 'Qwen3.5 397B A17B (Reasoning)', score: 18.4 },
  'qwq-32b': { row: 'QwQ 32B', score: 9.5 },
  // Catalog models AA v3 converts (preferred): not converted from here, kept for the comparison of the two lines
  // in docs/estimator.md.
  'deepseek-r1-distill-llama-70b': { row: 'DeepSeek R1 Distill Llama 70B', score: 7.9 },
  'granite-3.3-8b-instruct': { row: 'Granite 3.3 8B (Non-reasoning)', score: 4.9 },
  'magistral-small-2509': { row: 'Magistral Small 1.2', score: 8.6 },
  'nvidia-nemotron-nano-9b-v2': { row: 'NVIDIA Nemotron Nano 9B V2 (Reasoning)', score: 7.4 },
  'qwen3-8b': { row: 'Qwen3 8B (Reasoning)', score: 7.3 },
  'qwen3-14b': { row: 'Qwen3 14B (Reasoning)', score: 8.2 },
  'qwen3-30b-a3b-thinking-2507': { row: 'Qwen3 30B A3B 2507 (Reasoning)', score: 9.8 },
  'qwen3-coder-30b-a3b-instruct': { row: 'Qwen3 Coder 30B A3B Instruct', score: 9.6 },
  'qwen3-vl-8b-instruct': { row: 'Qwen3 VL 8B Instruct', score: 7.3 },
  'qwen3-vl-8b-thinking': { row: 'Qwen3 VL 8B (Reasoning)', score: 8.2 },
  'qwen3-vl-30b-a3b-instruct': { row: 'Qwen3 VL 30B A3B Instruct', score: 7.9 },
  'qwen3-vl-30b-a3b-thinking': { row: 'Qwen3 VL 30B A3B (Reasoning)', score: 9.5 },
  'qwen3-vl-32b-instruct': { row: 'Qwen3 VL 32B Instruct', score: 8.4 },
  'qwen3-vl-32b-thinking': { row: 'Qwen3 VL 32B (Reasoning)', score: 11.9 },
  'seed-oss-36b-instruct': { row: 'Seed-OSS-36B-Instruct', score: 12.1 },
  // Catalog models without a measured LMArena row or an AA v3 row: converted.
  'apertus-8b-instruct-2509': { row: 'Apertus 8B Instruct', score: 4.8 },
  'gemma-4-12b-it': { row: 'Gemma 4 12B (Reasoning)', score: 14.2 },
  'gemma-4-e4b-it': { row: 'Gemma 4 E4B (Reasoning)', score: 8.9 },
  'kimi-k2.7-code': { row: 'Kimi K2.7 Code', score: 25.8 },
  'ministral-3-3b-instruct-2512': { row: 'Ministral 3 3B', score: 4.8 },
  'ministral-3-8b-instruct-2512': { row: 'Ministral 3 8B', score: 5.5 },
  'ministral-3-14b-instruct-2512': { row: 'Ministral 3 14B', score: 6 },
  'olmo-3-7b-instruct': { row: 'Olmo 3 7B Instruct', score: 5.2 },
  'qwen3-coder-next': { row: 'Qwen3 Coder Next', score: 9.2 },
  'qwen3.5-4b': { row: 'Qwen3.5 4B (Reasoning)', score: 13.1 },
  'qwen3.5-9b': { row: 'Qwen3.5 9B (Reasoning)', score: 11.2 },
  'qwen3.6-27b': { row: 'Qwen3.6 27B (Reasoning)', score: 21.4 },
  'qwen3.6-35b-a3b': { row: 'Qwen3.6 35B A3B (Reasoning)', score: 18.2 },
  'qwen3.8-27b': { row: 'Qwen3.8 27B (Xhigh)', score: 33.7 },
};
