/**
 * A fake Transport over any Scheduler for router tests: each attempt's fate comes from
 * `draw(deployment, req, attemptNo)` — its outcome kind, time to first token and total time —
 * and it honours the streaming contract (first token at ttftMs for streamed requests, then the
 * end; a stall stops after the first token and never ends). It never calls back synchronously.
 */
import type { Cancel, Scheduler } from '../../src/core/ports.js';
import type { AttemptDone, AttemptOutcomeKind, Deployment, FirstTokenArrived, RouteRequest, StreamProgress, Transport } from '../../src/routing/types.js';

export interface AttemptFate {
  readonly kind: AttemptOutcomeKind | 'stall';
  /** From send to the first token (streams) ms. */
  readonly ttftMs: number;
  /** From send to the end ms (≥ ttftMs); for a break after the first token, when it breaks. */
  readonly totalMs: number;
  readonly retryAfterMs?: number;
}

export interface SentAttempt {
  readonly requestId: number;
  readonly attemptNo: number;
  readonly deploymentId: string;
  readonly sentAtMs: number;
  readonly fate: AttemptFate;
  firstTokenAtMs?: number;
  endedAtMs?: number;
  cancelledAtMs?: number;
}

export class FateTransport implements Transport {
  readonly sent: SentAttempt[] = [];
  constructor(
    private readonly s: Scheduler,
    private readonly draw: (d: Deployment, req: RouteRequest, attemptNo: number) => AttemptFate,
    private readonly probeOk: (d: Deployment) => boolean = () => true,
  ) {}

  send<T>(d: Deployment, req: RouteRequest, attemptNo: number, onDone: AttemptDone<T>, token: T, onFirstToken?: FirstTokenArrived<T>): Cancel {
    const fate = this.draw(d, req, attemptNo);
    const rec: SentAttempt = { requestId: req.id, attemptNo, deploymentId: d.id, sentAtMs: this.s.now(), fate };
    this.sent.push(rec);
    const s = this.s;
    const end = () => {
      rec.endedAtMs = s.now();
      const kind = fate.kind === 'stall' ? 'timeout' : fate.kind;
      onDone({ kind, latencyMs: fate.totalMs, ttftMs: kind === 'success' ? fate.ttftMs : undefined, inputTokens: req.inputTokens, outputTokens: kind === 'success' ? 10 : 0, costUsd: 0.001, retryAfterMs: fate.retryAfterMs }, token);
    };
    let timer: Cancel;
    const streamsFirst = onFirstToken !== undefined && (fate.kind === 'success' || fate.kind === 'stall' || fate.ttftMs < fate.totalMs);
    if (!streamsFirst) {
      timer = fate.kind === 'timeout' ? () => {} : s.schedule(fate.totalMs, end);
    } else {
      timer = s.schedule(fate.ttftMs, () => {
        rec.firstTokenAtMs = s.now();
        const firstAt = s.now();
        const progress: StreamProgress = { lastTokenAtMs: () => (fate.kind === 'stall' ? firstAt : s.now()) };
        if (fate.kind !== 'stall') timer = s.schedule(fate.totalMs - fate.ttftMs, end);
        onFirstToken!(token, progress);
      });
    }
    return () => {
      if (rec.endedAtMs === undefined && rec.cancelledAtMs === undefined) rec.cancelledAtMs = s.now();
      timer();
    };
  }

  probe(d: Deployment, onDone: (ok: boolean) => void): Cancel {
    return this.s.schedule(20, () => onDone(this.probeOk(d)));
  }
}

export function testDeployments(ids: readonly string[]): Deployment[] {
  return ids.map((p, i) => ({
    id: `${p}/m`, providerId: p, modelId: 'm', weight: 1, priority: i, qualityTier: 'medium',
    inputUsdPerMTok: 1, outputUsdPerMTok: 2, costMultiplier: 1, performanceBonus: 0,
    contextWindowTokens: 100_000, capabilities: [],
  }));
}
