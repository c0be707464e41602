import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Finding {
  id: string;
  file: string;
  line: number;
  severity: string;
}
const ROOT = resolve(__dirname, '../../..');
const script = createRequire(import.meta.url)(resolve(ROOT, 'scripts/electronegativity.js')) as {
  explainedFindings(text: string): Map<string, number>;
  unexplained(findings: readonly Pick<Finding, 'id' | 'file'>[], explained: Map<string, number>): string[];
  scan(from: string, inputs: string[]): Promise<{ findings: Finding[]; errors: string[] }>;
};

describe('the electronegativity check', () => {
  it('reads the explained findings from the decision table', () => {
    const rows = script.explainedFindings(readFileSync(resolve(ROOT, 'docs/decisions/0006-electronegativity.md'), 'utf8'));
    expect(rows.get('OPEN_EXTERNAL_JS_CHECK main/electron/index.ts')).toBe(1);
    // The table of fixed findings has no count column, so it explains nothing.
    expect(rows.has('LIMIT_NAVIGATION_GLOBAL_CHECK N/A')).toBe(false);
  });

  it('fails a finding beyond what is explained, per check and file', () => {
    const explained = new Map([['OPEN_EXTERNAL_JS_CHECK main/electron/index.ts', 1]]);
    const one = { id: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/electron/index.ts' };
    expect(script.unexplained([one], explained)).toEqual([]);
    expect(script.unexplained([one, one], explained)).toHaveLength(1);
    expect(script.unexplained([{ ...one, file: 'main/electron/window.ts' }], explained)[0]).toContain('0 explained');
  });

  it('flags an unsafe Electron app (offline)', async () => {
    const { findings, errors } = await script.scan(resolve(ROOT, 'tests/fixtures/electronegativity/risky'), ['main']);
    expect(errors).toEqual([]);
    const ids = findings.map((f) => f.id);
    expect(ids).toContain('SANDBOX_JS_CHECK');
    expect(ids).toContain('LIMIT_NAVIGATION_GLOBAL_CHECK');
    expect(ids).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(ids).toContain('OPEN_EXTERNAL_JS_CHECK');
  }, 120_000);

  it('passes on this app, and npm test runs it as one check', () => {
    const r = spawnSync(process.execPath, [resolve(ROOT, 'scripts/electronegativity.js')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout).toContain('HIGH/MEDIUM finding(s)');
    expect(r.stdout).not.toContain('FAILED');
    expect(r.status).toBe(0);
    expect(readFileSync(resolve(ROOT, 'scripts/test.js'), 'utf8')).toContain("check('electronegativity");
  }, 120_000);
});
