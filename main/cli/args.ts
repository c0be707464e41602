/** A small, strict argument parser: --flag value, --flag=value, boolean --flag, positionals. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: ReadonlyMap<string, string | true>;
}

export class UsageError extends Error {}

export interface FlagSpec {
  readonly name: string;
  readonly takesValue: boolean;
  readonly help: string;
}

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') || (a.startsWith('-') && a.length === 2 && a !== '-')) {
      const [rawName, inline] = a.replace(/^--?/, '').split(/=(.*)/s, 2) as [string, string | undefined];
      const name = rawName === 'h' ? 'help' : rawName;
      const spec = byName.get(name);
      if (!spec) throw new UsageError(`Unknown option --${name}. Try --help.`);
      if (!spec.takesValue) {
        if (inline !== undefined) throw new UsageError(`--${name} takes no value.`);
        flags.set(name, true);
        continue;
      }
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value.`);
      flags.set(name, value);
      continue;
    }
    positionals.push(a);
  }
  return { positionals, flags };
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function flagBool(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}

/** Parses "64GB", "24 GiB", "512MiB", "8192" (bytes) into bytes. GB = 10^9, GiB = 2^30; a bare "GB" after RAM or VRAM sizes follows marketing (24 GB card = 24 GiB). */
export function parseSize(text: string, marketingGb = true): number {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?\s*$/i.exec(text);
  if (!m) throw new UsageError(`"${text}" is not a size (try 64GB or 24GiB).`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 'b').toLowerCase();
  const gib = 1024 ** 3;
  const factor: Record<string, number> = {
    b: 1,
    kb: marketingGb ? 1024 : 1e3,
    kib: 1024,
    mb: marketingGb ? 1024 ** 2 : 1e6,
    mib: 1024 ** 2,
    gb: marketingGb ? gib : 1e9,
    gib,
    tb: marketingGb ? 1024 * gib : 1e12,
    tib: 1024 * gib,
  };
  const bytes = n * (factor[unit] ?? 1);
  if (!Number.isFinite(bytes) || bytes <= 0) throw new UsageError(`"${text}" must be a positive size.`);
  return Math.round(bytes);
}

export function parsePositiveInt(text: string, what: string): number {
  const t = text.trim().toLowerCase();
  const k = /^([0-9]+)k$/.exec(t);
  const n = k ? Number(k[1]) * 1024 : Number(t);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${what} must be a positive whole number, got "${text}".`);
  return n;
}

export function parsePositiveNumber(text: string, what: string): number {
  const n = Number(text.trim());
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${what} must be a positive number, got "${text}".`);
  return n;
}
