import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, Result } from '../../app/api/result';
import type { HardwareProfile } from '../../app/domain/hardware';
import type { OverrideChange } from '../../app/domain/overrides';
import { sizerApi } from './sizer-api';

export type HardwareState =
  | { readonly status: 'scanning'; readonly previous: HardwareProfile | null }
  | { readonly status: 'ready'; readonly profile: HardwareProfile }
  | { readonly status: 'error'; readonly error: AppError };

/** The hardware profile (with the user's corrections), a scanning state while a scan runs, an error state when it fails. */
export function useHardware(): {
  state: HardwareState;
  rescan: () => void;
  /** Resolves with the error message when the change was not saved, null when it was. */
  change: (c: OverrideChange) => Promise<string | null>;
  resetAll: () => void;
  /** Runs the RAM benchmark again; resolves with the error message, or null. */
  measureRam: () => Promise<string | null>;
  /** Takes a profile the service answered elsewhere (after a llama.cpp measurement, or forgetting it). */
  adopt: (r: Result<HardwareProfile>) => void;
  notice: string | null;
  changeError: string | null;
} {
  const [state, setState] = useState<HardwareState>({ status: 'scanning', previous: null });
  const [notice, setNotice] = useState<string | null>(null);
  const [changeError, setChangeError] = useState<string | null>(null);
  const settle = useCallback((r: Result<HardwareProfile>) => setState(r.ok ? { status: 'ready', profile: r.value } : { status: 'error', error: r.error }), []);
  useEffect(() => {
    let live = true;
    void sizerApi.getHardwareProfile().then((r) => {
      if (live) settle(r);
    });
    void sizerApi.getSettings().then((r) => {
      if (live && r.ok) setNotice(r.value.notice);
    });
    return () => {
      live = false;
    };
  }, [settle]);
  // The last profile that arrived: a failed rescan keeps it on screen (with the error said) instead of emptying the app.
  const last = useRef<HardwareProfile | null>(null);
  useEffect(() => {
    if (state.status === 'ready') last.current = state.profile;
  }, [state]);
  const rescan = useCallback(() => {
    const previous = last.current;
    setState({ status: 'scanning', previous });
    void sizerApi.rescanHardware().then((r) => {
      if (!r.ok && previous) {
        setState({ status: 'ready', profile: previous });
        setChangeError(`The rescan failed (${r.error.message}); the last profile is still shown.`);
      } else {
        if (r.ok) setChangeError(null);
        settle(r);
      }
    });
  }, [settle]);
  const apply = useCallback(
    (work: Promise<Result<HardwareProfile>>): Promise<string | null> =>
      work.then((r) => {
        if (r.ok) {
          setChangeError(null);
          setState({ status: 'ready', profile: r.value });
          return null;
        }
        setChangeError(r.error.message);
        return r.error.message;
      }),
    [],
  );
  const change = useCallback((c: OverrideChange) => apply(sizerApi.setOverride(c)), [apply]);
  const resetAll = useCallback(() => void apply(sizerApi.resetOverrides()), [apply]);
  // Its error is shown beside the button, not as the card's notice.
  const measureRam = useCallback(
    () =>
      sizerApi.measureRamBandwidth().then((r) => {
        if (!r.ok) return r.error.message;
        setState({ status: 'ready', profile: r.value });
        return null;
      }),
    [],
  );
  const adopt = useCallback((r: Result<HardwareProfile>) => void apply(Promise.resolve(r)), [apply]);
  return { state, rescan, change, resetAll, measureRam, adopt, notice, changeError };
}
