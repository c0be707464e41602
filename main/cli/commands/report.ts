import { resolve } from 'node:path';
import { PAPER_SIZES, REPORT_FORMATS } from '../../../app/domain/report';
import type { PaperSize, ReportFormat } from '../../../app/domain/report';
import { ownValue } from '../../../app/catalog/own-key';
import { createSizerService } from '../../services/sizer-service';
import { defaultReportsDir } from '../../services/app-paths';
import { UsageError, flagBool, flagString } from '../args';
import type { Command } from '../command';
import { APP_NAME, APP_VERSION } from '../app-meta';
import { HARDWARE_FLAGS, RAW_FLAG, hardwareChoice } from '../hardware-source';
import type { RecommendGoal } from '../../../app/estimator/recommend';
import { ESTIMATE_OPTION_FLAGS, estimateOptionsFromFlags } from './estimate';

const FORMAT_ALIASES: Readonly<Record<string, ReportFormat>> = { md: 'markdown', markdown: 'markdown', html: 'html', json: 'json', pdf: 'pdf' };

const isGoal = (g: string): g is RecommendGoal => g === 'quality' || g === 'speed' || g === 'context';

export const reportCommand: Command = {
  name: 'report',
  summary: 'write a recommendation report (Markdown, HTML, JSON or PDF) for this machine',
  usage: 'llm-sizer report [--format md|html|json|pdf] [--paper a4|letter] [--out FILE|-] [--context 8192] [--prompt 512] [--kv f16] [--runtime llama.cpp] [--backend cuda|rocm|vulkan|metal|sycl|cpu] [--goal quality] [--raw] [--include-private]',
  flags: [
    { name: 'format', takesValue: true, help: `md (default), html, json or pdf` },
    { name: 'paper', takesValue: true, help: 'PDF paper size: a4 (default) or letter' },
    { name: 'include-private', takesValue: false, help: 'keep the user name, host name and home folder paths (default: left out, paths start with ~)' },
    { name: 'out', takesValue: true, help: 'file to write, or - for standard output (default: a new file in ~/LLM Sizer/reports)' },
    ...ESTIMATE_OPTION_FLAGS.filter((f) => ['context', 'prompt', 'kv', 'runtime', 'backend'].includes(f.name)),
    { name: 'goal', takesValue: true, help: 'ranking of the full table: quality (default), speed or context' },
    ...HARDWARE_FLAGS,
    RAW_FLAG,
  ],
  async run(args, io) {
    const formatName = flagString(args, 'format') ?? 'md';
    const format = ownValue(FORMAT_ALIASES, formatName);
    if (!format) throw new UsageError(`--format must be one of md, ${REPORT_FORMATS.filter((f) => f !== 'markdown').join(', ')}.`);
    const o = estimateOptionsFromFlags(args);
    const goal = flagString(args, 'goal') ?? 'quality';
    if (!isGoal(goal)) throw new UsageError('--goal must be quality, speed or context.');
    const paper = flagString(args, 'paper') ?? 'a4';
    if (!(PAPER_SIZES as readonly string[]).includes(paper)) throw new UsageError(`--paper must be one of ${PAPER_SIZES.join(', ')}.`);
    const out = flagString(args, 'out');
    // `--out -` prints the report: text as it is, a PDF as bytes.
    const print = (_path: string, content: string | Uint8Array): Promise<void> =>
      Promise.resolve(typeof content === 'string' ? io.out(content) : io.outBytes ? io.outBytes(content) : io.out(Buffer.from(content).toString('latin1')));
    const choice = hardwareChoice(args, { withCalibration: !flagBool(args, 'raw'), onNotice: (t) => io.err(`Note: ${t}\n`) });
    const service = createSizerService({
      entryPoint: 'cli',
      appName: APP_NAME,
      version: APP_VERSION,
      scan: choice.load,
      hardwareFile: choice.file,
      reportsDir: defaultReportsDir(),
      ...(out === '-' ? { chooseReportPath: () => Promise.resolve('-'), writeReport: print } : out ? { chooseReportPath: () => Promise.resolve(resolve(io.cwd, out)) } : {}),
    });
    const settings = { contextTokens: o.contextTokens, promptTokens: o.promptTokens, kvCacheType: o.kvCacheType, runtime: o.runtime, goal, ...(o.backend ? { backend: o.backend } : {}) };
    const r = await service.saveReport({ format, ...settings, paper: paper as PaperSize, includePrivate: flagBool(args, 'include-private') });
    if (!r.ok) {
      io.err(`llm-sizer report: ${r.error.message}\n`);
      return 1;
    }
    if (out === '-') return 0;
    io.out(`Wrote ${r.value.path ?? '(nothing)'} (${r.value.bytes} bytes)\n`);
    return 0;
  },
};
