import { useCallback, useState } from 'react';

/**
 * View settings that survive a reload and can be shared: each is kept in localStorage and in the page URL's
 * query (other parameters, such as the server's token, are left as they are). The URL wins over localStorage,
 * so a shared link shows the view it was copied from.
 */
const PREFIX = 'llm-sizer:';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function readSetting(key: string): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get(key);
  if (fromUrl !== null) return fromUrl;
  return storage()?.getItem(PREFIX + key) ?? null;
}

export function writeSetting(key: string, value: string | null): void {
  const s = storage();
  if (value === null) s?.removeItem(PREFIX + key);
  else s?.setItem(PREFIX + key, value);
  const url = new URL(window.location.href);
  if (value === null || value === '') url.searchParams.delete(key);
  else url.searchParams.set(key, value);
  if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url.href);
}

/**
 * A state kept under `key`; `parse` returns null for a value it does not accept (an old or edited URL), which
 * falls back to `fallback`. Example: `usePersisted('tab', 'catalog', (s) => (TABS.includes(s) ? s : null))`.
 */
export function usePersisted<T>(key: string, fallback: T, parse: (raw: string) => T | null, format: (value: T) => string = String): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    const raw = readSetting(key);
    return (raw === null ? null : parse(raw)) ?? fallback;
  });
  const set = useCallback(
    (v: T) => {
      setValue(v);
      writeSetting(key, format(v));
    },
    [key, format],
  );
  return [value, set];
}

/** A parser for a value from a fixed list. */
export function oneOf<T extends string | number>(values: readonly T[]): (raw: string) => T | null {
  return (raw) => values.find((v) => String(v) === raw) ?? null;
}
