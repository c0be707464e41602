import { allGpus } from '../../../app/catalog/gpus';
import { flagBool, flagString } from '../args';
import type { Command } from '../command';

export const gpusCommand: Command = {
  name: 'gpus',
  summary: 'list the GPU and chip table (VRAM, bandwidth, FP16 compute, sources)',
  usage: 'llm-sizer gpus [--json] [--search TEXT]',
  flags: [
    { name: 'json', takesValue: false, help: 'print the table entries as JSON, with sources' },
    { name: 'search', takesValue: true, help: 'only entries whose name or match names contain TEXT' },
  ],
  run(args, io) {
    const q = flagString(args, 'search')?.toLowerCase();
    const gpus = allGpus().filter((g) => !q || [g.name, g.id, ...g.matchNames].some((s) => s.toLowerCase().includes(q)));
    if (flagBool(args, 'json')) {
      io.out(`${JSON.stringify(gpus, null, 2)}\n`);
      return Promise.resolve(0);
    }
    for (const g of gpus) {
      const mem = g.memoryGiB.map((m) => `${m}`).join('/');
      const tflops = g.fp16TensorTflops === null ? '?' : g.fp16TensorTflops.toFixed(1);
      io.out(`${g.name.padEnd(44)} ${`${mem} GB`.padEnd(14)} ${`${g.bandwidthGBps} GB/s`.padEnd(12)} ${tflops} TFLOPS FP16  ${g.segment}\n`);
    }
    io.out(`${gpus.length} ${gpus.length === 1 ? 'entry' : 'entries'}\n`);
    return Promise.resolve(0);
  },
};
