import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Lints `code` as if it were the file at `path` in the repository, with the project's own config. */
async function lintAs(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT, ignore: false });
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('layering rules (STYLE.md "What may import what")', () => {
  it('fails when app/ imports node:fs', async () => {
    const messages = await lintAs('app/estimator/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    expect(messages.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('fails when app/ imports electron, React or main/', async () => {
    expect((await lintAs('app/domain/bad.ts', "import { app } from 'electron';\nexport const a = app;\n")).length).toBeGreaterThan(0);
    expect((await lintAs('app/domain/bad.ts', "import { useState } from 'react';\nexport const a = useState;\n")).length).toBeGreaterThan(0);
    expect((await lintAs('app/domain/bad.ts', "import { scanHardware } from '../../main/services/hardware/scan';\nexport const a = scanHardware;\n")).length).toBeGreaterThan(0);
  });

  it('fails when the renderer imports main/ or Node, or a feature imports another feature', async () => {
    expect((await lintAs('renderer/lib/bad.ts', "import { startServer } from '../../main/server/server';\nexport const a = startServer;\n")).length).toBeGreaterThan(0);
    expect((await lintAs('renderer/lib/bad.ts', "import { homedir } from 'node:os';\nexport const a = homedir;\n")).length).toBeGreaterThan(0);
    expect((await lintAs('renderer/features/models/bad.ts', "import { HardwareCard } from '../hardware/hardware-card';\nexport const a = HardwareCard;\n")).length).toBeGreaterThan(0);
  });

  it('fails when a service outside hardware/ imports systeminformation, or the preload imports electron/main', async () => {
    expect((await lintAs('main/services/bad.ts', "import si from 'systeminformation';\nexport const a = si;\n")).length).toBeGreaterThan(0);
    expect((await lintAs('main/preload/bad.ts', "import { app } from 'electron/main';\nexport const a = app;\n")).length).toBeGreaterThan(0);
  });

  it('passes the same imports where they are allowed', async () => {
    expect(await lintAs('main/services/hardware/ok.ts', "import si from 'systeminformation';\nexport const a = si;\n")).toEqual([]);
    expect(await lintAs('main/electron/ok.ts', "import { app } from 'electron/main';\nexport const a = app;\n")).toEqual([]);
    expect(await lintAs('renderer/features/models/ok.ts', "import { formatBytes } from '../../../app/format/units';\nexport const a = formatBytes;\n")).toEqual([]);
  });
});
