import { err, ok } from '../../../app/api/result';
import type { AppError, ErrorCode, Result } from '../../../app/api/result';
import { modelFromHfConfig } from '../../../app/catalog/hf-config';
import { fileMatchesQuant } from '../../../app/domain/hf-repo';
import type { HfConfigSizing, HfGgufModel, HfRepoRef, HfRepoScan } from '../../../app/domain/hf-repo';
import { ggufToModel, isMmproj } from '../../../app/estimator/gguf-model';
import type { GgufHeader } from '../../../app/estimator/gguf-model';
import { cachedGet, fetchRepoFiles, fetchRepoInfo, newAnswerLog, resolveUrl } from './hf-api';
import type { AnswerLog, RepoFile } from './hf-api';
import { HfCache } from './hf-cache';
import type { HfSettings } from './hf-env';
import { HfRequestError, createHfHttp } from './hf-http';
import type { FetchLike, HfHttp } from './hf-http';
import { readRemoteGgufHeader } from './hf-remote-gguf';

export interface HfRepoDeps {
  readonly settings: HfSettings;
  readonly fetchImpl?: FetchLike;
  readonly cache?: HfCache;
}

const SPLIT_RE = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i;
const MMPROJ_RE = /mmproj/i;
/** Header reads in flight at once (each is one to a few sequential range requests). */
const CONCURRENT_READS = 4;

function codeFor(e: HfRequestError): ErrorCode {
  if (e.kind === 'denied') return 'UNAUTHORIZED';
  if (e.kind === 'missing') return 'NOT_FOUND';
  if (e.kind === 'network' || e.kind === 'timeout' || e.kind === 'server') return 'OFFLINE';
  return 'READ_FAILED';
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

interface Group {
  readonly parts: RepoFile[];
  readonly missing: string | null;
}

/** Split parts (-00001-of-00003.gguf) joined into one model per directory and prefix; projectors apart. */
export function groupGgufFiles(files: readonly RepoFile[]): { groups: Group[]; projectors: RepoFile[] } {
  const projectors: RepoFile[] = [];
  const byKey = new Map<string, RepoFile[]>();
  for (const f of files) {
    if (!/\.gguf$/i.test(f.path)) continue;
    if (MMPROJ_RE.test(baseOf(f.path))) {
      projectors.push(f);
      continue;
    }
    const split = SPLIT_RE.exec(f.path);
    const key = split ? `${split[1] ?? ''}\u0000${split[3] ?? ''}` : `\u0001${f.path}`;
    byKey.set(key, [...(byKey.get(key) ?? []), f]);
  }
  const groups: Group[] = [];
  for (const [key, parts] of byKey) {
    parts.sort((a, b) => a.path.localeCompare(b.path));
    const total = key.startsWith('\u0001') ? 1 : Number(key.split('\u0000')[1]);
    const first = parts[0] as RepoFile;
    const complete = parts.length === total && (total === 1 || /-0*1-of-/i.test(first.path));
    groups.push({ parts, missing: complete ? null : `${first.path}: split model has ${parts.length} of ${total} parts in the repository` });
  }
  groups.sort((a, b) => (a.parts[0]?.path ?? '').localeCompare(b.parts[0]?.path ?? ''));
  return { groups, projectors: projectors.sort((a, b) => a.path.localeCompare(b.path)) };
}

/** The projector for a model: one in the model's folder, else at the top; an F16 one before others. */
function projectorFor(model: string, projectors: readonly RepoFile[]): RepoFile | null {
  const near = projectors.filter((p) => dirOf(p.path) === dirOf(model));
  const pool = near.length > 0 ? near : projectors.filter((p) => dirOf(p.path) === '');
  return pool.find((p) => /(^|[^b])f16/i.test(baseOf(p.path))) ?? pool[0] ?? null;
}

/** Joins the headers of a split model's parts: part 1's metadata, every part's tensors. */
function mergeParts(headers: readonly GgufHeader[]): GgufHeader {
  const head = headers[0] as GgufHeader;
  if (headers.length === 1) return head;
  return {
    ...head,
    tensors: headers.flatMap((h) => h.tensors),
    tensorDataBytes: headers.reduce((a, h) => a + h.tensorDataBytes, 0),
    fileBytes: headers.reduce((a, h) => a + h.fileBytes, 0),
  };
}

async function mapLimited<T, U>(items: readonly T[], limit: number, fn: (item: T) => Promise<U>): Promise<U[]> {
  const out = new Array<U>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

class HeaderReader {
  /** Reads in flight or done, by file identity: a projector shared by several models is read once. */
  private readonly reads = new Map<string, Promise<{ header: Result<GgufHeader>; bytesRead: number }>>();

  constructor(
    private readonly http: HfHttp,
    private readonly cache: HfCache,
    private readonly repo: string,
    private readonly revision: string,
    private readonly networkOff: () => string | null,
  ) {}

  /** A header from the cache (by content hash), else read with range requests and cached. */
  read(file: RepoFile): Promise<{ header: Result<GgufHeader>; bytesRead: number }> {
    const identity = file.sha256 ?? `${this.repo}@${this.revision}/${file.path}`;
    const known = this.reads.get(identity);
    // the second reader of a shared file counts no bytes: they were counted once
    if (known) return known.then((r) => ({ header: r.header, bytesRead: 0 }));
    const work = this.readOnce(file, identity);
    this.reads.set(identity, work);
    return work;
  }

  private async readOnce(file: RepoFile, identity: string): Promise<{ header: Result<GgufHeader>; bytesRead: number }> {
    const cached = await this.cache.header(identity);
    if (cached) return { header: ok(cached), bytesRead: 0 };
    const off = this.networkOff();
    if (off !== null) return { header: err('OFFLINE', `${file.path}: its header is not in the cache and the network is off (${off}).`), bytesRead: 0 };
    const url = resolveUrl(this.http.settings.endpoint, this.repo, this.revision, file.path);
    const r = await readRemoteGgufHeader(this.http, url, file.path, file.bytes, this.repo);
    if (r.header.ok) await this.cache.saveHeader(identity, r.header.value);
    const header = !r.header.ok && r.failure ? err<GgufHeader>(codeFor(r.failure), r.header.error.message) : r.header;
    return { header, bytesRead: r.bytesRead };
  }
}

async function sizeGroup(reader: HeaderReader, group: Group, projectors: readonly RepoFile[]): Promise<HfGgufModel> {
  const first = group.parts[0] as RepoFile;
  const base: Omit<HfGgufModel, 'model' | 'error' | 'headerBytesRead'> = {
    file: first.path,
    parts: group.parts.map((p) => p.path),
    fileBytes: group.parts.reduce((a, p) => a + p.bytes, 0),
    mmproj: null,
  };
  if (group.missing) return { ...base, headerBytesRead: 0, model: null, error: { code: 'READ_FAILED', message: group.missing } };
  const headers: GgufHeader[] = [];
  let bytesRead = 0;
  for (const part of group.parts) {
    const r = await reader.read(part);
    bytesRead += r.bytesRead;
    if (!r.header.ok) return { ...base, headerBytesRead: bytesRead, model: null, error: r.header.error };
    headers.push(r.header.value);
  }
  const merged = mergeParts(headers);
  if (group.parts.length === 1 && isMmproj(merged)) return { ...base, headerBytesRead: bytesRead, model: null, error: { code: 'BAD_REQUEST', message: `${first.path}: a vision projector` } };
  const model = ggufToModel(merged, baseOf(first.path));
  if (!model.ok) return { ...base, headerBytesRead: bytesRead, model: null, error: model.error };
  const projector = projectorFor(first.path, projectors);
  if (!projector) return { ...base, headerBytesRead: bytesRead, model: model.value, error: null };
  const p = await reader.read(projector);
  bytesRead += p.bytesRead;
  if (!p.header.ok) {
    // the language model is still sized; the projector's failure is a note on the model's vision
    return { ...base, headerBytesRead: bytesRead, model: model.value, error: null, mmproj: null };
  }
  const projectorBytes = p.header.value.tensors.reduce((a, t) => a + t.bytes, 0);
  // estimate.ts counts vision as encoderParams * 2 bytes: give it the projector's exact bytes
  const withVision = { ...model.value, architecture: { ...model.value.architecture, vision: { encoderParams: projectorBytes / 2 } } };
  return { ...base, headerBytesRead: bytesRead, model: withVision, error: null, mmproj: { file: projector.path, bytes: projectorBytes } };
}

async function sizeConfig(http: HfHttp, cache: HfCache, log: AnswerLog, repo: string, revision: string, files: readonly RepoFile[]): Promise<{ config: HfConfigSizing | null; configError: AppError | null }> {
  const url = resolveUrl(http.settings.endpoint, repo, revision, 'config.json');
  let json: unknown;
  try {
    const { body } = await cachedGet(http, cache, log, url, `${repo}/config.json`);
    json = JSON.parse(body);
  } catch (e) {
    if (e instanceof HfRequestError) return { config: null, configError: { code: codeFor(e), message: e.message } };
    return { config: null, configError: { code: 'BAD_REQUEST', message: `${repo}/config.json is not valid JSON.` } };
  }
  const read = modelFromHfConfig(json);
  if (!read.ok) return { config: null, configError: { code: read.error.code, message: `${repo}/config.json: ${read.error.message}` } };
  return {
    config: {
      file: 'config.json',
      name: repo,
      modelType: read.value.modelType,
      nativeContextTokens: read.value.nativeContextTokens,
      architecture: read.value.architecture,
      assumptions: read.value.assumptions,
      safetensorsBytes: files.filter((f) => /\.safetensors$/i.test(f.path)).reduce((a, f) => a + f.bytes, 0),
    },
    configError: null,
  };
}

/**
 * Sizes a Hugging Face repository live: the model info (its commit), the file list, then each GGUF model's
 * header through HTTP range requests (split parts joined, the vision projector attached), or config.json
 * when the repository has no GGUF. Never downloads weights. Answers are cached on disk (API answers with
 * their ETag, headers by content hash), so a second look-up costs one revalidation and a look-up without
 * the network answers from the cache, saying so. Never throws.
 *
 * @example
 * const r = await inspectHfRepo({ repo: 'Qwen/Qwen3-8B-GGUF', quant: 'Q4_K_M', revision: 'main' }, { settings });
 * if (r.ok) console.log(r.value.gguf[0]?.model?.weights.totalBytes);
 */
export async function inspectHfRepo(ref: HfRepoRef, deps: HfRepoDeps): Promise<Result<HfRepoScan>> {
  const { settings } = deps;
  if (!/^https?:\/\/[^/]/i.test(settings.endpoint) || !URL.canParse(settings.endpoint)) {
    return err('BAD_REQUEST', `HF_ENDPOINT "${settings.endpoint}" is not an http(s) URL.`);
  }
  const http = createHfHttp(settings, deps.fetchImpl);
  const cache = deps.cache ?? new HfCache(settings.cacheDir);
  const log = newAnswerLog();
  try {
    const info = await fetchRepoInfo(http, cache, log, ref.repo, ref.revision);
    const revision = info.commit ?? ref.revision;
    const files = await fetchRepoFiles(http, cache, log, ref.repo, revision);
    const { groups, projectors } = groupGgufFiles(files);
    const wanted = ref.quant === null ? groups : groups.filter((g) => fileMatchesQuant(g.parts[0]?.path ?? '', ref.quant ?? ''));
    const otherQuants = ref.quant === null ? [] : [...new Set(groups.filter((g) => !wanted.includes(g)).map((g) => baseOf(g.parts[0]?.path ?? '')))];
    const reader = new HeaderReader(http, cache, ref.repo, revision, () => log.offlineReason);
    const gguf = await mapLimited(wanted, CONCURRENT_READS, (g) => sizeGroup(reader, g, projectors));
    const notes: string[] = [];
    if (settings.proxyNotice) notes.push(settings.proxyNotice);
    if (info.gated && settings.token === null) notes.push(`${ref.repo} is gated: its files need HF_TOKEN, a token of an account that accepted its terms.`);
    if (ref.quant !== null && wanted.length === 0 && groups.length > 0) notes.push(`No GGUF file of ${ref.quant} in ${ref.repo}.`);
    const hasConfig = files.some((f) => f.path === 'config.json');
    const { config, configError } = groups.length === 0 && hasConfig ? await sizeConfig(http, cache, log, ref.repo, revision, files) : { config: null, configError: null };
    if (groups.length === 0 && !hasConfig) notes.push(`${ref.repo} has neither GGUF files nor a config.json to size.`);
    return ok({
      repo: ref.repo,
      revision: ref.revision,
      commit: info.commit,
      endpoint: settings.endpoint,
      gated: info.gated,
      source: log.usedCache && log.offlineReason !== null ? 'cache' : 'network',
      cachedAt: log.offlineReason !== null ? log.cachedAt : null,
      offlineReason: log.offlineReason,
      quant: ref.quant,
      fileCount: files.length,
      gguf,
      otherQuants,
      config,
      configError,
      bytesRead: http.bytesReceived,
      notes,
    });
  } catch (e) {
    if (e instanceof HfRequestError) return err(codeFor(e), e.message);
    return err('INTERNAL', `${ref.repo}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
