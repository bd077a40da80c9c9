/**
 * What calibration keeps of one logged client request, whatever the log format: times,
 * tokens, outcomes and the attempts' deployments. No prompt, response, key or raw user id can
 * be represented here (clientHash is a hash), so nothing private reaches a scenario.
 */
export interface LoggedAttempt {
  readonly deployment: string;
  readonly provider: string;
  /** Wall-clock send time, epoch ms. */
  readonly startMs: number;
  readonly ttftMs: number | null;
  readonly latencyMs: number;
  /** routesim AttemptOutcomeKind ('success', 'rate-limited', 'connection-error', ...). */
  readonly outcome: string;
  readonly statusCode: number | null;
  readonly retryAfterMs: number | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly hedge: boolean;
}

export interface LoggedRequest {
  /** Arrival, epoch ms. */
  readonly startMs: number;
  readonly model: string;
  readonly stream: boolean;
  readonly tenant: string | null;
  readonly clientHash: string | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly ttftMs: number | null;
  readonly latencyMs: number;
  readonly ok: boolean;
  readonly outcome: string;
  readonly costUsd: number;
  /** In start order; empty when the log does not record attempts (routesim load). */
  readonly attempts: readonly LoggedAttempt[];
}

/** What a reader dropped or could not use, said to the user (privacy and data quality). */
export interface ReadNotes {
  /** Field names present in the input and deliberately not kept (prompts, ids, keys, ...). */
  readonly dropped: Set<string>;
  readonly lines: number;
  readonly skipped: number;
}

export const newReadNotes = (): { dropped: Set<string>; lines: number; skipped: number } => ({ dropped: new Set(), lines: 0, skipped: 0 });

/** Maps an HTTP status or error text to a routesim attempt outcome kind. */
export function outcomeFromError(errorType: string | null | undefined, status: number | null | undefined): string {
  const known = ['success', 'server-error', 'timeout', 'rate-limited', 'overloaded', 'context-exceeded', 'client-error', 'connection-error', 'cancelled'];
  if (errorType !== undefined && errorType !== null && known.includes(errorType)) return errorType;
  const t = (errorType ?? '').toLowerCase();
  if (status === 429 || t.includes('ratelimit') || t.includes('rate_limit') || t.includes('429')) return 'rate-limited';
  if (t.includes('timeout') || status === 408 || status === 504) return 'timeout';
  if (t.includes('connect') || t.includes('econnrefused') || t.includes('econnreset')) return 'connection-error';
  if (t.includes('context')) return 'context-exceeded';
  if (status === 503 || t.includes('overload')) return 'overloaded';
  if ((status ?? 0) >= 500 || t.startsWith('5')) return 'server-error';
  if ((status ?? 0) >= 400) return 'client-error';
  return errorType === null || errorType === undefined || errorType === '' ? 'success' : 'server-error';
}

/**
 * A client request from its attempts (in start order), for logs that record attempts one by
 * one (OTel spans, LiteLLM calls, mapped rows): it succeeded when an attempt did; its TTFT is
 * that attempt's first token after the request's start; its tokens are the first attempt's
 * input and the winner's output. `startMs` / `endMs` default to the attempts' span.
 */
export function requestFromAttempts(
  attempts: readonly LoggedAttempt[],
  meta: { readonly model: string; readonly stream: boolean; readonly tenant: string | null; readonly clientHash: string | null; readonly startMs?: number; readonly endMs?: number },
): LoggedRequest {
  const won = attempts.find((a) => a.outcome === 'success');
  const startMs = meta.startMs ?? attempts[0].startMs;
  let endMs = startMs;
  for (const a of attempts) endMs = Math.max(endMs, a.startMs + a.latencyMs);
  return {
    startMs, model: meta.model, stream: meta.stream, tenant: meta.tenant, clientHash: meta.clientHash,
    inputTokens: attempts[0].inputTokens, outputTokens: won?.outputTokens ?? 0,
    ttftMs: won !== undefined && won.ttftMs !== null ? won.startMs - startMs + won.ttftMs : null,
    latencyMs: (meta.endMs ?? endMs) - startMs, ok: won !== undefined, outcome: won !== undefined ? 'success' : 'retries-exhausted',
    costUsd: attempts.reduce((t, a) => t + a.costUsd, 0), attempts,
  };
}
