// The CLI entry point: bin/llm-sizer.js loads its bundle (out/main/cli.js); the Electron main process
// also runs it as plain Node (ELECTRON_RUN_AS_NODE=1) to scan off the UI thread.
import { runCli } from './index';

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
