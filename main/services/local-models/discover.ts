import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import path from 'node:path';
import { err } from '../../../app/api/result';
import type { Result } from '../../../app/api/result';
import { ggufToModel, isMmproj } from '../../../app/estimator/gguf-model';
import type { GgufHeader, GgufModel } from '../../../app/estimator/gguf-model';
import { readGgufHeader } from './gguf-header';

export type ModelApp = 'LM Studio' | 'Ollama' | 'Hugging Face' | 'llama.cpp' | 'Jan' | 'GPT4All' | 'user';

export interface ModelFolder {
  readonly app: ModelApp;
  readonly path: string;
}

export interface DiscoveredModel {
  /** The model file (the first part of a split model, the blob of an Ollama model). */
  readonly path: string;
  readonly app: ModelApp;
  readonly displayName: string;
  /** All parts together. */
  readonly fileBytes: number;
  /** Every file of the model, part 1 first. */
  readonly parts: readonly string[];
  /** A vision projector found beside the model (or named by its Ollama manifest). */
  readonly mmprojPath: string | null;
  readonly result: Result<GgufModel>;
}

export interface ScanProgress {
  readonly scannedFiles: number;
  readonly found: number;
  readonly currentPath: string;
}

export interface DiscoverOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((p: ScanProgress) => void) | undefined;
  readonly readHeader?: ((path: string) => Promise<Result<GgufHeader>>) | undefined;
  /** Directory levels below each folder (HF cache: models--x/snapshots/rev/sub/file = 4). */
  readonly maxDepth?: number | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where local LLM apps keep GGUF files on `platform`, most likely first; folders that do not exist are
 * skipped by the scan. Sources: LM Studio docs (~/.lmstudio/models, older ~/.cache/lm-studio/models);
 * Ollama docs (OLLAMA_MODELS, ~/.ollama/models, the Linux service's /usr/share/ollama/.ollama/models);
 * huggingface_hub constants (HF_HUB_CACHE, HF_HOME/hub, XDG_CACHE_HOME); llama.cpp common/arg.cpp
 * fs_get_cache_directory (LLAMA_CACHE, XDG cache, ~/Library/Caches, LOCALAPPDATA); Jan (~/jan/models before
 * 0.5, then the app data folder's data/); GPT4All's FAQ (nomic.ai/GPT4All under the app data folder).
 */
export function defaultModelFolders(home: string, platform: NodeJS.Platform, env: Env): ModelFolder[] {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const h = (...parts: string[]) => p.join(home, ...parts);
  const xdgCache = env['XDG_CACHE_HOME'] || h('.cache');
  const xdgData = env['XDG_DATA_HOME'] || h('.local', 'share');
  const localAppData = env['LOCALAPPDATA'] || h('AppData', 'Local');
  const appData = env['APPDATA'] || h('AppData', 'Roaming');
  const macSupport = h('Library', 'Application Support');
  const out: ModelFolder[] = [
    { app: 'LM Studio', path: h('.lmstudio', 'models') },
    { app: 'LM Studio', path: h('.cache', 'lm-studio', 'models') },
    { app: 'Ollama', path: env['OLLAMA_MODELS'] || h('.ollama', 'models') },
  ];
  if (platform === 'linux') out.push({ app: 'Ollama', path: '/usr/share/ollama/.ollama/models' });
  const hfHub = env['HF_HUB_CACHE'] || (env['HF_HOME'] ? p.join(env['HF_HOME'], 'hub') : p.join(platform === 'win32' ? h('.cache') : xdgCache, 'huggingface', 'hub'));
  out.push({ app: 'Hugging Face', path: hfHub });
  const llamaCache =
    env['LLAMA_CACHE'] ||
    (platform === 'darwin' ? h('Library', 'Caches', 'llama.cpp') : platform === 'win32' ? p.join(localAppData, 'llama.cpp') : p.join(xdgCache, 'llama.cpp'));
  out.push({ app: 'llama.cpp', path: llamaCache });
  out.push({ app: 'Jan', path: h('jan', 'models') });
  const janData = platform === 'darwin' ? p.join(macSupport, 'Jan', 'data') : platform === 'win32' ? p.join(appData, 'Jan', 'data') : p.join(xdgData, 'Jan', 'data');
  out.push({ app: 'Jan', path: janData });
  const gpt4all =
    platform === 'darwin' ? p.join(macSupport, 'nomic.ai', 'GPT4All') : platform === 'win32' ? p.join(localAppData, 'nomic.ai', 'GPT4All') : p.join(xdgData, 'nomic.ai', 'GPT4All');
  out.push({ app: 'GPT4All', path: gpt4all });
  const seen = new Set<string>();
  return out.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));
}

const SHARD_RE = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i;
const GGUF_RE = /\.gguf$/i;
const MMPROJ_RE = /mmproj/i;
const MAX_MANIFEST_BYTES = 1 << 20;
const OLLAMA_MODEL = 'application/vnd.ollama.image.model';
const OLLAMA_PROJECTOR = 'application/vnd.ollama.image.projector';

/** The model and projector digests named by an Ollama manifest (Docker image manifest v2 JSON); null if none. */
export function parseOllamaManifest(text: string): { model: string; projector: string | null } | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null || !('layers' in json) || !Array.isArray(json.layers)) return null;
  let model: string | null = null;
  let projector: string | null = null;
  for (const layer of json.layers as unknown[]) {
    if (typeof layer !== 'object' || layer === null) continue;
    const { mediaType, digest } = layer as { mediaType?: unknown; digest?: unknown };
    if (typeof digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(digest)) continue;
    if (mediaType === OLLAMA_MODEL && model === null) model = digest;
    if (mediaType === OLLAMA_PROJECTOR && projector === null) projector = digest;
  }
  return model === null ? null : { model, projector };
}

interface Candidate {
  readonly path: string;
  readonly name: string;
  readonly bytes: number;
}

class Scan {
  scannedFiles = 0;
  found = 0;
  readonly results: DiscoveredModel[] = [];
  readonly visitedDirs = new Set<string>();
  readonly reportedFiles = new Set<string>();
  readonly readHeader: (path: string) => Promise<Result<GgufHeader>>;
  readonly maxDepth: number;

  constructor(private readonly options: DiscoverOptions) {
    // the signal reaches into the reader: a cancel stops inside a large header, not only between files
    this.readHeader = options.readHeader ?? ((p) => readGgufHeader(p, {}, options.signal));
    this.maxDepth = options.maxDepth ?? 8;
  }

  get aborted(): boolean {
    return this.options.signal?.aborted === true;
  }

  progress(currentPath: string): void {
    this.options.onProgress?.({ scannedFiles: this.scannedFiles, found: this.found, currentPath });
  }

  /** Adds a model once per real file: the same blob reached through two folders or snapshots counts once. */
  async report(model: DiscoveredModel): Promise<void> {
    // a file whose read the cancel interrupted is not a finding
    if (this.aborted) return;
    const real = await realpath(model.path).catch(() => model.path);
    if (this.reportedFiles.has(real)) return;
    this.reportedFiles.add(real);
    this.results.push(model);
    this.found++;
    this.progress(model.path);
  }
}

async function safeStat(p: string): Promise<Stats | null> {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

/** Reads the headers of all parts and joins their tensor tables (header metadata from part 1). */
async function readModel(scan: Scan, parts: readonly Candidate[], displayName: string): Promise<{ header: GgufHeader | null; result: Result<GgufModel> }> {
  const first = parts[0];
  if (!first) return { header: null, result: err('READ_FAILED', `${displayName}: no files`) };
  const headers: GgufHeader[] = [];
  for (const part of parts) {
    const r = await scan.readHeader(part.path);
    if (!r.ok) return { header: null, result: r };
    headers.push(r.value);
  }
  const head = headers[0] as GgufHeader;
  const merged: GgufHeader =
    headers.length === 1
      ? head
      : {
          ...head,
          tensors: headers.flatMap((x) => x.tensors),
          tensorDataBytes: headers.reduce((a, x) => a + x.tensorDataBytes, 0),
          fileBytes: headers.reduce((a, x) => a + x.fileBytes, 0),
        };
  return { header: merged, result: ggufToModel(merged, first.name) };
}

function displayNameFor(root: string, file: string): string {
  const rel = path.relative(root, file).split(path.sep);
  const hf = rel.findIndex((s) => s.startsWith('models--'));
  const base = (rel.at(-1) ?? file).replace(SHARD_RE, '$1').replace(GGUF_RE, '');
  if (hf >= 0) return `${(rel[hf] ?? '').slice('models--'.length).replace(/--/g, '/')}/${base}`;
  return [...rel.slice(0, -1), base].join('/');
}

/** The GGUF files of one directory: split parts grouped, projectors attached, each model read and reported. */
async function scanFiles(scan: Scan, folder: ModelFolder, files: readonly Candidate[]): Promise<void> {
  const projectors = files.filter((f) => MMPROJ_RE.test(f.name));
  const groups = new Map<string, Candidate[]>();
  for (const f of files) {
    if (MMPROJ_RE.test(f.name)) continue;
    const shard = SHARD_RE.exec(f.name);
    const key = shard ? `${shard[1] ?? ''}\u0000${shard[3] ?? ''}` : `\u0001${f.name}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const read: { parts: Candidate[]; header: GgufHeader | null; result: Result<GgufModel>; name: string }[] = [];
  for (const [key, group] of groups) {
    if (scan.aborted) return;
    group.sort((a, b) => a.name.localeCompare(b.name));
    const first = group[0] as Candidate;
    const name = displayNameFor(folder.path, first.path);
    scan.progress(first.path);
    const sharded = !key.startsWith('\u0001');
    const total = sharded ? Number(key.split('\u0000')[1]) : 1;
    if (sharded && (group.length !== total || !/-0*1-of-/i.test(first.name))) {
      const missing = `${first.name}: split model has ${group.length} of ${total} parts`;
      read.push({ parts: group, header: null, result: err('READ_FAILED', missing), name });
      continue;
    }
    const { header, result } = await readModel(scan, group, name);
    if (header && group.length === 1 && isMmproj(header)) {
      projectors.push(first);
      continue;
    }
    read.push({ parts: group, header, result, name });
  }
  const mmprojPath = projectors.sort((a, b) => a.name.localeCompare(b.name))[0]?.path ?? null;
  for (const m of read) {
    const first = m.parts[0] as Candidate;
    await scan.report({
      path: first.path,
      app: folder.app,
      displayName: m.name,
      fileBytes: m.parts.reduce((a, x) => a + x.bytes, 0),
      parts: m.parts.map((x) => x.path),
      mmprojPath,
      result: m.result,
    });
  }
}

async function scanOllama(scan: Scan, folder: ModelFolder, root: string): Promise<void> {
  const manifests = path.join(root, 'manifests');
  const stack: { dir: string; depth: number; names: string[] }[] = [{ dir: manifests, depth: 0, names: [] }];
  while (stack.length > 0 && !scan.aborted) {
    const { dir, depth, names } = stack.pop() as { dir: string; depth: number; names: string[] };
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && depth < 6) {
        stack.push({ dir: full, depth: depth + 1, names: [...names, e.name] });
        continue;
      }
      if (!e.isFile()) continue;
      scan.scannedFiles++;
      scan.progress(full);
      // manifests/<registry>/<namespace>/<model>/<tag>: library models are shown as model:tag
      const [registry, namespace, ...rest] = names;
      const model = [...(registry === 'registry.ollama.ai' && namespace === 'library' ? [] : [registry, namespace]), ...rest].filter(Boolean).join('/');
      const displayName = `${model}:${e.name}`;
      const st = await safeStat(full);
      if (!st || st.size > MAX_MANIFEST_BYTES) continue;
      const parsed = parseOllamaManifest(await readFile(full, 'utf8').catch(() => ''));
      if (!parsed) continue;
      const blob = path.join(root, 'blobs', parsed.model.replace(':', '-'));
      const projector = parsed.projector ? path.join(root, 'blobs', parsed.projector.replace(':', '-')) : null;
      const blobStat = await safeStat(blob);
      if (!blobStat) {
        await scan.report({ path: blob, app: folder.app, displayName, fileBytes: 0, parts: [blob], mmprojPath: projector, result: err('READ_FAILED', `${displayName}: blob ${path.basename(blob)} is missing`) });
        continue;
      }
      const { result } = await readModel(scan, [{ path: blob, name: displayName, bytes: blobStat.size }], displayName);
      await scan.report({ path: blob, app: folder.app, displayName, fileBytes: blobStat.size, parts: [blob], mmprojPath: projector, result });
    }
  }
}

/** Whether `real` is `root` or inside it (both real paths). */
function inside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

async function scanFolder(scan: Scan, folder: ModelFolder): Promise<void> {
  // The folder itself may be a link (a models folder moved to another disk); links inside it are followed only
  // while they stay inside it, so a link to / or to the home folder does not make the scan walk the whole disk.
  const root = await realpath(folder.path).catch(() => null);
  if (root === null) return;
  const stack: { dir: string; depth: number }[] = [{ dir: folder.path, depth: 0 }];
  while (stack.length > 0) {
    if (scan.aborted) return;
    const { dir, depth } = stack.pop() as { dir: string; depth: number };
    const real = await realpath(dir).catch(() => null);
    if (real === null || scan.visitedDirs.has(real) || !inside(root, real)) continue;
    scan.visitedDirs.add(real);
    scan.progress(dir);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable: skip
    }
    const names = new Set(entries.map((e) => e.name));
    const isOllamaRoot = names.has('manifests') && names.has('blobs');
    if (isOllamaRoot) await scanOllama(scan, folder, dir);
    const files: Candidate[] = [];
    const subdirs: string[] = [];
    for (const e of entries) {
      if (scan.aborted) return;
      const full = path.join(dir, e.name);
      if (isOllamaRoot && (e.name === 'manifests' || e.name === 'blobs')) continue;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      let st: Stats | null = null;
      if (e.isSymbolicLink()) {
        st = await safeStat(full); // follows the link; a loop or a dangling link gives null
        isDir = st?.isDirectory() ?? false;
        isFile = st?.isFile() ?? false;
      }
      if (isDir) {
        if (GGUF_RE.test(e.name)) {
          scan.scannedFiles++;
          await scan.report({ path: full, app: folder.app, displayName: displayNameFor(folder.path, full), fileBytes: 0, parts: [full], mmprojPath: null, result: err('READ_FAILED', `${e.name}: is a directory`) });
        } else if (depth < scan.maxDepth) {
          subdirs.push(full);
        }
        continue;
      }
      if (!isFile) continue;
      scan.scannedFiles++;
      if (!GGUF_RE.test(e.name)) continue;
      st = st ?? (await safeStat(full));
      if (!st) continue;
      files.push({ path: full, name: e.name, bytes: st.size });
    }
    await scanFiles(scan, folder, files);
    for (const s of subdirs.reverse()) stack.push({ dir: s, depth: depth + 1 });
  }
}

/**
 * Finds the GGUF models under `folders`: walks each folder asynchronously (unreadable folders skipped,
 * symlinked folders followed once by their real path, so loops end, and only while they stay inside the folder), takes files named *.gguf and reads their
 * headers (the magic decides), resolves Ollama's extensionless blobs through its manifests, joins split models
 * (-00001-of-00003.gguf) into one, and attaches a vision projector (mmproj) found beside a model. A file that
 * cannot be read or understood is reported with its error and the scan goes on. On abort, returns what it found.
 *
 * @example
 * const models = await discoverModels(defaultModelFolders(os.homedir(), process.platform, process.env));
 */
export async function discoverModels(folders: readonly ModelFolder[], options: DiscoverOptions = {}): Promise<DiscoveredModel[]> {
  const scan = new Scan(options);
  for (const folder of folders) {
    if (scan.aborted) break;
    try {
      await scanFolder(scan, folder);
    } catch {
      // a folder that vanished mid-scan: keep the others
    }
  }
  return scan.results;
}
