// The CLI entry point: bin/llm-sizer.js loads its bundle (out/main/cli.js); the Electron main process
// also runs it as plain Node (ELECTRON_RUN_AS_NODE=1) to scan off the UI thread.
import { runCli } from './index';

// `llm-sizer models | head` (or `2>&1 | head`): the reader went away. That is the reader's choice, not a failure to report
// with a stack trace; anything else on stdout still surfaces.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
