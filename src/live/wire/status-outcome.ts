import type { AttemptOutcomeKind } from '../../routing/types.js';

/**
 * The outcome kind a client reads from an HTTP status (and the OpenAI error code when there is
 * one): how the load replayer and a gateway classify an answer. 408 is a timeout, 413 a
 * prompt too long, 529 Anthropic's "overloaded"; other 4xx are the caller's fault.
 */
export function outcomeKindOfStatus(status: number, errorCode?: string | null): AttemptOutcomeKind {
  if (status >= 200 && status < 300) return 'success';
  if (status === 429) return 'rate-limited';
  if (status === 503 || status === 529) return 'overloaded';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 413 || errorCode === 'context_length_exceeded') return 'context-exceeded';
  if (status >= 400 && status < 500) return 'client-error';
  return 'server-error';
}
