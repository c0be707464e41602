/**
 * Version of the estimator's formulas and constants (docs/estimator.md), printed in every report so a
 * number can be traced to the code that made it. Bump it when a formula, constant or fitted value changes.
 */
export const ESTIMATOR_VERSION = '2026.12.14';
