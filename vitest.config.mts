import { defineConfig } from 'vitest/config';

const MEASURING = ['tests/integration/calibration-roundtrip.test.ts', 'tests/integration/measure-llama.test.ts'];

export default defineConfig({
  test: {
    // The tests that time real llama.cpp run on their own (VITEST_MEASURE=1, one file at a time, scripts/test.js):
    // other test files running beside them on a 2-core machine would be measured too.
    include: process.env['VITEST_MEASURE'] ? MEASURING : ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    exclude: process.env['VITEST_MEASURE'] ? [] : MEASURING,
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
});
