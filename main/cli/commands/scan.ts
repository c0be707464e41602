import { flagBool } from '../args';
import type { Command } from '../command';
import { HARDWARE_FLAGS, hardwareChoice } from '../hardware-source';
import { printProfile } from '../print';

export const scanCommand: Command = {
  name: 'scan',
  summary: "print this machine's hardware profile (GPUs, VRAM, RAM and its bandwidth, CPU), with the source of every value",
  usage: 'llm-sizer scan [--json] [--hardware FILE | --gpu NAME --ram SIZE]',
  flags: [
    { name: 'json', takesValue: false, help: 'print the profile as JSON (save it to size this machine elsewhere)' },
    { name: 'raw', takesValue: false, help: 'leave out the corrections saved in the app and the llama.cpp measurements (what the probes alone found)' },
    ...HARDWARE_FLAGS,
  ],
  async run(args, io) {
    const r = await hardwareChoice(args, { withCorrections: !flagBool(args, 'raw'), withCalibration: !flagBool(args, 'raw'), onNotice: (t) => io.err(`Note: ${t}\n`) }).load();
    if (!r.ok) {
      io.err(`llm-sizer scan: ${r.error.message}\n`);
      return 1;
    }
    io.out(flagBool(args, 'json') ? `${JSON.stringify(r.value, null, 2)}\n` : printProfile(r.value));
    return 0;
  },
};
