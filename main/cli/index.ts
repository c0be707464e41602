import { createReadStream } from 'node:fs';
import { UsageError, parseArgs } from './args';
import { helpText } from './command';
import type { CliIo, Command } from './command';
import { APP_VERSION } from './app-meta';
import { benchCommand } from './commands/bench';
import { printable } from './terminal-text';
import { estimateCommand } from './commands/estimate';
import { gpusCommand } from './commands/gpus';
import { modelsCommand } from './commands/models';
import { recommendCommand } from './commands/recommend';
import { reportCommand } from './commands/report';
import { scanCommand } from './commands/scan';
import { serveCommand } from './commands/serve';

export const COMMANDS: readonly Command[] = [
  scanCommand,
  recommendCommand,
  estimateCommand,
  modelsCommand,
  gpusCommand,
  reportCommand,
  benchCommand,
  serveCommand,
];

function topHelp(): string {
  const lines = [
    `llm-sizer ${APP_VERSION}: which open LLMs, at which quantization, run on this machine, and how fast.`,
    '',
    'Usage: llm-sizer <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Run "llm-sizer <command> --help" for a command\'s options. Docs: docs/cli.md',
  ];
  return `${lines.join('\n')}\n`;
}

export const nodeIo: CliIo = {
  out: (t) => process.stdout.write(t),
  outBytes: (b) => process.stdout.write(b),
  err: (t) => process.stderr.write(t),
  readStdin: () => process.stdin.setEncoding('utf8') as AsyncIterable<string>,
  readFileChunks: (path) => createReadStream(path, 'utf8') as AsyncIterable<string>,
  cwd: process.cwd(),
};

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failure, 2 usage error, 3 some batch lines failed). */
export async function runCli(argv: readonly string[], rawIo: CliIo = nodeIo): Promise<number> {
  // Everything printed passes through printable(): names read from files never reach the terminal raw.
  const io: CliIo = { ...rawIo, out: (t) => rawIo.out(printable(t)), err: (t) => rawIo.err(printable(t)) };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(topHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${APP_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`llm-sizer: unknown command "${name}".\n\n${topHelp()}`);
    return 2;
  }
  try {
    const args = parseArgs(rest, [...command.flags, { name: 'help', takesValue: false, help: '' }]);
    if (args.flags.has('help')) {
      io.out(helpText(command));
      return 0;
    }
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`llm-sizer ${name}: ${e.message}\n`);
      return 2;
    }
    io.err(`llm-sizer ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
