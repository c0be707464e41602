import { err, ok } from '../api/result';
import type { AppError, Result } from '../api/result';
import type { ModelArchitecture } from './model';
import type { GgufModel } from '../estimator/gguf-model';

/** What the user typed: `ORG/REPO`, `ORG/REPO:QUANT`, `ORG/REPO@REVISION`, or the repository's URL. */
export interface HfRepoRef {
  readonly repo: string;
  /** Only the GGUF files of this quantization (`Q4_K_M`, matched in the file name, any case); null = all. */
  readonly quant: string | null;
  /** Branch, tag or commit; `main` unless given. */
  readonly revision: string;
}

/** One GGUF model of a repository (split parts joined), sized from its own header read over HTTP. */
export interface HfGgufModel {
  /** Path in the repository of the file (the first part of a split model). */
  readonly file: string;
  readonly parts: readonly string[];
  /** Sum of the parts' sizes. */
  readonly fileBytes: number;
  /** Bytes fetched to read the header(s); 0 when they came from the cache. */
  readonly headerBytesRead: number;
  /** The vision projector attached (its tensor bytes are the model's vision bytes), or null. */
  readonly mmproj: { readonly file: string; readonly bytes: number } | null;
  /** Architecture and exact weights, or null with `error`. */
  readonly model: GgufModel | null;
  readonly error: AppError | null;
}

/** A safetensors repository sized from its config.json (the quantization is chosen when estimating). */
export interface HfConfigSizing {
  readonly file: string;
  readonly name: string;
  readonly modelType: string;
  readonly nativeContextTokens: number;
  readonly architecture: ModelArchitecture;
  readonly assumptions: readonly string[];
  /** Bytes of the repository's .safetensors files (the unquantized weights). */
  readonly safetensorsBytes: number;
}

export interface HfRepoScan {
  readonly repo: string;
  readonly revision: string;
  /** The commit the answer describes (from the model info), or null when unknown. */
  readonly commit: string | null;
  readonly endpoint: string;
  readonly gated: boolean;
  /** 'network': fetched or revalidated now; 'cache': answered from the disk cache without the network. */
  readonly source: 'network' | 'cache';
  /** When the cached answer was saved (source 'cache'). */
  readonly cachedAt: string | null;
  /** Why the network was not used (HF_HUB_OFFLINE, no connection, a time-out), or null. */
  readonly offlineReason: string | null;
  readonly quant: string | null;
  /** Every file of the repository (path, bytes). */
  readonly fileCount: number;
  readonly gguf: readonly HfGgufModel[];
  /** GGUF quantizations present but left out by `quant`. */
  readonly otherQuants: readonly string[];
  readonly config: HfConfigSizing | null;
  /** Why config.json could not be used, when the repository has no GGUF and a config.json. */
  readonly configError: AppError | null;
  /** Total bytes received from the network for this answer (API answers and header ranges). */
  readonly bytesRead: number;
  readonly notes: readonly string[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/**
 * Parses `ORG/REPO[:QUANT][@REVISION]` (also with a leading `hf.co/`, `huggingface.co/` or https URL).
 *
 * @example
 * parseHfRef('unsloth/Qwen3-8B-GGUF:Q4_K_M') // ok({ repo: 'unsloth/Qwen3-8B-GGUF', quant: 'Q4_K_M', revision: 'main' })
 */
export function parseHfRef(text: string): Result<HfRepoRef> {
  let s = text.trim();
  s = s.replace(/^https?:\/\//i, '').replace(/^(www\.)?(hf\.co|huggingface\.co)\//i, '').replace(/\/+$/, '');
  let revision = 'main';
  const at = /@([A-Za-z0-9._/-]{1,200})$/.exec(s);
  if (at) {
    revision = at[1] ?? 'main';
    s = s.slice(0, at.index);
  }
  let quant: string | null = null;
  const colon = s.lastIndexOf(':');
  if (colon >= 0) {
    quant = s.slice(colon + 1).trim();
    s = s.slice(0, colon);
    if (!/^[A-Za-z0-9_.-]{1,40}$/.test(quant)) return err('BAD_REQUEST', `"${quant}" is not a quantization name (e.g. Q4_K_M).`);
  }
  const parts = s.split('/');
  if (parts.length !== 2 || !parts.every((p) => NAME.test(p) && !p.includes('..'))) {
    return err('BAD_REQUEST', `"${text.trim()}" is not a Hugging Face repository: write ORG/REPO, e.g. Qwen/Qwen3-8B-GGUF (optionally :Q4_K_M).`);
  }
  return ok({ repo: s, quant, revision });
}

/** Whether a GGUF file name is of quantization `quant` (`Q4_K_M` matches `x-Q4_K_M.gguf`, `x.q4_k_m-00001-of-00002.gguf`, `Q4_K_M/x.gguf`). */
export function fileMatchesQuant(path: string, quant: string): boolean {
  const q = quant.toUpperCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // an underscore ends the name only before it: Q4_K must not match Q4_K_M
  return new RegExp(`(^|[^A-Z0-9])${q}([^A-Z0-9_]|$)`).test(path.toUpperCase());
}
