import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { Sourced } from '../../app/domain/hardware';
import { SourceBadge } from './source-badge';

export interface Unit {
  readonly label: string;
  /** Bytes (or bytes/s, FLOP/s) per unit shown. */
  readonly factor: number;
  readonly digits: number;
  /** The plausible range, in the unit shown: a typo (3200 GHz, 1e9 GiB) is refused where it is typed. */
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
}

export const GIB_UNIT: Unit = { label: 'GiB', factor: 1024 ** 3, digits: 1, min: 0.1, max: 65_536 };
export const GBPS_UNIT: Unit = { label: 'GB/s', factor: 1e9, digits: 1, min: 1, max: 100_000 };
export const TFLOPS_UNIT: Unit = { label: 'TFLOPS', factor: 1e12, digits: 1, min: 0.01, max: 100_000 };
export const COUNT_UNIT: Unit = { label: '', factor: 1, digits: 0, min: 1, max: 4096, integer: true };
export const GHZ_UNIT: Unit = { label: 'GHz', factor: 1e9, digits: 2, min: 0.1, max: 10 };

/**
 * A hardware value with its source, that the user can correct: Edit, type, Enter saves, Escape cancels.
 * A corrected value shows "user" as its source and can be reset to what the scan found.
 */
export function EditableValue({
  label,
  value,
  unit,
  onSave,
  onReset,
  testId,
}: {
  readonly label: string;
  readonly value: Sourced<number> | null;
  readonly unit: Unit;
  /** May resolve with an error message: the value was not saved, and the editor stays open with what was typed. */
  readonly onSave: (v: number) => Promise<string | null> | void;
  readonly onReset: () => void;
  readonly testId?: string;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // After Save or Cancel the focus returns to the Edit button, not to the page body.
  const editButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (!editing && returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
  }, [editing]);
  const close = () => {
    returnFocus.current = true;
    setEditing(false);
  };
  const shown = value === null ? 'unknown' : `${(value.value / unit.factor).toFixed(unit.digits)}${unit.label ? ` ${unit.label}` : ''}`;
  const start = () => {
    setText(value === null ? '' : (value.value / unit.factor).toFixed(unit.digits));
    setError(null);
    setEditing(true);
  };
  const save = () => {
    const n = Number(text.replace(',', '.'));
    if (text.trim() === '' || !Number.isFinite(n) || n < unit.min || n > unit.max || (unit.integer === true && !Number.isInteger(n))) {
      // The editor stays open with what was typed, and says what is accepted, in the unit shown.
      setError(`Enter ${unit.integer ? 'a whole number' : 'a number'} from ${unit.min} to ${unit.max}${unit.label ? ` ${unit.label}` : ''}.`);
      return;
    }
    const saved = onSave(unit.factor === 1 ? Math.round(n) : n * unit.factor);
    if (!saved) {
      close();
      return;
    }
    setSaving(true);
    void saved.then((message) => {
      setSaving(false);
      // A failed save keeps the editor open with the typed value, so nothing has to be typed again.
      if (message) setError(`Not saved: ${message}`);
      else close();
    });
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    // preventDefault: the focus moves to the Edit button, which must not receive this Enter as a click.
    if (e.key === 'Enter') {
      e.preventDefault();
      save();
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  };
  if (editing) {
    return (
      <span className="editing">
        <input
          autoFocus
          aria-label={`${label} in ${unit.label || 'units'}`}
          inputMode="decimal"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
          data-testid={testId ? `${testId}-input` : undefined}
        />
        {unit.label}
        <button type="button" onClick={save} disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
        {error && (
          <span className="warn" role="alert" data-testid={testId ? `${testId}-error` : undefined}>
            {' '}
            {error}
          </span>
        )}
      </span>
    );
  }
  return (
    <span data-testid={testId}>
      {shown} <SourceBadge value={value} />{' '}
      <button ref={editButton} type="button" className="link small" onClick={start} aria-label={`Edit ${label}`}>
        edit
      </button>
      {value?.source === 'user' && (
        <>
          {' '}
          <button type="button" className="link small" onClick={onReset} aria-label={`Reset ${label}`}>
            reset
          </button>
        </>
      )}
    </span>
  );
}
