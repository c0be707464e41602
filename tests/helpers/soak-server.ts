/**
 * A `serve` process for the soak test (tests/integration/soak.test.ts): the real service and HTTP server, with
 * settings in SOAK_CONFIG_DIR and reports in SOAK_REPORTS_DIR, on a recorded H200 profile instead of a live scan
 * (so it can be killed and restarted quickly). Prints `PORT TOKEN` when it listens.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../main/server/server';
import { SettingsStore } from '../../main/services/settings-store';
import { profileFromFixture } from './fixture-profiles';
import { testService } from './service';

const configDir = process.env['SOAK_CONFIG_DIR'] ?? '';
const reportsDir = process.env['SOAK_REPORTS_DIR'] ?? '';
const staticDir = mkdtempSync(join(tmpdir(), 'sizer-soak-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>LLM Sizer</title>');
const api = testService(profileFromFixture('linux-nvidia-h200-vm'), { reportsDir, settings: new SettingsStore(configDir) });
const running = await startServer({ api, staticDir });
process.stdout.write(`${running.port} ${running.token}\n`);
