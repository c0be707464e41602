import { useEffect, useState } from 'react';

/** How often the served app checks that its server still answers (the desktop app has no server to lose). */
const POLL_MS = 5000;

type Listener = (lost: boolean) => void;
const listeners = new Set<Listener>();
let lost = false;

/** Called by the HTTP client after every request: a request that could not reach the server marks it lost. */
export function reportServerReachable(reachable: boolean): void {
  if (lost === !reachable) return;
  lost = !reachable;
  for (const l of listeners) l(lost);
}

/**
 * True while the served app's server does not answer. `ping` (null in the desktop app) is called every few
 * seconds, so the banner shows without any click and goes away when the server is back.
 */
export function useServerLost(ping: (() => void) | null): boolean {
  const [isLost, setLost] = useState(lost);
  useEffect(() => {
    if (!ping) return undefined;
    listeners.add(setLost);
    const timer = window.setInterval(ping, POLL_MS);
    return () => {
      listeners.delete(setLost);
      window.clearInterval(timer);
    };
  }, [ping]);
  return isLost;
}
