import type { QualityRows } from '../domain/model';

/**
 * Open LLM Leaderboard v2 (Hugging Face), "Average ⬆️" column: the mean of its six normalized benchmark scores
 * (IFEval, BBH, MATH Lvl 5, GPQA, MUSR, MMLU-PRO), 0–100. The fifth source the catalog's quality scores come from,
 * used only for models with neither a measured LMArena row (snapshot 2026-07-30) nor an Artificial Analysis row
 * (aa-index.ts, newer, so preferred). `scripts/quality-convert.ts` (npm run catalog:quality) converts these into
 * LMArena Elo by a least-squares fit over the catalog models that have a measured LMArena row and a row here;
 * docs/estimator.md (ranking) states the fit.
 *
 * The leaderboard was frozen in March 2025 and measures benchmarks, not chat preference. Rows are copied from the
 * full dated copy of its table in chenjy16/modelrank_ai (OLL_INDEX_SOURCE, 4,576 rows; the repository was created
 * on 2025-04-05 and its main history last writes this file in 115bb0d9 of 2025-04-05), rounded to two decimals as
 * the leaderboard shows them; the same repository's rendered table (docs/index.html at 2c9830dc) has the same
 * values. Row rules: the exact Hugging Face repo id of the catalog entry's `hfRepo` (never a fine-tune, merge, base
 * model or another size); Command R7B takes its row under CohereForAI, the organisation's name before it became
 * CohereLabs (same repository). Where a repo has two rows (two precisions: Phi-4, Qwen2.5 0.5B) the higher one is
 * taken, which is the official-provider row in both cases. Left out: reasoning checkpoints that think before they
 * answer (QwQ-32B, the DeepSeek R1 distills), which the leaderboard's harness scores far below their size
 * (QwQ-32B: 2.9 on BBH, 2.2 on MMLU-PRO, average 12.21, below Llama 3.2 1B), so their rows do not measure the model.
 */
export const OLL_INDEX_METRIC = 'open-llm-leaderboard-v2-average';
export const OLL_INDEX_AS_OF = '2025-04-05';
export const OLL_INDEX_SOURCE = 'https://github.com/chenjy16/modelrank_ai/blob/6e0ed880b976e9eee4604106b291bc50318def9b/docs/leaderboard.csv';

/** Catalog id -> the leaderboard row (the model's HF repo id as the leaderboard names it) and its average. */
export const OLL_INDEX: QualityRows = {
  'command-r7b-12-2024': { row: 'CohereForAI/c4ai-command-r7b-12-2024', score: 31.62 },
  'gemma-2-27b-it': { row: 'google/gemma-2-27b-it', score: 36.17 },
  'gemma-2-2b-it': { row: 'google/gemma-2-2b-it', score: 17.05 },
  'gemma-2-9b-it': { row: 'google/gemma-2-9b-it', score: 32.07 },
  'llama-3.1-70b-instruct': { row: 'meta-llama/Llama-3.1-70B-Instruct', score: 43.41 },
  'llama-3.1-8b-instruct': { row: 'meta-llama/Llama-3.1-8B-Instruct', score: 23.76 },
  'llama-3.2-1b-instruct': { row: 'meta-llama/Llama-3.2-1B-Instruct', score: 14.44 },
  'llama-3.2-3b-instruct': { row: 'meta-llama/Llama-3.2-3B-Instruct', score: 24.2 },
  'llama-3.3-70b-instruct': { row: 'meta-llama/Llama-3.3-70B-Instruct', score: 44.85 },
  'ministral-8b-instruct-2410': { row: 'mistralai/Ministral-8B-Instruct-2410', score: 24.19 },
  'mistral-7b-instruct-v0.3': { row: 'mistralai/Mistral-7B-Instruct-v0.3', score: 19.23 },
  'mixtral-8x22b-instruct-v0.1': { row: 'mistralai/Mixtral-8x22B-Instruct-v0.1', score: 33.89 },
  'mixtral-8x7b-instruct-v0.1': { row: 'mistralai/Mixtral-8x7B-Instruct-v0.1', score: 23.82 },
  'phi-3.5-mini-instruct': { row: 'microsoft/Phi-3.5-mini-instruct', score: 28.18 },
  'phi-3.5-moe-instruct': { row: 'microsoft/Phi-3.5-MoE-instruct', score: 36.88 },
  'phi-4': { row: 'microsoft/phi-4', score: 30.36 },
  'qwen2.5-0.5b-instruct': { row: 'Qwen/Qwen2.5-0.5B-Instruct', score: 10.11 },
  'qwen2.5-1.5b-instruct': { row: 'Qwen/Qwen2.5-1.5B-Instruct', score: 18.43 },
  'qwen2.5-14b-instruct': { row: 'Qwen/Qwen2.5-14B-Instruct', score: 41.31 },
  'qwen2.5-3b-instruct': { row: 'Qwen/Qwen2.5-3B-Instruct', score: 27.16 },
  'qwen2.5-72b-instruct': { row: 'Qwen/Qwen2.5-72B-Instruct', score: 47.98 },
  'qwen2.5-7b-instruct': { row: 'Qwen/Qwen2.5-7B-Instruct', score: 35.2 },
  'qwen2.5-coder-14b-instruct': { row: 'Qwen/Qwen2.5-Coder-14B-Instruct', score: 32.12 },
  'qwen2.5-coder-32b-instruct': { row: 'Qwen/Qwen2.5-Coder-32B-Instruct', score: 39.89 },
  'smollm2-1.7b-instruct': { row: 'HuggingFaceTB/SmolLM2-1.7B-Instruct', score: 15.02 },
};
