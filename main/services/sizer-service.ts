import { join } from 'node:path';
import { err, errorMessage, ok } from '../../app/api/result';
import type { Result } from '../../app/api/result';
import type { SizerApi } from '../../app/api/sizer-api';
import { builtInCatalog } from '../../app/catalog/models';
import type { HardwareProfile } from '../../app/domain/hardware';
import type { AppInfo, SaveReportRequest, SaveReportResult } from '../../app/domain/report';
import { DEFAULT_OPTIONS } from '../../app/estimator/estimate';
import { DEFAULT_QUANT_IDS } from '../../app/estimator/quant-types';
import { recommendAll } from '../../app/estimator/recommend';
import { REPORT_EXTENSIONS, renderReport } from '../../app/report/render';
import { writeFileAtomic } from './atomic-write';

export interface ServiceDeps {
  readonly entryPoint: AppInfo['entryPoint'];
  readonly appName: string;
  readonly version: string;
  /** Produces the profile: a live scan, or a saved profile file. */
  readonly scan: () => Promise<Result<HardwareProfile>>;
  readonly hardwareFile: string | null;
  readonly reportsDir: string;
  /** Asks the user where to save (Electron's dialog); null = cancelled. Without it, reports go to reportsDir. */
  readonly chooseReportPath?: (suggestedName: string) => Promise<string | null>;
  readonly now?: () => Date;
}

/** The one implementation of SizerApi, shared by the Electron window, the web server and the CLI. */
export function createSizerService(deps: ServiceDeps): SizerApi {
  let current: Promise<Result<HardwareProfile>> | null = null;
  const now = deps.now ?? (() => new Date());

  const runScan = (): Promise<Result<HardwareProfile>> =>
    deps.scan().catch((e: unknown) => err<HardwareProfile>('SCAN_FAILED', `The hardware scan failed: ${errorMessage(e)}`));

  const getHardwareProfile = (): Promise<Result<HardwareProfile>> => {
    current ??= runScan();
    return current;
  };

  return {
    getHardwareProfile,
    rescanHardware: () => {
      current = runScan();
      return current;
    },
    getAppInfo: () =>
      Promise.resolve(
        ok({
          name: deps.appName,
          version: deps.version,
          entryPoint: deps.entryPoint,
          reportsDir: deps.reportsDir,
          hardwareFromFile: deps.hardwareFile,
          modelCount: builtInCatalog().models.length,
        }),
      ),
    saveReport: async (request: SaveReportRequest): Promise<Result<SaveReportResult>> => {
      const profile = await getHardwareProfile();
      if (!profile.ok) return profile;
      const options = { ...DEFAULT_OPTIONS, contextTokens: request.contextTokens, depthTokens: Math.min(DEFAULT_OPTIONS.depthTokens, request.contextTokens) };
      const recommendations = recommendAll(profile.value, builtInCatalog().models, {
        estimate: options,
        quantIds: DEFAULT_QUANT_IDS,
        goal: 'quality',
        minTokensPerSec: 10,
      });
      const generatedAt = now().toISOString();
      const content = renderReport(request.format, {
        appName: deps.appName,
        appVersion: deps.version,
        generatedAt,
        profile: profile.value,
        options,
        recommendations,
      });
      const name = `llm-sizer-report-${generatedAt.replace(/[:.]/g, '-')}.${REPORT_EXTENSIONS[request.format]}`;
      let path: string | null;
      try {
        path = deps.chooseReportPath ? await deps.chooseReportPath(name) : join(deps.reportsDir, name);
      } catch (e) {
        return err('WRITE_FAILED', `Could not choose where to save: ${errorMessage(e)}`);
      }
      if (path === null) return ok({ path: null, bytes: 0 });
      try {
        await writeFileAtomic(path, content);
      } catch (e) {
        return err('WRITE_FAILED', `Could not write the report to ${path}: ${errorMessage(e)}`);
      }
      return ok({ path, bytes: Buffer.byteLength(content, 'utf8') });
    },
  };
}
