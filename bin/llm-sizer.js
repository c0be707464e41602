#!/usr/bin/env node
'use strict';
// The llm-sizer command: runs the CLI bundled by `npm run build` (out/main/cli.js).
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('llm-sizer: the app is not built yet. Run "npm run build" (npm install does it for you).\n');
  process.exit(1);
}
require(cli);
