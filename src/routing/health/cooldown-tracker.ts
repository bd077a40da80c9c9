/**
 * LiteLLM-style cooldowns: a deployment that fails too often within a minute is taken out of
 * rotation for `cooldownMs`.
 *
 * - Outcomes are kept in a sliding 60 s window (newest kept). Failures are every kind except
 *   'success', 'context-exceeded' and 'client-error' (the caller, not the deployment, is at fault) and
 *   'cancelled' (ignored altogether: the router gave up, the deployment said nothing).
 * - A failure triggers a cooldown until now + cooldownMs when the window holds more than
 *   `allowedFailsPerMinute` failures, or, with `failureRateThreshold` set, when it holds at
 *   least `minRequests` outcomes and the failure rate is at least that threshold.
 * - A failure carrying `retryAfterMs` (a 429's or 503's Retry-After) cools the deployment down
 *   for at least that long when `honourRetryAfter` is on.
 * - Re-arming never shortens a cooldown: until = max(existing, new). (A real gateway kept the
 *   earlier, shorter deadline when re-armed.)
 *
 * End events: with a Scheduler, a timer emits `health.changed` (excluded: false) exactly when
 * the cooldown ends. Without one, call `flush(nowMs)` and ended cooldowns are announced then.
 * Either way the event's `atMs` is the end time itself, so per-deployment timelines are exact.
 */
import type { Cancel, Scheduler } from '../../core/ports.js';
import type { CooldownConfig } from '../../config/router-schema.js';
import type { AttemptOutcome } from '../types.js';
import type { EventSink } from '../events.js';
import type { HealthSource } from './health-source.js';
import { OutcomeWindow } from '../resilience/outcome-window.js';

export const COOLDOWN_WINDOW_MS = 60_000;

interface CooldownState {
  readonly window: OutcomeWindow;
  untilMs: number;
  /** Whether an "entered cooldown" event is out without its matching "ended" event. */
  announced: boolean;
  /** Pending end timer (scheduler mode only). */
  endTimer: Cancel | undefined;
}

export class CooldownTracker implements HealthSource {
  readonly source = 'cooldown' as const;
  private readonly states = new Map<string, CooldownState>();

  constructor(
    private readonly config: CooldownConfig,
    private readonly sink: EventSink,
    private readonly scheduler?: Scheduler,
  ) {}

  onOutcome(deploymentId: string, outcome: AttemptOutcome, nowMs: number): void {
    if (outcome.kind === 'cancelled') return;
    const s = this.state(deploymentId);
    this.settle(deploymentId, s, nowMs);
    const failed = outcome.kind !== 'success' && outcome.kind !== 'context-exceeded' && outcome.kind !== 'client-error';
    s.window.record(nowMs, failed);
    if (!failed) return;

    let newUntilMs = -Infinity;
    let reason = '';
    const why = this.thresholdReason(s, nowMs);
    if (why !== undefined) {
      newUntilMs = nowMs + this.config.cooldownMs;
      reason = why;
    }
    const retryAfterMs = outcome.retryAfterMs;
    if (this.config.honourRetryAfter && retryAfterMs !== undefined && retryAfterMs > 0 && nowMs + retryAfterMs > newUntilMs) {
      newUntilMs = nowMs + retryAfterMs;
      reason = `${outcome.kind} with Retry-After ${retryAfterMs}ms`;
    }
    if (newUntilMs <= s.untilMs) return; // never shorten an existing cooldown
    s.untilMs = newUntilMs;
    if (!s.announced) {
      s.announced = true;
      this.sink({
        type: 'health.changed',
        atMs: nowMs,
        deploymentId,
        source: 'cooldown',
        excluded: true,
        reason: `${reason}; cooling down until ${newUntilMs}ms`,
      });
    }
    this.armEndTimer(deploymentId, s);
  }

  isExcluded(deploymentId: string, nowMs: number): boolean {
    const s = this.states.get(deploymentId);
    return s !== undefined && nowMs < s.untilMs;
  }

  /** End of the current or last cooldown, or undefined if the deployment never cooled down. */
  cooldownUntilMs(deploymentId: string): number | undefined {
    const s = this.states.get(deploymentId);
    return s === undefined || s.untilMs === -Infinity ? undefined : s.untilMs;
  }

  /** Failures in the sliding minute ending at `nowMs`. */
  failuresInWindow(deploymentId: string, nowMs: number): number {
    return this.states.get(deploymentId)?.window.failureCount(nowMs) ?? 0;
  }

  /** Announces every cooldown that has ended by `nowMs` (for use without a Scheduler). */
  flush(nowMs: number): void {
    for (const [id, s] of this.states) this.settle(id, s, nowMs);
  }

  /** Cancels pending end timers (scheduler mode); state is kept. */
  stop(): void {
    for (const s of this.states.values()) {
      s.endTimer?.();
      s.endTimer = undefined;
    }
  }

  private state(id: string): CooldownState {
    let s = this.states.get(id);
    if (s === undefined) {
      s = { window: new OutcomeWindow(COOLDOWN_WINDOW_MS), untilMs: -Infinity, announced: false, endTimer: undefined };
      this.states.set(id, s);
    }
    return s;
  }

  private thresholdReason(s: CooldownState, nowMs: number): string | undefined {
    const c = this.config;
    const fails = s.window.failureCount(nowMs);
    if (fails > c.allowedFailsPerMinute) {
      return `${fails} failures in the last minute (allowed ${c.allowedFailsPerMinute})`;
    }
    if (c.failureRateThreshold === undefined) return undefined;
    const n = s.window.count(nowMs);
    if (n >= c.minRequests && fails / n >= c.failureRateThreshold) {
      return `failure rate ${((fails / n) * 100).toFixed(1)}% over ${n} outcomes in the last minute`;
    }
    return undefined;
  }

  /** Emits the end event of a cooldown that is over by `nowMs`. */
  private settle(id: string, s: CooldownState, nowMs: number): void {
    if (!s.announced || nowMs < s.untilMs) return;
    s.announced = false;
    this.sink({ type: 'health.changed', atMs: s.untilMs, deploymentId: id, source: 'cooldown', excluded: false, reason: 'cooldown ended' });
  }

  /** One pending timer per deployment; on firing early (the cooldown was extended) it re-arms. */
  private armEndTimer(id: string, s: CooldownState): void {
    const scheduler = this.scheduler;
    if (scheduler === undefined || s.endTimer !== undefined) return;
    s.endTimer = scheduler.schedule(Math.max(0, s.untilMs - scheduler.now()), () => {
      s.endTimer = undefined;
      const nowMs = scheduler.now();
      if (nowMs < s.untilMs) this.armEndTimer(id, s);
      else this.settle(id, s, nowMs);
    });
  }
}
