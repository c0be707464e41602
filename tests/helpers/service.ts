import { tmpdir } from 'node:os';
import type { Result } from '../../app/api/result';
import type { SizerApi } from '../../app/api/sizer-api';
import type { HardwareProfile } from '../../app/domain/hardware';
import { createSizerService } from '../../main/services/sizer-service';
import type { ServiceDeps } from '../../main/services/sizer-service';

const NO_SCAN: Result<HardwareProfile> = { ok: false, error: { code: 'SCAN_FAILED', message: 'this test does not scan' } };

/** The real service with test defaults: a given profile (or none), reports in the temp folder. */
export function testService(profile: HardwareProfile | null, deps: Partial<ServiceDeps> = {}): SizerApi {
  return createSizerService({
    entryPoint: 'server',
    appName: 'LLM Sizer',
    version: 'test',
    scan: () => Promise.resolve(profile ? { ok: true, value: profile } : NO_SCAN),
    hardwareFile: null,
    reportsDir: tmpdir(),
    ...deps,
  });
}
