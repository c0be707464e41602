import { builtInCatalog } from '../../../app/catalog/models';
import { formatBytes, formatTokens, formatTokensPerSec } from '../../../app/format/units';
import { recommendedQuantIds } from '../../../app/estimator/quant-types';
import { DEFAULT_MIN_TOKENS_PER_SEC, recommendAll } from '../../../app/estimator/recommend';
import type { RecommendGoal } from '../../../app/estimator/recommend';
import { FIT_LABELS } from '../../../app/report/render';
import { speedBasis } from '../../../app/report/report-model';
import { UsageError, flagBool, flagString, parsePositiveInt } from '../args';
import type { Command } from '../command';
import { HARDWARE_FLAGS, RAW_FLAG, hardwareChoice } from '../hardware-source';
import { ESTIMATE_OPTION_FLAGS, estimateOptionsFromFlags } from './estimate';

/** 0 means no floor; a negative or non-numeric floor is a mistake to report, not to ignore. */
function parseSpeedFloor(text: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--min-speed must be 0 or more tokens/s, got "${text}".`);
  return n;
}

export const recommendCommand: Command = {
  name: 'recommend',
  summary: 'rank the catalog for this machine: the best quantization of each model that runs',
  usage: 'llm-sizer recommend [--context 8192] [--goal quality|speed|context] [--min-speed 10] [--limit 20] [--json]',
  flags: [
    { name: 'goal', takesValue: true, help: 'quality (default: best quant at --min-speed), speed, or context (smallest memory)' },
    { name: 'min-speed', takesValue: true, help: 'slowest acceptable generation speed, tokens/s (default 10)' },
    { name: 'limit', takesValue: true, help: 'show the first N models (default 20)' },
    { name: 'low-bit', takesValue: false, help: 'also consider 2-bit quantizations (Q2_K, IQ2_M, IQ2_XXS)' },
    { name: 'json', takesValue: false, help: 'print the recommendations as JSON' },
    ...ESTIMATE_OPTION_FLAGS,
    ...HARDWARE_FLAGS,
    RAW_FLAG,
  ],
  async run(args, io) {
    const goal = flagString(args, 'goal') ?? 'quality';
    if (!['quality', 'speed', 'context'].includes(goal)) throw new UsageError('--goal must be quality, speed or context.');
    const minSpeed = flagString(args, 'min-speed');
    const limitText = flagString(args, 'limit');
    const limit = limitText ? parsePositiveInt(limitText, '--limit') : 20;
    const options = estimateOptionsFromFlags(args);
    const hw = await hardwareChoice(args, { withCalibration: !flagBool(args, 'raw'), onNotice: (t) => io.err(`Note: ${t}\n`) }).load();
    if (!hw.ok) {
      io.err(`llm-sizer recommend: ${hw.error.message}\n`);
      return 1;
    }
    const floor = minSpeed ? parseSpeedFloor(minSpeed) : DEFAULT_MIN_TOKENS_PER_SEC;
    if (options.runtime === 'mlx' && !hw.value.gpus.some((g) => g.vendor === 'apple')) {
      io.err('llm-sizer recommend: MLX runs only on Apple Silicon; choose --runtime llama.cpp, ollama or lmstudio here.\n');
      return 2;
    }
    const recs = recommendAll(hw.value, builtInCatalog().models, {
      estimate: options,
      quantIds: recommendedQuantIds(options.runtime, flagBool(args, 'low-bit')),
      goal: goal as RecommendGoal,
      minTokensPerSec: floor,
    }).slice(0, limit);
    if (flagBool(args, 'json')) {
      io.out(`${JSON.stringify(recs.map((r) => ({ modelId: r.model.id, best: r.best, belowMinSpeed: r.belowMinSpeed })), null, 2)}\n`);
      return 0;
    }
    // A reader of the text needs to know what the list answers: for which machine, context and goal, whether the
    // speeds were measured here, and what each column is (the JSON carries all of it in each estimate).
    const goalText =
      goal === 'quality' ? `its best quantization reaching ${floor} tok/s` : goal === 'speed' ? 'its fastest quantization' : 'its smallest memory';
    io.out(`${hw.value.label}: each model at ${goalText}, ${formatTokens(options.contextTokens)} context\n`);
    io.out(`Speeds ${flagBool(args, 'raw') ? "estimated by the formula alone (--raw: this machine's llama.cpp measurements left out)" : speedBasis(hw.value)}\n\n`);
    io.out(`${'Model'.padEnd(36)} ${'Quant'.padEnd(8)} ${'Runs on'.padEnd(16)} ${'Memory'.padEnd(10)} Generation\n`);
    for (const r of recs) {
      const e = r.best;
      if (!e) {
        io.out(`${r.model.name.padEnd(36)} ${FIT_LABELS.none}\n`);
        continue;
      }
      const speed = e.speed ? `${formatTokensPerSec(e.speed.generationTokensPerSec.value)} tok/s` : 'speed unknown';
      const slow = r.belowMinSpeed ? ` (below ${floor} tok/s at every quantization)` : '';
      const native = e.contextTokens > r.model.nativeContextTokens ? ` (trained for ${r.model.nativeContextTokens} tokens)` : '';
      io.out(`${r.model.name.padEnd(36)} ${e.quant.padEnd(8)} ${FIT_LABELS[e.fit].padEnd(16)} ${formatBytes(e.memory.totalBytes).padEnd(10)} ${speed}${slow}${native}\n`);
    }
    return 0;
  },
};
