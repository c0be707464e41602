import { resolve } from 'node:path';
import { BACKENDS } from '../../../app/domain/estimate';
import type { Backend } from '../../../app/domain/estimate';
import { REPORT_FORMATS } from '../../../app/domain/report';
import type { ReportFormat } from '../../../app/domain/report';
import { createSizerService } from '../../services/sizer-service';
import { defaultReportsDir } from '../../services/app-paths';
import { UsageError, flagBool, flagString, parsePositiveInt } from '../args';
import type { Command } from '../command';
import { APP_NAME, APP_VERSION } from '../app-meta';
import { HARDWARE_FLAGS, RAW_FLAG, hardwareChoice } from '../hardware-source';

const FORMAT_ALIASES: Readonly<Record<string, ReportFormat>> = { md: 'markdown', markdown: 'markdown', html: 'html', json: 'json' };

export const reportCommand: Command = {
  name: 'report',
  summary: 'write a recommendation report (Markdown, HTML or JSON) for this machine',
  usage: 'llm-sizer report [--format md|html|json] [--out FILE] [--context 8192] [--backend cuda|rocm|vulkan|metal|sycl|cpu]',
  flags: [
    { name: 'format', takesValue: true, help: `md (default), html or json` },
    { name: 'out', takesValue: true, help: 'file to write (default: a new file in ~/LLM Sizer/reports)' },
    { name: 'context', takesValue: true, help: 'context length the recommendations are made for (default 8192)' },
    { name: 'backend', takesValue: true, help: "llama.cpp backend: cuda, rocm, vulkan, metal, sycl or cpu (default: the machine's)" },
    ...HARDWARE_FLAGS,
    RAW_FLAG,
  ],
  async run(args, io) {
    const formatName = flagString(args, 'format') ?? 'md';
    const format = FORMAT_ALIASES[formatName];
    if (!format) throw new UsageError(`--format must be one of md, ${REPORT_FORMATS.filter((f) => f !== 'markdown').join(', ')}.`);
    const ctx = flagString(args, 'context');
    const contextTokens = ctx ? parsePositiveInt(ctx, '--context') : 8192;
    const backend = flagString(args, 'backend');
    if (backend !== undefined && !(BACKENDS as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}.`);
    const out = flagString(args, 'out');
    const choice = hardwareChoice(args, { withCalibration: !flagBool(args, 'raw'), onNotice: (t) => io.err(`Note: ${t}\n`) });
    const service = createSizerService({
      entryPoint: 'cli',
      appName: APP_NAME,
      version: APP_VERSION,
      scan: choice.load,
      hardwareFile: choice.file,
      reportsDir: defaultReportsDir(),
      ...(out ? { chooseReportPath: () => Promise.resolve(resolve(io.cwd, out)) } : {}),
    });
    const r = await service.saveReport({ format, contextTokens, ...(backend ? { backend: backend as Backend } : {}) });
    if (!r.ok) {
      io.err(`llm-sizer report: ${r.error.message}\n`);
      return 1;
    }
    io.out(`Wrote ${r.value.path ?? '(nothing)'} (${r.value.bytes} bytes)\n`);
    return 0;
  },
};
