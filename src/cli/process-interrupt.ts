import { INTERRUPTED_EXIT_CODE, installInterruptHandler, type InterruptHandler } from '../lab/signals.js';

/**
 * The process's one Ctrl-C handler (lab/signals.ts), installed by the first command handler
 * that writes results before it reads anything, and kept until the process exits.
 *
 * With ROUTESIM_TEST_MARKERS=1 the CLI writes `routesim-test: <phase>` lines on stderr when it
 * is ready for Ctrl-C and when it starts writing results, so a test can send a signal at a
 * known moment instead of after a fixed delay.
 */

let handler: InterruptHandler | undefined;

export function processInterrupt(): InterruptHandler {
  if (handler === undefined) {
    handler = installInterruptHandler({
      notify: (message) => process.stderr.write(`\n${message}\n`),
      quitNow: () => process.exit(INTERRUPTED_EXIT_CODE),
    });
    testMarker('ctrl-c-ready');
  }
  return handler;
}

/** A phase line for tests (see above); nothing unless ROUTESIM_TEST_MARKERS=1. */
export function testMarker(phase: string): void {
  if (process.env.ROUTESIM_TEST_MARKERS === '1') process.stderr.write(`routesim-test: ${phase}\n`);
}
