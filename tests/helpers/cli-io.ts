import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { CliIo } from '../../main/cli/command';
import { runCli } from '../../main/cli/index';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function* linesOf(text: string): AsyncIterable<string> {
  for (const line of text.split('\n')) yield line;
}

/** Runs the CLI in-process with captured output and the given standard input. */
export async function cli(args: readonly string[], stdin = '', cwd = mkdtempSync(`${tmpdir()}/sizer-cli-`)): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    readStdin: () => linesOf(stdin),
    readFileLines: (path) => linesOf(readFileSync(path, 'utf8')),
    cwd,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}
