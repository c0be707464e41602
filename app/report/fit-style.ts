import type { FitKind } from '../domain/estimate';

/** Fit in words: every format prints it, so a black-and-white printout still says it. */
export const FIT_LABELS: Readonly<Record<FitKind, string>> = {
  'full-gpu': 'Fits on GPU',
  partial: 'Partial offload',
  'cpu-only': 'CPU only',
  disk: 'Runs from disk (very slow)',
  none: 'Does not fit',
};

/**
 * Fit in colour (HTML and PDF): green, amber, blue-grey, red, grey; each background passes WCAG AA
 * contrast (≥ 4.5:1) with the dark text `FIT_TEXT` on it.
 */
export const FIT_COLORS: Readonly<Record<FitKind, string>> = {
  'full-gpu': '#b7e4c7',
  partial: '#ffe08a',
  'cpu-only': '#c9d6ea',
  disk: '#f4b6b6',
  none: '#dddddd',
};

export const FIT_TEXT = '#1b1f24';

/** Chart colours: GPU memory, CPU memory, generation speed, reference lines. */
export const CHART_COLORS = { gpu: '#2f6fb3', cpu: '#e0a030', speed: '#2f8f5b', line: '#b03030', axis: '#888888', text: '#1b1f24' } as const;
