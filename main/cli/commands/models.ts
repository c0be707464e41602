import { builtInCatalog } from '../../../app/catalog/models';
import { flagBool, flagString } from '../args';
import type { Command } from '../command';

export const modelsCommand: Command = {
  name: 'models',
  summary: 'list the built-in model catalog',
  usage: 'llm-sizer models [--json] [--search TEXT]',
  flags: [
    { name: 'json', takesValue: false, help: 'print the catalog entries as JSON' },
    { name: 'search', takesValue: true, help: 'only models whose id, name, family or tags contain TEXT' },
  ],
  run(args, io) {
    const q = flagString(args, 'search')?.toLowerCase();
    const models = builtInCatalog().models.filter(
      (m) => !q || [m.id, m.name, m.family, m.hfRepo, ...m.capabilities].some((s) => s.toLowerCase().includes(q)),
    );
    if (flagBool(args, 'json')) {
      io.out(`${JSON.stringify(models, null, 2)}\n`);
      return Promise.resolve(0);
    }
    if (models.length === 0) {
      io.out(`No model matches "${q ?? ''}".\n`);
      return Promise.resolve(0);
    }
    const width = Math.max(...models.map((m) => m.id.length));
    for (const m of models) {
      const params = m.parameters.total === m.parameters.active
        ? `${(m.parameters.total / 1e9).toFixed(1)}B`
        : `${(m.parameters.total / 1e9).toFixed(1)}B (${(m.parameters.active / 1e9).toFixed(1)}B active)`;
      io.out(`${m.id.padEnd(width)}  ${params.padEnd(20)} ${m.name} · ${m.capabilities.join(', ')}\n`);
    }
    io.out(`${models.length} models\n`);
    return Promise.resolve(0);
  },
};
