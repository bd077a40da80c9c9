import type { Cancel } from '../core/ports.js';
import type { AttemptDone, AttemptOutcome, Deployment, FirstTokenArrived, RouteRequest, Transport } from './types.js';

/**
 * A Transport broke its contract: it called back synchronously (inside `send` or a Cancel).
 * The router's bookkeeping assumes an attempt exists before its outcome does; a synchronous
 * callback would, for example, leave a hedge timer armed on a request already finished.
 */
export class TransportContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportContractError';
  }
}

/**
 * The outcome with its Retry-After hint capped at `maxMs` (the same object when within the
 * cap): a provider saying "come back in a day" must not take a deployment out, or hold a
 * retry, for longer than the operator allows. Retries and cooldowns see the same capped value.
 */
export function withRetryAfterCap(o: AttemptOutcome, maxMs: number): AttemptOutcome {
  return o.retryAfterMs !== undefined && o.retryAfterMs > maxMs ? { ...o, retryAfterMs: maxMs } : o;
}

/**
 * The router's side of the no-synchronous-callback contract: it knows when it is inside a
 * Transport call (send or a cancel), and a callback arriving then is refused.
 */
export class TransportGuard {
  private inside = false;

  send<T>(t: Transport, d: Deployment, req: RouteRequest, attemptNo: number, onDone: AttemptDone<T>, token: T, onFirstToken?: FirstTokenArrived<T>): Cancel {
    this.inside = true;
    try {
      return t.send(d, req, attemptNo, onDone, token, onFirstToken);
    } finally {
      this.inside = false;
    }
  }

  cancel(cancelSend: Cancel): void {
    this.inside = true;
    try {
      cancelSend();
    } finally {
      this.inside = false;
    }
  }

  /** Throws when a callback (`what`) arrives from inside a Transport call. */
  assertOutside(what: string): void {
    if (this.inside) throw new TransportContractError(`the Transport called ${what} synchronously, inside send or a cancel; it must call back later`);
  }
}
