import type { StatusRule, StatusRulesConfig } from '../../config/admission-schema.js';
import { isProviderFailure, type AttemptOutcome, type AttemptOutcomeKind } from '../types.js';

/**
 * The HTTP status an outcome stands for when the transport reported none (the simulator): what
 * a gateway would most often see for that kind. A timeout is the client giving up (no status
 * from the provider); 504 is what a gateway in front of it would answer.
 */
const NOMINAL_STATUS: Readonly<Record<AttemptOutcomeKind, number>> = {
  success: 200,
  'server-error': 500,
  timeout: 504,
  'rate-limited': 429,
  overloaded: 503,
  'context-exceeded': 400,
  'client-error': 400,
  'connection-error': 502,
  cancelled: 499,
};

export function statusOf(o: AttemptOutcome): number {
  return o.statusCode ?? NOMINAL_STATUS[o.kind];
}

function matches(rules: readonly StatusRule[], o: AttemptOutcome): boolean {
  const status = statusOf(o);
  for (const r of rules) if (r === o.kind || r === status) return true;
  return false;
}

/**
 * `router.statusRules`: which failed outcomes may be retried, which may fall back along the
 * fallback chains, how many retries each kind gets (LiteLLM's retry policy), and what the
 * circuit breaker counts as a failure (Portkey's failure status codes). A rule names an
 * outcome kind or a status code; a code matches the transport's reported status, else the
 * kind's nominal one (NOMINAL_STATUS). Absent lists keep the router's usual behaviour.
 */
export class StatusRules {
  constructor(private readonly c: StatusRulesConfig) {}

  /** May a retry follow this outcome (fallbacks aside)? */
  retries(o: AttemptOutcome): boolean {
    return this.c.retryOn === undefined || matches(this.c.retryOn, o);
  }

  /** May this outcome send the request along a fallback chain? */
  fallsBack(o: AttemptOutcome): boolean {
    return this.c.fallbackOn === undefined || matches(this.c.fallbackOn, o);
  }

  /** Retries allowed after a failure of `kind`: its own count, else undefined (the general maxRetries). */
  maxRetriesAfter(kind: AttemptOutcomeKind): number | undefined {
    return (this.c.maxRetriesByKind as Partial<Record<AttemptOutcomeKind, number>>)[kind];
  }

  /** Does the breaker count this outcome as a failure? */
  breakerFailure(o: AttemptOutcome): boolean {
    return this.c.breakerFailureOn === undefined ? isProviderFailure(o.kind) : matches(this.c.breakerFailureOn, o);
  }
}
