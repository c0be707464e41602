import type { QualityRows } from '../domain/model';

/**
 * Swallow LLM Leaderboard (Institute of Science Tokyo / AIST, CC-BY 4.0), its English post-trained task average
 * (`results.en_post.avg`, 0-1: HellaSwag, MMLU-Pro, GPQA, MATH-500, AIME and LiveCodeBench, one harness,
 * swallow-evaluation): the sixth source the catalog's quality scores come from, used only for models that no other
 * source scores (no measured LMArena row, no AA row, no Open LLM Leaderboard row). `scripts/quality-convert.ts`
 * (npm run catalog:quality) converts these into LMArena Elo by its own least-squares fit over the catalog models that
 * have a measured LMArena row and a row here; docs/estimator.md (ranking) states the fit.
 *
 * Rows are copied from `_data/model.yml` at commit 9beab670 of 2026-02-20 (SWALLOW_INDEX_SOURCE), the leaderboard's
 * data file as the site builds it; the next change of that file (be9013b, 2026-05-07) drops DeepSeek R1 Distill Qwen
 * 7B, so the February copy is the one used. Row rule: the exact Hugging Face repo id of the catalog entry's `hfRepo`
 * (`model_id`), as for the Open LLM Leaderboard; the leaderboard runs reasoning checkpoints with reasoning on.
 */
export const SWALLOW_INDEX_METRIC = 'swallow-en-post-average';
export const SWALLOW_INDEX_AS_OF = '2026-02-20';
export const SWALLOW_INDEX_SOURCE = 'https://github.com/swallow-llm/leaderboard/blob/9beab6708a66e91b3c2376a0a5427a95282cd999/_data/model.yml';

/** Catalog id -> the leaderboard row (its `model_id`) and its English post-trained average. */
export const SWALLOW_INDEX: QualityRows = {
  // Catalog models with a measured LMArena row: the points of the fit.
  'gemma-2-27b-it': { row: 'google/gemma-2-27b-it', score: 0.441 },
  'gemma-2-2b-it': { row: 'google/gemma-2-2b-it', score: 0.256 },
  'gemma-2-9b-it': { row: 'google/gemma-2-9b-it', score: 0.392 },
  'gemma-3-12b-it': { row: 'google/gemma-3-12b-it', score: 0.524 },
  'gemma-3-27b-it': { row: 'google/gemma-3-27b-it', score: 0.571 },
  'gemma-3-4b-it': { row: 'google/gemma-3-4b-it', score: 0.405 },
  'gpt-oss-120b': { row: 'openai/gpt-oss-120b', score: 0.794 },
  'gpt-oss-20b': { row: 'openai/gpt-oss-20b', score: 0.737 },
  'llama-3.3-70b-instruct': { row: 'meta-llama/Llama-3.3-70B-Instruct', score: 0.545 },
  'llama-4-scout-17b-16e-instruct': { row: 'meta-llama/Llama-4-Scout-17B-16E-Instruct', score: 0.594 },
  'olmo-3-32b-think': { row: 'allenai/Olmo-3-32B-Think', score: 0.751 },
  'phi-4': { row: 'microsoft/phi-4', score: 0.547 },
  'qwen3-235b-a22b-instruct-2507': { row: 'Qwen/Qwen3-235B-A22B-Instruct-2507', score: 0.771 },
  'qwen3-235b-a22b-thinking-2507': { row: 'Qwen/Qwen3-235B-A22B-Thinking-2507', score: 0.856 },
  'qwen3-30b-a3b': { row: 'Qwen/Qwen3-30B-A3B', score: 0.764 },
  'qwen3-32b': { row: 'Qwen/Qwen3-32B', score: 0.768 },
  'qwen3-next-80b-a3b-instruct': { row: 'Qwen/Qwen3-Next-80B-A3B-Instruct', score: 0.802 },
  'qwen3-next-80b-a3b-thinking': { row: 'Qwen/Qwen3-Next-80B-A3B-Thinking', score: 0.84 },
  // Catalog models no other source scores: converted.
  'deepseek-r1-distill-qwen-7b': { row: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B', score: 0.546 },
  'llama-3.1-nemotron-nano-8b-v1': { row: 'nvidia/Llama-3.1-Nemotron-Nano-8B-v1', score: 0.588 },
  'olmo-3-7b-think': { row: 'allenai/Olmo-3-7B-Think', score: 0.658 },
};
