import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** The recorded Hub answers: tests/fixtures/hf/<org>/<repo>/{model-info,tree}.json (and small files such as config.json). */
export const HF_FIXTURES = join(__dirname, '..', 'fixtures', 'hf');
export const TEST_TOKEN = 'hf_testtokenthatcanreadgatedrepos';

interface TreeEntry {
  type: string;
  path: string;
  size: number;
  oid: string;
  lfs?: { oid: string; size: number; pointerSize: number };
}

export interface FakeHubOptions {
  /** Local files standing in for the repositories' LFS files: `<org>/<repo>` -> path in repo -> file on disk. */
  readonly files: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Repositories that need TEST_TOKEN for their files (their model info says gated). */
  readonly gated?: readonly string[];
}

export interface FakeHub {
  readonly url: string;
  readonly cdnUrl: string;
  /** Bytes of file data served by the CDN, per repository path. */
  readonly servedBytes: Map<string, number>;
  /** Every request line the hub and the CDN received, e.g. 'GET /api/models/...'. */
  readonly log: string[];
  /** Whether the CDN ever received an Authorization header (it must not). */
  cdnSawAuthorization: boolean;
  /** Milliseconds the API waits before answering (a slow Hub). */
  apiDelayMs: number;
  /** When set, range answers send half the bytes they announce, then close (a cut connection). */
  truncateRanges: boolean;
  /** When set, the CDN ignores Range and answers 200 (it must not be read). */
  ignoreRange: boolean;
  close(): Promise<void>;
}

function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
}

function sendJson(req: IncomingMessage, res: ServerResponse, body: string, extra: Record<string, string> = {}): void {
  const etag = etagOf(body);
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag, ...extra }).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), etag, ...extra }).end(body);
}

function hubError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-error-code': code, 'x-error-message': message }).end(JSON.stringify({ error: message }));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * A Hugging Face Hub on 127.0.0.1 in the Hub's wire format (huggingface_hub / huggingface.js): model info
 * (/api/models/{repo}/revision/{rev}), the file list (/api/models/{repo}/tree/{rev}, ETag and 304),
 * /{repo}/resolve/{rev}/{path} answering small files itself and LFS files with a 302 to a CDN on another
 * origin (with X-Repo-Commit, X-Linked-Size, X-Linked-Etag), Range requests there (206 + Content-Range),
 * 401/403 with X-Error-Code GatedRepo for a gated repository, 404 RepoNotFound / RevisionNotFound / EntryNotFound.
 * The recorded tree's sizes of the LFS files the test wrote are replaced by the real sizes.
 */
/** A port on 127.0.0.1 that nothing listens on (connections are refused). */
export async function closedPort(): Promise<string> {
  const s = createServer();
  const u = await listen(s);
  await new Promise((r) => s.close(r));
  return u;
}

export async function startFakeHub(options: FakeHubOptions): Promise<FakeHub> {
  const cdn = createServer();
  const hub = createServer();
  const cdnUrl = await listen(cdn);
  const url = await listen(hub);
  const state: FakeHub = {
    url,
    cdnUrl,
    servedBytes: new Map(),
    log: [],
    cdnSawAuthorization: false,
    apiDelayMs: 0,
    truncateRanges: false,
    ignoreRange: false,
    close: async () => {
      hub.closeAllConnections();
      cdn.closeAllConnections();
      await Promise.all([new Promise((r) => hub.close(r)), new Promise((r) => cdn.close(r))]);
    },
  };
  const byOid = new Map<string, { disk: string; repoPath: string }>();

  async function repoData(repo: string): Promise<{ info: Record<string, unknown>; tree: TreeEntry[] } | null> {
    try {
      const info = JSON.parse(await readFile(join(HF_FIXTURES, repo, 'model-info.json'), 'utf8')) as Record<string, unknown>;
      const tree = JSON.parse(await readFile(join(HF_FIXTURES, repo, 'tree.json'), 'utf8')) as TreeEntry[];
      for (const e of tree) {
        const disk = options.files[repo]?.[e.path];
        if (!disk || !e.lfs) continue;
        const size = (await stat(disk)).size;
        e.size = size;
        e.lfs.size = size;
        byOid.set(e.lfs.oid, { disk, repoPath: `${repo}/${e.path}` });
      }
      return { info, tree };
    } catch {
      return null;
    }
  }

  const authorized = (req: IncomingMessage): 'none' | 'good' | 'bad' => {
    const a = req.headers.authorization;
    if (!a) return 'none';
    return a === `Bearer ${TEST_TOKEN}` ? 'good' : 'bad';
  };

  hub.on('request', (req, res) => {
    void (async () => {
      state.log.push(`${req.method ?? 'GET'} ${req.url ?? ''}`);
      const u = new URL(req.url ?? '/', url);
      const api = /^\/api\/models\/([^/]+\/[^/]+)\/(revision|tree)\/([^/]+)$/.exec(u.pathname);
      if (api) {
        if (state.apiDelayMs > 0) await new Promise((r) => setTimeout(r, state.apiDelayMs));
        const repo = decodeURIComponent(api[1] ?? '');
        const data = await repoData(repo);
        if (!data) return hubError(res, 404, 'RepoNotFound', 'Repository not found');
        const rev = decodeURIComponent(api[3] ?? '');
        if (rev !== 'main' && rev !== 'HEAD' && rev !== data.info['sha']) return hubError(res, 404, 'RevisionNotFound', `Invalid rev id: ${rev}`);
        if (api[2] === 'revision') return sendJson(req, res, JSON.stringify(data.info));
        return sendJson(req, res, JSON.stringify(data.tree));
      }
      const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(u.pathname);
      if (resolve) {
        const repo = decodeURIComponent(resolve[1] ?? '');
        const data = await repoData(repo);
        if (!data) return hubError(res, 404, 'RepoNotFound', 'Repository not found');
        const path = (resolve[3] ?? '').split('/').map(decodeURIComponent).join('/');
        const entry = data.tree.find((e) => e.path === path && e.type === 'file');
        if (!entry) return hubError(res, 404, 'EntryNotFound', `${path} does not exist on "main"`);
        if (options.gated?.includes(repo)) {
          const auth = authorized(req);
          if (auth === 'none') return hubError(res, 401, 'GatedRepo', `Access to model ${repo} is restricted. You must have access to it and be authenticated to access it. Please log in.`);
          if (auth === 'bad') return hubError(res, 403, 'GatedRepo', `Access to model ${repo} is restricted and you are not in the authorized list.`);
        }
        const common = { 'x-repo-commit': String(data.info['sha']), 'x-linked-size': String(entry.size), 'x-linked-etag': `"${entry.lfs?.oid ?? entry.oid}"` };
        if (entry.lfs) {
          res.writeHead(302, { location: `${cdnUrl}/repos/${entry.lfs.oid}?X-Amz-Signature=test`, ...common }).end();
          return;
        }
        const body = await readFile(join(HF_FIXTURES, repo, path), 'utf8').catch(() => null);
        if (body === null) return hubError(res, 404, 'EntryNotFound', `${path} is not recorded`);
        return sendJson(req, res, body, { 'x-repo-commit': String(data.info['sha']) });
      }
      hubError(res, 404, 'NotFound', 'Not found');
    })().catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });

  cdn.on('request', (req, res) => {
    void (async () => {
      state.log.push(`CDN ${req.method ?? 'GET'} ${req.url ?? ''} ${req.headers.range ?? ''}`);
      if (req.headers.authorization) state.cdnSawAuthorization = true;
      const m = /^\/repos\/([0-9a-f]{64})/.exec(req.url ?? '');
      const file = m ? byOid.get(m[1] ?? '') : undefined;
      if (!file) return void res.writeHead(404).end();
      const size = (await stat(file.disk)).size;
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      if (!range || state.ignoreRange) {
        // a real CDN would stream the whole file; send the headers and a little, then stop
        res.writeHead(200, { 'content-length': size, 'accept-ranges': 'bytes' });
        state.servedBytes.set(file.repoPath, (state.servedBytes.get(file.repoPath) ?? 0) + Math.min(size, 64 * 1024));
        res.write(Buffer.alloc(Math.min(size, 64 * 1024)), () => setTimeout(() => res.destroy(), 20));
        return;
      }
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
      if (start >= size || end < start) return void res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      const length = end - start + 1;
      const buf = Buffer.alloc(length);
      const handle = await open(file.disk, 'r');
      try {
        await handle.read(buf, 0, length, start);
      } finally {
        await handle.close();
      }
      res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': length, 'accept-ranges': 'bytes', etag: `"${m?.[1] ?? ''}"` });
      const sent = state.truncateRanges ? buf.subarray(0, Math.floor(length / 2)) : buf;
      state.servedBytes.set(file.repoPath, (state.servedBytes.get(file.repoPath) ?? 0) + sent.length);
      if (state.truncateRanges) {
        res.write(sent, () => res.destroy());
        return;
      }
      res.end(sent);
    })().catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  return state;
}
