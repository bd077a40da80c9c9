import type { AttemptOutcomeKind } from '../../routing/types.js';

/** One JSONL line per request of a load run. Scenario times (× time scale) unless named `…RealMs`. */
export interface LoadRecord {
  readonly id: number;
  /** When the scenario says the request arrives (scenario ms). */
  readonly dueMs: number;
  /** How late the load generator sent it (real ms). */
  readonly sendLateRealMs: number;
  readonly stream: boolean;
  readonly ok: boolean;
  readonly kind: AttemptOutcomeKind | 'not-sent';
  readonly status?: number;
  /** From the due time (not the send time: lateness counts against the result, no coordinated omission). */
  readonly ttftMs?: number;
  readonly latencyMs: number;
  readonly latencyRealMs: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
  readonly costUsd: number;
  /** The scenario deployment that answered, when the response says (provider/model). */
  readonly deploymentId?: string;
  readonly error?: string;
}
