/**
 * Ctrl-C for long lab runs: the first SIGINT asks the job to stop (it finishes the current
 * run, writes nothing, and leaves earlier results alone); a second one quits at once.
 * Signals are delivered by the event loop, so they are seen between simulation runs, where
 * the CLI yields (runs are synchronous).
 */

export const STOPPING_MESSAGE = 'stopping… (Ctrl-C again to quit now)';
/** Conventional exit status after SIGINT (128 + 2). */
export const INTERRUPTED_EXIT_CODE = 130;

export interface SignalTarget {
  on(signal: 'SIGINT', listener: () => void): unknown;
  off(signal: 'SIGINT', listener: () => void): unknown;
}

export interface InterruptHandler {
  /** Pass as `shouldStop` to the lab. */
  readonly shouldStop: () => boolean;
  /** Removes the listener (restoring Node's default Ctrl-C). */
  dispose(): void;
}

export interface InterruptOptions {
  /** Told once, on the first Ctrl-C. */
  readonly notify: (message: string) => void;
  /** Called on the second Ctrl-C; should exit the process with INTERRUPTED_EXIT_CODE. */
  readonly quitNow: () => void;
  /** Default: the process. */
  readonly target?: SignalTarget;
}

export function installInterruptHandler(opts: InterruptOptions): InterruptHandler {
  const target: SignalTarget = opts.target ?? process;
  let stopRequested = false;
  const listener = () => {
    if (stopRequested) {
      opts.quitNow();
      return;
    }
    stopRequested = true;
    opts.notify(STOPPING_MESSAGE);
  };
  target.on('SIGINT', listener);
  return {
    shouldStop: () => stopRequested,
    dispose: () => {
      target.off('SIGINT', listener);
    },
  };
}
