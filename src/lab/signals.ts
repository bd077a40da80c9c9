/**
 * Ctrl-C for commands that write results. The handler is installed before any work starts
 * and stays until the process exits (never handing Ctrl-C back to Node's default, which
 * would kill the process wherever it is). While a stoppable job runs (the simulations), the
 * first SIGINT asks it to stop — it writes nothing and leaves earlier results alone — and a
 * second one quits at once. Outside such a job any SIGINT quits at once: nothing is being
 * written then, because writing a results directory is synchronous (no handler can run in
 * the middle of it) and the process has not started writing yet or has finished.
 */

export const STOPPING_MESSAGE = 'stopping… (Ctrl-C again to quit now)';
/** Conventional exit status after SIGINT (128 + 2). */
export const INTERRUPTED_EXIT_CODE = 130;

export interface SignalTarget {
  on(signal: 'SIGINT', listener: () => void): unknown;
  off(signal: 'SIGINT', listener: () => void): unknown;
}

export interface InterruptHandler {
  /** True once a Ctrl-C asked to stop. */
  readonly shouldStop: () => boolean;
  /**
   * Runs `job` so that the first Ctrl-C asks it to stop: `onStop` runs, the message is told
   * and `stop` is aborted; the job should then throw LabStoppedError.
   */
  stoppable<T>(job: (stop: AbortSignal) => Promise<T>, onStop?: () => void): Promise<T>;
  /** Removes the listener (tests; the CLI keeps it until exit). */
  dispose(): void;
}

export interface InterruptOptions {
  /** Told on the Ctrl-C that asks a job to stop. */
  readonly notify: (message: string) => void;
  /** Should exit the process with INTERRUPTED_EXIT_CODE. */
  readonly quitNow: () => void;
  /** Default: the process. */
  readonly target?: SignalTarget;
}

export function installInterruptHandler(opts: InterruptOptions): InterruptHandler {
  const target: SignalTarget = opts.target ?? process;
  let stopRequested = false;
  let running: { readonly stop: AbortController; readonly onStop?: () => void } | undefined;
  const listener = () => {
    if (stopRequested || running === undefined) {
      stopRequested = true;
      opts.quitNow();
      return;
    }
    stopRequested = true;
    running.onStop?.();
    opts.notify(STOPPING_MESSAGE);
    running.stop.abort();
  };
  target.on('SIGINT', listener);
  return {
    shouldStop: () => stopRequested,
    stoppable: async (job, onStop) => {
      const stop = new AbortController();
      if (stopRequested) stop.abort();
      running = { stop, onStop };
      try {
        return await job(stop.signal);
      } finally {
        running = undefined;
      }
    },
    dispose: () => {
      target.off('SIGINT', listener);
    },
  };
}
