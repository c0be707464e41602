/**
 * Fuzzing support: a seeded PRNG (the same cases on every run) and the number of iterations. CI runs each fuzzer
 * with its default (about a minute for all of them together); a longer run by hand:
 *
 *   FUZZ_ITERATIONS=20000 FUZZ_SEED=7 npx vitest run tests/unit/fuzz
 *
 * FUZZ_ITERATIONS replaces every fuzzer's default count; FUZZ_SEED changes the cases (default 20261205).
 */
export function fuzzIterations(ciDefault: number): number {
  const n = Number(process.env['FUZZ_ITERATIONS']);
  return Number.isInteger(n) && n > 0 ? n : ciDefault;
}

/** A time limit for a fuzz test: generous per case, so a long run by hand is not cut short. */
export function fuzzTimeoutMs(iterations: number, msPerCase: number): number {
  return Math.max(30_000, iterations * msPerCase);
}

export interface Rng {
  (): number;
  int(below: number): number;
  pick<T>(items: readonly T[]): T;
  bytes(n: number): Buffer;
}

/** mulberry32: small, fast, seeded. */
export function fuzzRng(salt: number): Rng {
  const seed = Number(process.env['FUZZ_SEED'] ?? 20261205);
  let a = (seed ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
  const next = (() => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as Rng;
  next.int = (below) => Math.floor(next() * below);
  next.pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  next.bytes = (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
  return next;
}

const ODD_VALUES: readonly unknown[] = [
  null, true, false, 0, -1, 1, 1.5, -0.5, 1e308, -1e308, 2 ** 53, 2 ** 31, '', 'x', '__proto__', 'constructor', 'NaN', '∞',
  '\u0000', '\x1b[31m', [], [1, 2], {}, JSON.parse('{"__proto__": 1}') as unknown, { constructor: 'x' }, 'a'.repeat(5000),
];

/** A JSON value with random edits: keys dropped or renamed, values replaced by odd ones, subtrees nested. */
export function mutateJson(value: unknown, rng: Rng, edits: number): unknown {
  let v: unknown = structuredClone(value);
  for (let i = 0; i < edits; i++) v = mutateOnce(v, rng, 0);
  return v;
}

function mutateOnce(value: unknown, rng: Rng, depth: number): unknown {
  if (depth > 6 || rng() < 0.15) return rng() < 0.8 ? rng.pick(ODD_VALUES) : mutateOnce(value, rng, depth + 1);
  if (Array.isArray(value)) {
    if (value.length === 0 || rng() < 0.2) return [...value, rng.pick(ODD_VALUES)];
    const i = rng.int(value.length);
    const copy = [...value];
    copy[i] = mutateOnce(copy[i], rng, depth + 1);
    return copy;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>);
    const roll = rng();
    if (entries.length === 0 || roll < 0.1) return Object.fromEntries([...entries, [rng.pick(['__proto__', 'constructor', 'toString', 'extra', '']), rng.pick(ODD_VALUES)]]);
    const i = rng.int(entries.length);
    if (roll < 0.25) return Object.fromEntries(entries.filter((_, k) => k !== i));
    const [key, child] = entries[i] as [string, unknown];
    return Object.fromEntries(entries.map(([k, c]) => (k === key ? [k, mutateOnce(child, rng, depth + 1)] : [k, c])));
  }
  return rng.pick(ODD_VALUES);
}

/** Text with random edits: bytes flipped, cut, duplicated, line breaks and carriage returns inserted. */
export function mutateText(text: string, rng: Rng): string {
  let t = text;
  const edits = 1 + rng.int(4);
  for (let i = 0; i < edits; i++) {
    const at = rng.int(t.length + 1);
    const roll = rng();
    if (roll < 0.25) t = t.slice(0, at);
    else if (roll < 0.5) t = t.slice(0, at) + rng.pick(['\r', '\n', '\r\n', '\u0000', '"', '{', ']', '\\', '\u2028', '\uffff']) + t.slice(at);
    else if (roll < 0.75) t = t.slice(0, at) + t.slice(at + 1 + rng.int(8));
    else t = t.slice(0, at) + String.fromCharCode(rng.int(0x10000)) + t.slice(at);
  }
  return t;
}
