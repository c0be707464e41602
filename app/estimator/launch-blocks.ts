import type { Estimate, Runtime } from '../domain/estimate';
import type { ModelSpec } from '../domain/model';

/** One command (or file) to copy, for one runtime, with the explanations kept out of the code. */
export interface LaunchBlock {
  readonly runtime: Runtime;
  /** What the block is, e.g. "llama.cpp, from Hugging Face". */
  readonly title: string;
  /** Exactly what to paste: no prose inside, so a copied block runs as is. */
  readonly code: string;
  readonly notes: readonly string[];
}

const ORDER: readonly Runtime[] = ['llama.cpp', 'ollama', 'lmstudio', 'mlx'];

/** The Ollama model name a Modelfile creates: lower case letters, digits, dots, underscores and dashes. */
function ollamaName(model: ModelSpec, quant: string): string {
  return `${model.id}-${quant}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}

/**
 * Copy-ready launch commands for an estimate, one block per way to run it, the chosen runtime first. The flags
 * are the estimate's own (`estimate.launch`, built by launch.ts: -c, -ngl, -fa, -ctk/-ctv, --n-cpu-moe, -ts), so
 * a block reproduces what was sized. llama.cpp gets two blocks: `-hf repo:quant` (llama-server downloads and
 * caches the file) and a local path. Ollama gets a Modelfile (PARAMETER num_ctx / num_gpu, its documented syntax)
 * and the `ollama create` / `ollama run` commands; its KV cache type and flash attention are server-wide
 * environment variables. Example: `launchBlocks(e, model, 'ollama')[0].runtime === 'ollama'`.
 */
export function launchBlocks(e: Estimate, model: ModelSpec, first: Runtime): LaunchBlock[] {
  const blocks: LaunchBlock[] = [];
  const repo = model.ggufRepos[0];
  if (e.quant.startsWith('MLX_')) {
    const [cmd = '', note] = e.launch.llamaCpp.split('  # ');
    blocks.push({ runtime: 'mlx', title: 'MLX (mlx-lm)', code: cmd.trim(), notes: note ? [`${note.charAt(0).toUpperCase()}${note.slice(1)}.`] : [] });
    blocks.push({ runtime: 'lmstudio', title: 'LM Studio (lms)', code: e.launch.lmStudio.replace(' && ', '\n'), notes: ['LM Studio runs MLX weights with its MLX engine.'] });
  } else {
    // Everything after the file name: the flags that reproduce this estimate.
    const flags = e.launch.llamaCpp.replace(/^llama-server -m \S+\s*/, '');
    const file = /^llama-server -m (\S+)/.exec(e.launch.llamaCpp)?.[1] ?? `${model.id}-${e.quant}.gguf`;
    if (repo) {
      blocks.push({
        runtime: 'llama.cpp',
        title: 'llama.cpp, from Hugging Face',
        code: `llama-server -hf ${repo}:${e.quant} ${flags}`.trim(),
        notes: [`llama-server downloads ${e.quant} from ${repo} once and keeps it in its cache.`, ...threadNote(e.launch.llamaCpp)],
      });
    }
    blocks.push({
      runtime: 'llama.cpp',
      title: 'llama.cpp, a file on this disk',
      code: `llama-server -m ${file} ${flags}`.trim(),
      notes: [
        'Replace the file name with the path of your GGUF file. -ngl counts the output layer too (layers + 1 = all on the GPU).',
        ...threadNote(e.launch.llamaCpp),
      ],
    });
    const tag = repo ? `hf.co/${repo}:${e.quant}` : null;
    const gpuLayers = /-ngl (\d+)/.exec(e.launch.llamaCpp)?.[1] ?? String(e.gpuLayers);
    const env = [/-fa on/.test(e.launch.llamaCpp) ? 'OLLAMA_FLASH_ATTENTION=1' : '', /-ctk (\S+)/.exec(e.launch.llamaCpp)?.[1] ? `OLLAMA_KV_CACHE_TYPE=${/-ctk (\S+)/.exec(e.launch.llamaCpp)?.[1] ?? ''}` : '']
      .filter(Boolean)
      .join(' ');
    if (tag) {
      const name = ollamaName(model, e.quant);
      blocks.push({
        runtime: 'ollama',
        title: 'Ollama, Modelfile',
        code: `FROM ${tag}\nPARAMETER num_ctx ${e.contextTokens}\nPARAMETER num_gpu ${gpuLayers}`,
        notes: ['Save as "Modelfile". num_ctx is the context in tokens, num_gpu the number of layers on the GPU.'],
      });
      blocks.push({
        runtime: 'ollama',
        title: 'Ollama, create and run',
        code: `${env ? `${env} ollama serve &\n` : ''}ollama create ${name} -f Modelfile\nollama run ${name}`,
        notes: env ? ['Flash attention and the KV cache type are set for the whole Ollama server, where it starts.'] : [],
      });
      blocks.push({
        runtime: 'ollama',
        title: 'Ollama, without a Modelfile',
        code: `ollama run ${tag}\n/set parameter num_ctx ${e.contextTokens}\n/set parameter num_gpu ${gpuLayers}`,
        notes: ['The two /set lines are typed at the >>> prompt of ollama run; they last for that session.'],
      });
    } else {
      blocks.push({ runtime: 'ollama', title: 'Ollama', code: '', notes: [`No GGUF repository of ${model.hfRepo} is in the catalog: import a GGUF file with a Modelfile (FROM ./file.gguf).`] });
    }
    blocks.push({
      runtime: 'lmstudio',
      title: 'LM Studio (lms)',
      code: e.launch.lmStudio,
      notes: ['Download the model in LM Studio (or with lms get) first; --gpu is the fraction of layers on the GPU.'],
    });
  }
  const rank = (r: Runtime) => (r === first ? -1 : ORDER.indexOf(r));
  return blocks.filter((b) => b.code !== '' || b.notes.length > 0).sort((a, b) => rank(a.runtime) - rank(b.runtime));
}

/** Why a command carries -t/-tb: this machine's measurement, not a default. */
function threadNote(cmd: string): string[] {
  const m = / -t (\d+) -tb (\d+)/.exec(cmd);
  if (!m) return [];
  return [`-t ${m[1] ?? ''} -tb ${m[2] ?? ''}: llm-sizer bench measured generation faster here with ${m[1] ?? ''} thread${m[1] === '1' ? '' : 's'} than with all ${m[2] ?? ''} (prompts keep them all).`];
}
