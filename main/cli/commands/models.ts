import { builtInCatalog } from '../../../app/catalog/models';
import { flagBool, flagString } from '../args';
import type { ParsedArgs } from '../args';
import type { CliIo, Command } from '../command';
import { formatBytes } from '../../../app/format/units';
import { LocalModelScanner } from '../../services/local-models/local-models';
import { hfFailureCode, hfRefFromFlag, lookUpHf, printHfModels, printHfSource } from '../hf-lookup';

/** Every GGUF model of a live Hugging Face repository (or those of ORG/REPO:QUANT), each sized from its header. */
async function listHf(args: ParsedArgs, io: CliIo, text: string): Promise<number> {
  const r = await lookUpHf(hfRefFromFlag(text));
  if (!r.ok) {
    io.err(`llm-sizer models: ${r.error.message}\n`);
    return hfFailureCode(r.error.code);
  }
  printHfSource(r.value, io);
  if (flagBool(args, 'json')) {
    io.out(`${JSON.stringify(r.value, null, 2)}\n`);
    return 0;
  }
  io.out(printHfModels(r.value));
  return r.value.gguf.length > 0 && r.value.gguf.every((g) => g.model === null) ? 1 : 0;
}

async function listLocal(args: ParsedArgs, io: CliIo): Promise<number> {
  const r = await new LocalModelScanner().scan();
  if (!r.ok) {
    io.err(`llm-sizer models: ${r.error.message}\n`);
    return 1;
  }
  const q = flagString(args, 'search')?.toLowerCase();
  const models = r.value.models.filter((m) => !q || `${m.displayName} ${m.path}`.toLowerCase().includes(q));
  if (flagBool(args, 'json')) {
    io.out(`${JSON.stringify({ ...r.value, models }, null, 2)}\n`);
    return 0;
  }
  for (const m of models) {
    const what = m.model ? `${m.model.quantLabel.padEnd(8)} ${formatBytes(m.fileBytes).padEnd(10)}` : `error: ${m.error?.message ?? 'unreadable'}`;
    io.out(`${m.app.padEnd(13)} ${m.displayName.padEnd(48)} ${what}\n`);
  }
  io.out(`${models.length} GGUF models in ${r.value.folders.length} folders (${r.value.durationMs} ms)\n`);
  return 0;
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'list the built-in model catalog',
  usage: 'llm-sizer models [--json] [--search TEXT] | --local | --hf ORG/REPO[:QUANT]',
  flags: [
    { name: 'json', takesValue: false, help: 'print the catalog entries as JSON' },
    { name: 'search', takesValue: true, help: 'only models whose id, name, family or tags contain TEXT' },
    { name: 'hf', takesValue: true, help: 'list every GGUF model of a live Hugging Face repository, sized from its header (ORG/REPO[:QUANT][@REVISION])' },
    { name: 'local', takesValue: false, help: 'list the GGUF files on this disk (LM Studio, Ollama, Hugging Face cache, llama.cpp, Jan, GPT4All)' },
  ],
  async run(args, io) {
    if (flagBool(args, 'local')) return listLocal(args, io);
    const hf = flagString(args, 'hf');
    if (hf !== undefined) return listHf(args, io, hf);
    const q = flagString(args, 'search')?.toLowerCase();
    const models = builtInCatalog().models.filter(
      (m) => !q || [m.id, m.name, m.family, m.hfRepo, ...m.capabilities].some((s) => s.toLowerCase().includes(q)),
    );
    if (flagBool(args, 'json')) {
      io.out(`${JSON.stringify(models, null, 2)}\n`);
      return 0;
    }
    if (models.length === 0) {
      io.out(`No model matches "${q ?? ''}".\n`);
      return 0;
    }
    const paramsOf = (m: (typeof models)[number]) =>
      m.parameters.total === m.parameters.active
        ? `${(m.parameters.total / 1e9).toFixed(1)}B`
        : `${(m.parameters.total / 1e9).toFixed(1)}B (${(m.parameters.active / 1e9).toFixed(1)}B active)`;
    const width = Math.max(2, ...models.map((m) => m.id.length));
    // the widest parameter text of the list (a 1T MoE's "1000.0B (32.0B active)" is 22 characters)
    const paramsWidth = Math.max(10, ...models.map((m) => paramsOf(m).length));
    io.out(`${'Id'.padEnd(width)}  ${'Parameters'.padEnd(paramsWidth)} ${'Released'.padEnd(10)} Name · capabilities\n`);
    for (const m of models) io.out(`${m.id.padEnd(width)}  ${paramsOf(m).padEnd(paramsWidth)} ${m.releaseDate.padEnd(10)} ${m.name} · ${m.capabilities.join(', ')}\n`);
    io.out(`${models.length} ${models.length === 1 ? 'model' : 'models'}\n`);
    return 0;
  },
};
