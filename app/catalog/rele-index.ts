import type { QualityRows } from '../domain/model';

/**
 * ReLE (jeinlee1991/chinese-llm-benchmark, formerly CLiB), its overall accuracy (【总分】准确率, %): one in-house harness
 * over about 300 Chinese-language test sets, 0.3 x professional domains (education, medicine, finance, law) + 0.7 x
 * general ability (reasoning and maths, language and instruction following, agents and tool use), run by the project
 * on every model, not vendor-reported. The seventh source the catalog's quality scores come from, used only for models
 * that no other source scores. `scripts/quality-convert.ts` (npm run catalog:quality) converts these into LMArena Elo
 * by its own least-squares fit over the catalog models that have a measured LMArena row and a row here;
 * docs/estimator.md (ranking) states the fit.
 *
 * Rows are copied from `leaderboard/总分.md` at commit 03fafbd6 (RELE_INDEX_SOURCE), version v5.8 of 2025-11-03 (the
 * repository's README lists "[2025/11/3] v5.8版本"; the table's newest rows are marked "(new)"). Row rules: the
 * checkpoint's own row; a checkpoint with a thinking switch (DeepSeek V3.1 / V3.2, GLM-4.5 / 4.6, Qwen3 of April 2025,
 * Hunyuan-A13B) takes its thinking row, not the "-nothink" one, as for the AA tables; Llama 4 Maverick's row is
 * Meta's FP8 release of the same checkpoint; Kimi K2 Instruct's is its API name "kimi-k2-0711-preview" (the July
 * checkpoint). GLM-4-32B-0414 had left the table by this version (v5.7 dropped it).
 */
export const RELE_INDEX_METRIC = 'rele-total-accuracy';
export const RELE_INDEX_AS_OF = '2025-11-03';
export const RELE_INDEX_SOURCE = 'https://github.com/jeinlee1991/chinese-llm-benchmark/blob/03fafbd6aa7f86d0be9283e46e54e79f79976444/leaderboard/%E6%80%BB%E5%88%86.md';

/** Catalog id -> the leaderboard row (the 大模型 column) and its overall accuracy in %. */
export const RELE_INDEX: QualityRows = {
  // Catalog models with a measured LMArena row: the points of the fit.
  'deepseek-r1-0528': { row: 'DeepSeek-R1-0528', score: 65.9 },
  'deepseek-v3.1': { row: 'DeepSeek-V3.1-Think', score: 67.6 },
  'deepseek-v3.2-exp': { row: 'DeepSeek-V3.2-Exp-Think(new)', score: 69.9 },
  'gemma-3-4b-it': { row: 'gemma-3-4b-it', score: 32.1 },
  'gemma-3-12b-it': { row: 'gemma-3-12b-it', score: 38.2 },
  'gemma-3-27b-it': { row: 'gemma-3-27b-it', score: 38.9 },
  'glm-4.5': { row: 'GLM-4.5', score: 66.8 },
  'glm-4.5-air': { row: 'GLM-4.5-Air', score: 65.6 },
  'glm-4.6': { row: 'GLM-4.6(new)', score: 67.9 },
  'gpt-oss-20b': { row: 'gpt-oss-20b', score: 54.3 },
  'gpt-oss-120b': { row: 'gpt-oss-120b', score: 59 },
  'kimi-k2-instruct': { row: 'kimi-k2-0711-preview', score: 63.4 },
  'llama-4-maverick-17b-128e-instruct': { row: 'Llama-4-Maverick-17B-128E-Instruct-FP8', score: 56.7 },
  'llama-4-scout-17b-16e-instruct': { row: 'Llama-4-Scout-17B-16E-Instruct', score: 45.3 },
  'minimax-m2': { row: 'MiniMax-M2(new)', score: 59.5 },
  'mistral-small-3.2-24b-instruct-2506': { row: 'Mistral-Small-3.2-24B-Instruct-2506', score: 42.9 },
  'qwen3-32b': { row: 'Qwen3-32B', score: 56.2 },
  'qwen3-30b-a3b-instruct-2507': { row: 'Qwen3-30B-A3B-Instruct-2507', score: 59.2 },
  'qwen3-235b-a22b-instruct-2507': { row: 'qwen3-235b-a22b-instruct-2507', score: 67.2 },
  'qwen3-235b-a22b-thinking-2507': { row: 'qwen3-235b-a22b-thinking-2507', score: 65.5 },
  'qwen3-next-80b-a3b-instruct': { row: 'qwen3-next-80b-a3b-instruct(new)', score: 64.5 },
  // Catalog models no other source scores: converted.
  'glm-4-9b-0414': { row: 'GLM-4-9B-0414', score: 41.6 },
  'ernie-4.5-21b-a3b': { row: 'ERNIE-4.5-21B-A3B', score: 51.1 },
  'hunyuan-a13b-instruct': { row: 'Hunyuan-A13B-Instruct', score: 59.8 },
};
