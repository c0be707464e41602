import type { PrivacyFacts, ReportData } from './report-data';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Returns a function that takes the user's private facts out of a text: the home folder becomes `~`
 * (in both slash styles), the user name `<user>` and the host name `<host>` (whole words only, and only
 * names of two characters or more, so a one-letter name does not eat every word).
 *
 * @example redactor({ homeDir: '/home/ann', userName: 'ann', hostName: 'box', includePrivate: false })('/home/ann/m.gguf') // '~/m.gguf'
 */
export function redactor(facts: PrivacyFacts | undefined, names = true): (text: string) => string {
  if (!facts || facts.includePrivate) return (t) => t;
  const rules: [RegExp, string][] = [];
  const home = facts.homeDir?.replace(/[\\/]+$/, '') ?? '';
  if (home.length > 1) {
    const variants = new Set([home, home.replace(/\\/g, '/'), home.replace(/\//g, '\\')]);
    for (const v of variants) rules.push([new RegExp(`${escapeRegExp(v)}(?=[\\\\/]|$|[^\\w.-])`, 'gi'), '~']);
  }
  const word = (name: string | null, mark: string) => {
    if (name && name.length >= 2) rules.push([new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w-])`, 'gi'), mark]);
  };
  if (names) {
    word(facts.hostName, '<host>');
    word(facts.userName, '<user>');
  }
  return (text) => rules.reduce((t, [re, mark]) => t.replace(re, mark), text);
}

/** Applies `redact` to every string inside a JSON-like value (a new value; the input is not changed). */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/**
 * The report data with the user's private facts taken out (unless the user asked to keep them). The home
 * folder is shortened to `~` everywhere; the user and host names are replaced only where free text can hold
 * them (the profile's label and warnings, the models on disk), so a machine called "ubuntu" does not turn
 * "Ubuntu 24.04" into "<host> 24.04".
 */
export function withoutPrivateFacts(d: ReportData): ReportData {
  if (!d.privacy || d.privacy.includePrivate) return d;
  const home = redactor(d.privacy, false);
  const all = redactor(d.privacy);
  const profile = redactDeep(d.profile, home);
  return {
    ...d,
    profile: { ...profile, label: all(profile.label), warnings: profile.warnings.map(all) },
    ...(d.localModels ? { localModels: redactDeep(d.localModels, all) } : {}),
  };
}
