import { useEffect, useState } from 'react';

/** A window where the full hardware card would push the model list below the first screen (800x600 and the like). */
const SMALL = '(max-width: 900px), (max-height: 700px)';

export function useSmallWindow(): boolean {
  const [small, setSmall] = useState(() => window.matchMedia(SMALL).matches);
  useEffect(() => {
    const mq = window.matchMedia(SMALL);
    const on = () => setSmall(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return small;
}
