import { INTERRUPTED_EXIT_CODE, installInterruptHandler, type InterruptHandler } from '../lab/signals.js';
import { printErr } from './terminal-output.js';

/**
 * The process's one Ctrl-C handler (lab/signals.ts), installed by the first command handler
 * that writes results before it reads anything, and kept until the process exits.
 *
 * With ROUTESIM_TEST_MARKERS=1 the CLI writes `routesim-test: <phase>` lines on stderr when it
 * is ready for Ctrl-C (ctrl-c-ready), when the simulations start (running) and when it starts
 * writing results (writing), so a test can send a signal at a known moment instead of after a
 * fixed delay. A moment the test cannot hit from outside (the synchronous write, which takes
 * milliseconds) it names in ROUTESIM_TEST_SIGINT_AT=<phase>: the process sends itself SIGINT there.
 */

let handler: InterruptHandler | undefined;

export function processInterrupt(): InterruptHandler {
  if (handler === undefined) {
    handler = installInterruptHandler({
      notify: (message) => printErr(`\n${message}\n`),
      quitNow: () => process.exit(INTERRUPTED_EXIT_CODE),
    });
    testMarker('ctrl-c-ready');
  }
  return handler;
}

/** A phase line for tests (see above); nothing unless ROUTESIM_TEST_MARKERS=1. */
export function testMarker(phase: string): void {
  if (process.env.ROUTESIM_TEST_MARKERS !== '1') return;
  printErr(`routesim-test: ${phase}\n`);
  if (process.env.ROUTESIM_TEST_SIGINT_AT === phase) process.kill(process.pid, 'SIGINT');
}

/**
 * Lets the event loop poll once, so a Ctrl-C that arrived during synchronous work (writing
 * the results) is handled now — exit 130 — rather than lost when the process ends on its
 * own. Two immediates: called from a poll-phase callback, the first runs before the next
 * poll; the second is queued from the check phase and so only runs after one.
 */
export async function handlePendingInterrupt(): Promise<void> {
  await nextTurn();
  await nextTurn();
}

/** Resolves on the event loop's next check phase (after pending I/O callbacks, signals among them). */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
