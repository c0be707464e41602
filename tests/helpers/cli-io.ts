import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { CliIo } from '../../main/cli/command';
import { runCli } from '../../main/cli/index';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** The text in chunks of up to 7 characters, so that records cross chunk boundaries as they do on a pipe. */
async function* chunksOf(text: string): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += 7) yield text.slice(i, i + 7);
}

/** Runs the CLI in-process with captured output and the given standard input. */
export async function cli(args: readonly string[], stdin = '', cwd = mkdtempSync(`${tmpdir()}/sizer-cli-`)): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    readStdin: () => chunksOf(stdin),
    readFileChunks: (path) => chunksOf(readFileSync(path, 'utf8')),
    cwd,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}
