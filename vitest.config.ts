import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Generated and scratch trees hold copies of tests or fixtures; never collect them.
    // The same limit npm test passes, so a single file run by hand behaves as in the suite.
    testTimeout: 120_000,
    // Every core: vitest's default leaves one free (one worker on a 2-core machine, a serial suite).
    // Live tests bound their own time and are built to pass on a loaded machine.
    maxWorkers: availableParallelism(),
    // A fixed fast-check seed unless FC_SEED says otherwise (test/support/fast-check-seed.ts).
    setupFiles: [fileURLToPath(new URL('./test/support/fast-check-seed.ts', import.meta.url))],
    exclude: [...configDefaults.exclude, 'test-output/**', '.tmp/**', 'dist/**'],
    // After the summary: which tests skipped themselves and why (absolute path: the reporter's own
    // test runs vitest with another --root).
    reporters: ['default', fileURLToPath(new URL('./test/support/skip-reasons-reporter.ts', import.meta.url))],
  },
});
