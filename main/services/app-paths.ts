import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where reports go when no dialog can ask: ~/LLM Sizer/reports, or LLM_SIZER_REPORTS_DIR. */
export function defaultReportsDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  return env['LLM_SIZER_REPORTS_DIR'] ?? join(home, 'LLM Sizer', 'reports');
}

/** Settings and overrides: LLM_SIZER_CONFIG_DIR, else the platform's config folder. */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env, home = homedir(), platform = process.platform): string {
  const override = env['LLM_SIZER_CONFIG_DIR'];
  if (override) return override;
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'llm-sizer');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'llm-sizer');
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), 'llm-sizer');
}
