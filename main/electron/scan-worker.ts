// Entry of the hardware-scan utility process (see scan-process.ts): plain Node inside Electron, no window.
// It scans without the user's corrections: the service applies them itself, once.
import { defaultConfigDir } from '../services/app-paths';
import { BandwidthCache } from '../services/hardware/bandwidth-cache';
import { scanHardware } from '../services/hardware/scan';
import { runScanWorker } from './scan-process';

void runScanWorker(
  (m) => process.parentPort.postMessage(m),
  () => scanHardware({ bandwidthCache: new BandwidthCache(defaultConfigDir()) }),
);
