import { CounterRng, CounterRngPort } from '../core/counter-rng.js';
import type { Rng } from '../core/ports.js';
import type { AttemptReason, ExplainSink } from './explain.js';
import type { CandidatePartition, RouterSlot } from './candidate-partition.js';
import { NOTHING_TRIED, triedOf, type Flight } from './flight.js';
import type { HealthBoard } from './health/health-board.js';
import type { BudgetPolicies } from './policies/budget-policies.js';
import type { ConcurrencyGate } from './policies/concurrency-gate.js';
import type { Candidate, PickContext, Strategy, TruthPort } from './types.js';

/** PickContext with writable fields: one per router, refilled for every pick (strategies read it synchronously). */
type MutablePickContext = { -readonly [K in keyof PickContext]: PickContext[K] };

/** Where an attempt goes: a deployment, nowhere eligible, or every eligible one at its concurrency limit. */
export type AttemptChoice = RouterSlot | 'none' | 'saturated';

export interface AttemptChooserParts {
  readonly strategy: Strategy;
  readonly partition: CandidatePartition;
  readonly health: HealthBoard;
  readonly policies?: BudgetPolicies;
  readonly gate?: ConcurrencyGate;
  readonly explain?: ExplainSink;
  /** The strategy's stream: its draws are keyed by (request, attempt) from it. */
  readonly strategyStream: Rng;
  readonly truth?: TruthPort;
}

/**
 * Chooses the deployment for one attempt, in the router's order: the health partition, the
 * budget and selection policies, the concurrency gate, then the strategy (a fallback chain's
 * preferred deployment first), and the breaker's half-open admission. Tells `explain` what each
 * step removed and why. The strategy's draws are keyed by (request, attempt): a request draws the
 * same numbers whatever happened before it, so a reply arriving a little later live, or another
 * request drawing more, does not shift every later draw.
 */
export class AttemptChooser {
  private readonly pickCounter: CounterRng;
  private readonly ctx: MutablePickContext;

  constructor(private readonly p: AttemptChooserParts) {
    this.pickCounter = new CounterRng(p.strategyStream);
    const rng = new CounterRngPort(this.pickCounter, p.strategyStream);
    this.ctx = { nowMs: 0, rng, attempt: 0, tried: new Set(), untriedFirst: true, truth: p.truth };
  }

  choose(f: Flight, reason: AttemptReason, nowMs: number, preferredId?: string, viaFallback = false): AttemptChoice {
    const { strategy, explain, partition, policies, gate } = this.p;
    const wantExplain = explain !== undefined && explain.attemptsOnly !== true && explain.wants(f.req.id);
    const tried = triedOf(f);
    const tokens = f.req.inputTokens + f.req.expectedOutputTokens;
    let pool = partition.pool(tokens, tried, nowMs, wantExplain, preferredId);
    if (partition.panicked) f.panic = true;
    let removed = partition.removed;
    if (policies !== undefined) {
      let kept = policies.filter(pool, f.req, nowMs, wantExplain);
      // The policies left out every untried deployment: the tried ones they allow come back, as without policies (strategies tell tried from untried again).
      this.ctx.untriedFirst = kept.length > 0 || tried.size === 0;
      if (!this.ctx.untriedFirst) kept = policies.filter(partition.pool(tokens, NOTHING_TRIED, nowMs, wantExplain, preferredId), f.req, nowMs, wantExplain);
      pool = kept;
      if (policies.removed.length > 0) removed = [...partition.removed, ...policies.removed];
    }
    let slot: RouterSlot | undefined;
    let via: 'strategy' | 'fallback' = 'strategy';
    let candidates: RouterSlot[] = pool;
    if (gate !== undefined) {
      candidates = gate.admit(pool);
      if (candidates !== pool && wantExplain) removed = [...removed, ...pool.filter((s) => !candidates.includes(s)).map((s) => ({ id: s.deployment.id, by: ['concurrency-limit'] }))];
      if (candidates.length === 0 && pool.length > 0) {
        if (wantExplain) explain!.decision({ requestId: f.req.id, attemptNo: f.attempts, atMs: nowMs, reason, removed, candidates: [], scores: undefined, picked: undefined, via, panic: f.panic });
        return 'saturated';
      }
    }
    const offered = candidates, ctx = this.ctx;
    ctx.nowMs = nowMs;
    ctx.attempt = f.attempts;
    this.pickCounter.reset(f.req.id, f.attempts);
    ctx.tried = tried;
    ctx.healthVersion = partition.healthVersion;
    const breakers = this.p.health.breakers;
    while (candidates.length > 0) {
      const preferred = preferredId !== undefined ? candidates.find((s) => s.deployment.id === preferredId) : undefined;
      slot = preferred ?? (strategy.pick(f.req, candidates as Candidate[], ctx) as RouterSlot | undefined);
      via = preferred && viaFallback ? 'fallback' : 'strategy';
      if (slot === undefined) break;
      if (breakers === undefined || breakers.tryAcquire(slot.deployment.id, nowMs)) break;
      candidates = candidates.filter((s) => s !== slot); // half-open and out of probe slots
      slot = undefined;
    }
    if (wantExplain) {
      explain!.decision({
        requestId: f.req.id, attemptNo: f.attempts, atMs: nowMs, reason, removed,
        candidates: offered.map((s) => s.deployment.id),
        scores: strategy.explain?.(f.req, offered as Candidate[], ctx),
        picked: slot?.deployment.id, via, panic: f.panic,
      });
    }
    return slot ?? 'none';
  }
}
