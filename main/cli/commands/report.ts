import { resolve } from 'node:path';
import { REPORT_FORMATS } from '../../../app/domain/report';
import type { ReportFormat } from '../../../app/domain/report';
import { ownValue } from '../../../app/catalog/own-key';
import { createSizerService } from '../../services/sizer-service';
import { defaultReportsDir } from '../../services/app-paths';
import { UsageError, flagString, parsePositiveInt } from '../args';
import type { Command } from '../command';
import { APP_NAME, APP_VERSION } from '../app-meta';
import { HARDWARE_FLAGS, hardwareChoice } from '../hardware-source';

const FORMAT_ALIASES: Readonly<Record<string, ReportFormat>> = { md: 'markdown', markdown: 'markdown', html: 'html', json: 'json' };

export const reportCommand: Command = {
  name: 'report',
  summary: 'write a recommendation report (Markdown, HTML or JSON) for this machine',
  usage: 'llm-sizer report [--format md|html|json] [--out FILE|-] [--context 8192]',
  flags: [
    { name: 'format', takesValue: true, help: `md (default), html or json` },
    { name: 'out', takesValue: true, help: 'file to write, or - for standard output (default: a new file in ~/LLM Sizer/reports)' },
    { name: 'context', takesValue: true, help: 'context length the recommendations are made for (default 8192)' },
    ...HARDWARE_FLAGS,
  ],
  async run(args, io) {
    const formatName = flagString(args, 'format') ?? 'md';
    const format = ownValue(FORMAT_ALIASES, formatName);
    if (!format) throw new UsageError(`--format must be one of md, ${REPORT_FORMATS.filter((f) => f !== 'markdown').join(', ')}.`);
    const ctx = flagString(args, 'context');
    const contextTokens = ctx ? parsePositiveInt(ctx, '--context') : 8192;
    const out = flagString(args, 'out');
    const choice = hardwareChoice(args, { onNotice: (t) => io.err(`Note: ${t}\n`) });
    const service = createSizerService({
      entryPoint: 'cli',
      appName: APP_NAME,
      version: APP_VERSION,
      scan: choice.load,
      hardwareFile: choice.file,
      reportsDir: defaultReportsDir(),
      ...(out === '-'
        ? { chooseReportPath: () => Promise.resolve('-'), writeReport: (_path: string, content: string) => Promise.resolve(io.out(content)) }
        : out
          ? { chooseReportPath: () => Promise.resolve(resolve(io.cwd, out)) }
          : {}),
    });
    const r = await service.saveReport({ format, contextTokens });
    if (!r.ok) {
      io.err(`llm-sizer report: ${r.error.message}\n`);
      return 1;
    }
    if (out === '-') return 0;
    io.out(`Wrote ${r.value.path ?? '(nothing)'} (${r.value.bytes} bytes)\n`);
    return 0;
  },
};
