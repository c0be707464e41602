import { homedir } from 'node:os';
import { basename, dirname } from 'node:path';
import { err, ok } from '../../../app/api/result';
import type { Result } from '../../../app/api/result';
import type { LocalModel, LocalModelScan, LocalScanProgress } from '../../../app/domain/local-model';
import { ggufToModel } from '../../../app/estimator/gguf-model';
import { defaultModelFolders, discoverModels } from './discover';
import type { DiscoveredModel, ModelFolder } from './discover';
import { readGgufHeader } from './gguf-header';

function view(d: DiscoveredModel): LocalModel {
  return {
    path: d.path,
    app: d.app,
    displayName: d.displayName,
    fileBytes: d.fileBytes,
    parts: d.parts,
    mmprojPath: d.mmprojPath,
    model: d.result.ok ? d.result.value : null,
    error: d.result.ok ? null : d.result.error,
  };
}

const SPLIT = /-(\d{5})-of-(\d{5})\.gguf$/i;

/**
 * Finds and sizes the GGUF files already on this disk, one scan at a time, without blocking: progress can
 * be polled while it runs and it can be cancelled (it then returns what it found so far).
 */
export class LocalModelScanner {
  private controller: AbortController | null = null;
  private progressNow: LocalScanProgress = { running: false, scannedFiles: 0, found: 0, currentPath: '' };
  private readonly folders: () => ModelFolder[];

  constructor(folders: () => ModelFolder[] = () => defaultModelFolders(homedir(), process.platform, process.env)) {
    this.folders = folders;
  }

  progress(): LocalScanProgress {
    return this.progressNow;
  }

  cancel(): boolean {
    if (!this.controller) return false;
    this.controller.abort();
    return true;
  }

  async scan(): Promise<Result<LocalModelScan>> {
    if (this.controller) return err('BAD_REQUEST', 'A model scan is already running.');
    const controller = new AbortController();
    this.controller = controller;
    const folders = this.folders();
    const started = Date.now();
    this.progressNow = { running: true, scannedFiles: 0, found: 0, currentPath: '' };
    try {
      const found = await discoverModels(folders, {
        signal: controller.signal,
        onProgress: (p) => {
          this.progressNow = { running: true, ...p };
        },
      });
      return ok({
        folders: folders.map((f) => ({ app: f.app, path: f.path })),
        models: found.map(view),
        cancelled: controller.signal.aborted,
        durationMs: Date.now() - started,
      });
    } finally {
      this.controller = null;
      this.progressNow = { ...this.progressNow, running: false };
    }
  }

  /** Sizes one file the user named or dropped. A part of a split model brings its other parts along. */
  async sizeFile(path: string): Promise<Result<LocalModel>> {
    if (!/\.gguf$/i.test(path)) return err('BAD_REQUEST', `${basename(path)} is not a .gguf file.`);
    if (SPLIT.test(path)) {
      const found = await discoverModels([{ app: 'user', path: dirname(path) }], { maxDepth: 0 });
      const hit = found.find((d) => d.parts.includes(path));
      if (hit) return ok(view(hit));
    }
    const header = await readGgufHeader(path);
    if (!header.ok) return header;
    const model = ggufToModel(header.value, basename(path));
    return ok({
      path,
      app: 'user',
      displayName: basename(path),
      fileBytes: header.value.fileBytes,
      parts: [path],
      mmprojPath: null,
      model: model.ok ? model.value : null,
      error: model.ok ? null : model.error,
    });
  }
}
