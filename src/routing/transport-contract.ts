import type { AttemptOutcome } from './types.js';

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
