import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../app/api/result';
import type { HardwareProfile } from '../../app/domain/hardware';
import { sizerApi } from './sizer-api';

export type HardwareState =
  | { readonly status: 'scanning'; readonly previous: HardwareProfile | null }
  | { readonly status: 'ready'; readonly profile: HardwareProfile }
  | { readonly status: 'error'; readonly error: AppError };

/** The hardware profile, with a scanning state while a scan runs and an error state when it fails. */
export function useHardware(): { state: HardwareState; rescan: () => void } {
  const [state, setState] = useState<HardwareState>({ status: 'scanning', previous: null });
  useEffect(() => {
    let live = true;
    void sizerApi.getHardwareProfile().then((r) => {
      if (live) setState(r.ok ? { status: 'ready', profile: r.value } : { status: 'error', error: r.error });
    });
    return () => {
      live = false;
    };
  }, []);
  const rescan = useCallback(() => {
    setState((s) => ({ status: 'scanning', previous: s.status === 'ready' ? s.profile : null }));
    void sizerApi.rescanHardware().then((r) => setState(r.ok ? { status: 'ready', profile: r.value } : { status: 'error', error: r.error }));
  }, []);
  return { state, rescan };
}
