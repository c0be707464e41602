import type { FlagSpec, ParsedArgs } from './args';

export interface CliIo {
  readonly out: (text: string) => void;
  /** Binary output (a PDF report to `--out -`); absent: written as Latin-1 text through `out`. */
  readonly outBytes?: (bytes: Uint8Array) => void;
  readonly err: (text: string) => void;
  /** Standard input as text chunks (not lines: the batch splits JSON Lines itself). */
  readonly readStdin: () => AsyncIterable<string>;
  /** A file's text in chunks. */
  readonly readFileChunks: (path: string) => AsyncIterable<string>;
  readonly cwd: string;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly flags: readonly FlagSpec[];
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export function helpText(c: Command): string {
  const width = Math.max(...c.flags.map((f) => f.name.length + (f.takesValue ? 8 : 0)), 6) + 4;
  const lines = [`llm-sizer ${c.name}: ${c.summary}`, '', `Usage: ${c.usage}`, '', 'Options:'];
  for (const f of [...c.flags, { name: 'help', takesValue: false, help: 'show this help' }]) {
    const left = `  --${f.name}${f.takesValue ? ' <value>' : ''}`;
    lines.push(`${left.padEnd(width + 2)} ${f.help}`);
  }
  return `${lines.join('\n')}\n`;
}
