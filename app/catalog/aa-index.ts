import type { QualityRows } from '../domain/model';

/**
 * Artificial Analysis Intelligence Index (v3), open-weights leaderboard as of 2025-11-20: the second source the
 * catalog's quality scores come from, for models the LMArena text snapshot (2026-07-30) has no row for.
 * `scripts/quality-convert.ts` (npm run catalog:quality) converts these into LMArena Elo by a least-squares fit (index and model size)
 * over the catalog models both sources score; docs/estimator.md (ranking) states the fit.
 *
 * Rows are copied from a labelled copy of the AA open-weights list (AA_INDEX_SOURCE); its shared rows match the
 * dated copy of the AA leaderboard page of 2025-11-20 (AA_INDEX_DATE_SOURCE), e.g. Kimi K2 Thinking 67,
 * MiniMax-M2 61, Qwen3 4B 2507 43 (reasoning) and 30, Gemma 3 27B 22, Gemma 3 1B 7. Rules: a checkpoint with a
 * thinking switch (Qwen3 of April 2025, DeepSeek V3.1, GLM-4.5/4.6, EXAONE 4.0) takes its "(Reasoning)" row, the
 * mode AA scores highest; gpt-oss its "(high)" row; separate Instruct and Thinking checkpoints their own rows.
 * Left out where the row may name another checkpoint: "Mistral 7B Instruct" (no version), "Granite 4.0 Micro"
 * (the non-hybrid micro, not H Micro), "Granite 4.0 H 1B" (the hybrid, not Granite 4.0 1B), "DeepSeek-V2-Chat" (the 236B model, not V2 Lite).
 */
export const AA_INDEX_METRIC = 'aa-intelligence-index-v3';
export const AA_INDEX_AS_OF = '2025-11-20';
export const AA_INDEX_SOURCE = 'https://github.com/yuvalluria/Test_AA/blob/c40410580fb83220844eb384b6406c7ab1c09bcd/add_all_models.py';
export const AA_INDEX_DATE_SOURCE =
  'https://github.com/TTaoGaming/hfo_2025_11/blob/15f7c4cccaf7cc2fcfaf6f9052088731bdd09316/carapace/ai-analysis-leaderboards-2025-11-20.md';

/** Catalog id -> the AA row (as the list names it) and its index. */
export const AA_INDEX: QualityRows = {
  'deepseek-v3': { row: "DeepSeek V3 (Dec '24)", score: 32 },
  'deepseek-v3-0324': { row: 'DeepSeek V3 0324', score: 41 },
  'deepseek-v3.1': { row: 'DeepSeek V3.1 (Reasoning)', score: 54 },
  'deepseek-v3.1-terminus': { row: 'DeepSeek V3.1 Terminus (Reasoning)', score: 58 },
  'deepseek-r1': { row: "DeepSeek R1 (Jan '25)", score: 44 },
  'deepseek-r1-0528': { row: "DeepSeek R1 0528 (May '25)", score: 52 },
  'deepseek-r1-distill-qwen-1.5b': { row: 'DeepSeek R1 Distill Qwen 1.5B', score: 9 },
  'deepseek-r1-distill-qwen-14b': { row: 'DeepSeek R1 Distill Qwen 14B', score: 30 },
  'deepseek-r1-distill-qwen-32b': { row: 'DeepSeek R1 Distill Qwen 32B', score: 33 },
  'deepseek-r1-distill-llama-8b': { row: 'DeepSeek R1 Distill Llama 8B', score: 19 },
  'deepseek-r1-distill-llama-70b': { row: 'DeepSeek R1 Distill Llama 70B', score: 30 },
  'deepseek-r1-0528-qwen3-8b': { row: 'DeepSeek R1 0528 Qwen3 8B', score: 31 },
  'deepseek-coder-v2-lite-instruct': { row: 'DeepSeek Coder V2 Lite Instruct', score: 6 },
  'gemma-2-9b-it': { row: 'Gemma 2 9B', score: 8 },
  'gemma-2-27b-it': { row: 'Gemma 2 27B', score: 17 },
  'gemma-3-1b-it': { row: 'Gemma 3 1B Instruct', score: 7 },
  'gemma-3-4b-it': { row: 'Gemma 3 4B Instruct', score: 15 },
  'gemma-3-12b-it': { row: 'Gemma 3 12B Instruct', score: 20 },
  'gemma-3-27b-it': { row: 'Gemma 3 27B Instruct', score: 22 },
  'gemma-3n-e2b-it': { row: 'Gemma 3n E2B Instruct', score: 11 },
  'glm-4.5': { row: 'GLM-4.5 (Reasoning)', score: 51 },
  'glm-4.5-air': { row: 'GLM-4.5-Air', score: 49 },
  'glm-4.6': { row: 'GLM-4.6 (Reasoning)', score: 56 },
  'gpt-oss-20b': { row: 'gpt-oss-20B (high)', score: 52 },
  'gpt-oss-120b': { row: 'gpt-oss-120B (high)', score: 61 },
  'granite-3.3-8b-instruct': { row: 'Granite 3.3 8B (Non-reasoning)', score: 15 },
  'granite-4.0-h-small': { row: 'Granite 4.0 H Small', score: 23 },
  'granite-4.0-350m': { row: 'Granite 4.0 350M', score: 8 },
  'granite-4.0-h-350m': { row: 'Granite 4.0 H 350M', score: 8 },
  'granite-4.0-1b': { row: 'Granite 4.0 1B', score: 13 },
  'kimi-k2-instruct': { row: 'Kimi K2', score: 48 },
  'kimi-k2-instruct-0905': { row: 'Kimi K2 0905', score: 50 },
  'kimi-k2-thinking': { row: 'Kimi K2 Thinking', score: 67 },
  'llama-3.1-8b-instruct': { row: 'Llama 3.1 Instruct 8B', score: 17 },
  'llama-3.1-70b-instruct': { row: 'Llama 3.1 Instruct 70B', score: 23 },
  'llama-3.2-1b-instruct': { row: 'Llama 3.2 Instruct 1B', score: 9 },
  'llama-3.2-3b-instruct': { row: 'Llama 3.2 Instruct 3B', score: 11 },
  'llama-3.2-11b-vision-instruct': { row: 'Llama 3.2 Instruct 11B (Vision)', score: 16 },
  'llama-3.3-70b-instruct': { row: 'Llama 3.3 Instruct 70B', score: 28 },
  'llama-4-scout-17b-16e-instruct': { row: 'Llama 4 Scout', score: 28 },
  'llama-4-maverick-17b-128e-instruct': { row: 'Llama 4 Maverick', score: 36 },
  'mistral-nemo-instruct-2407': { row: 'Mistral NeMo', score: 5 },
  'mistral-small-24b-instruct-2501': { row: 'Mistral Small 3', score: 21 },
  'mistral-small-3.1-24b-instruct-2503': { row: 'Mistral Small 3.1', score: 23 },
  'mistral-small-3.2-24b-instruct-2506': { row: 'Mistral Small 3.2', score: 29 },
  'ministral-8b-instruct-2410': { row: 'Ministral 8B', score: 12 },
  'devstral-small-2505': { row: "Devstral Small (May '25)", score: 20 },
  'devstral-small-2507': { row: "Devstral Small (Jul '25)", score: 27 },
  'magistral-small-2506': { row: 'Magistral Small 1', score: 32 },
  'magistral-small-2509': { row: 'Magistral Small 1.2', score: 43 },
  'mixtral-8x7b-instruct-v0.1': { row: 'Mixtral 8x7B Instruct', score: 3 },
  'mixtral-8x22b-instruct-v0.1': { row: 'Mixtral 8x22B Instruct', score: 12 },
  'codestral-22b-v0.1': { row: "Codestral (May '24)", score: 6 },
  'mistral-large-instruct-2407': { row: "Mistral Large 2 (Jul '24)", score: 22 },
  'olmo-2-7b-instruct': { row: 'OLMo 2 7B', score: 10 },
  'olmo-2-32b-instruct': { row: 'OLMo 2 32B', score: 14 },
  'command-r-08-2024': { row: "Command-R (Aug '24)", score: 1 },
  'seed-oss-36b-instruct': { row: 'Seed-OSS-36B-Instruct', score: 52 },
  'minimax-m2': { row: 'MiniMax-M2', score: 61 },
  'exaone-4.0-32b': { row: 'EXAONE 4.0 32B (Reasoning)', score: 43 },
  'phi-4': { row: 'Phi-4', score: 23 },
  'phi-4-mini-instruct': { row: 'Phi-4 Mini Instruct', score: 16 },
  'qwen2.5-32b-instruct': { row: 'Qwen2.5 Instruct 32B', score: 23 },
  'qwen2.5-72b-instruct': { row: 'Qwen2.5 Instruct 72B', score: 29 },
  'qwen2.5-coder-7b-instruct': { row: 'Qwen2.5 Coder Instruct 7B', score: 12 },
  'qwen2.5-coder-32b-instruct': { row: 'Qwen2.5 Coder Instruct 32B', score: 22 },
  'qwq-32b': { row: 'QwQ 32B', score: 38 },
  'qwen3-0.6b': { row: 'Qwen3 0.6B (Reasoning)', score: 14 },
  'qwen3-1.7b': { row: 'Qwen3 1.7B (Reasoning)', score: 22 },
  'qwen3-4b': { row: 'Qwen3 4B (Reasoning)', score: 26 },
  'qwen3-8b': { row: 'Qwen3 8B (Reasoning)', score: 28 },
  'qwen3-14b': { row: 'Qwen3 14B (Reasoning)', score: 36 },
  'qwen3-32b': { row: 'Qwen3 32B (Reasoning)', score: 39 },
  'qwen3-30b-a3b': { row: 'Qwen3 30B A3B (Reasoning)', score: 37 },
  'qwen3-235b-a22b': { row: 'Qwen3 235B A22B (Reasoning)', score: 42 },
  'qwen3-4b-instruct-2507': { row: 'Qwen3 4B 2507 Instruct', score: 30 },
  'qwen3-4b-thinking-2507': { row: 'Qwen3 4B 2507 (Reasoning)', score: 43 },
  'qwen3-30b-a3b-instruct-2507': { row: 'Qwen3 30B A3B 2507 Instruct', score: 37 },
  'qwen3-30b-a3b-thinking-2507': { row: 'Qwen3 30B A3B 2507 (Reasoning)', score: 46 },
  'qwen3-235b-a22b-instruct-2507': { row: 'Qwen3 235B A22B 2507 Instruct', score: 45 },
  'qwen3-235b-a22b-thinking-2507': { row: 'Qwen3 235B A22B 2507 (Reasoning)', score: 57 },
  'qwen3-coder-30b-a3b-instruct': { row: 'Qwen3 Coder 30B A3B Instruct', score: 33 },
  'qwen3-coder-480b-a35b-instruct': { row: 'Qwen3 Coder 480B A35B Instruct', score: 42 },
  'qwen3-next-80b-a3b-instruct': { row: 'Qwen3 Next 80B A3B Instruct', score: 45 },
  'qwen3-next-80b-a3b-thinking': { row: 'Qwen3 Next 80B A3B (Reasoning)', score: 54 },
  'qwen3-vl-4b-instruct': { row: 'Qwen3 VL 4B Instruct', score: 25 },
  'qwen3-vl-4b-thinking': { row: 'Qwen3 VL 4B (Reasoning)', score: 27 },
  'qwen3-vl-8b-instruct': { row: 'Qwen3 VL 8B Instruct', score: 27 },
  'qwen3-vl-8b-thinking': { row: 'Qwen3 VL 8B (Reasoning)', score: 32 },
  'qwen3-vl-30b-a3b-instruct': { row: 'Qwen3 VL 30B A3B Instruct', score: 38 },
  'qwen3-vl-30b-a3b-thinking': { row: 'Qwen3 VL 30B A3B (Reasoning)', score: 45 },
  'qwen3-vl-32b-instruct': { row: 'Qwen3 VL 32B Instruct', score: 41 },
  'qwen3-vl-32b-thinking': { row: 'Qwen3 VL 32B (Reasoning)', score: 52 },
  'qwen3-vl-235b-a22b-instruct': { row: 'Qwen3 VL 235B A22B Instruct', score: 44 },
  'qwen3-vl-235b-a22b-thinking': { row: 'Qwen3 VL 235B A22B (Reasoning)', score: 54 },
  'nvidia-nemotron-nano-9b-v2': { row: 'NVIDIA Nemotron Nano 9B V2 (Reasoning)', score: 37 },
  'lfm2-1.2b': { row: 'LFM2 1.2B', score: 10 },
  'lfm2-8b-a1b': { row: 'LFM2 8B A1B', score: 17 },
};
