/**
 * Per-deployment circuit breakers: closed → open → half-open → closed | open.
 *
 * - closed: every attempt is admitted. Opens after `consecutiveFailures` failures in a row, or
 *   when the last `windowMs` hold at least `minRequests` outcomes and the failure rate is at
 *   least `failureRateThreshold` (the window keeps the newest samples).
 * - open: nothing is admitted until `openUntilMs`; from then on the breaker is half-open.
 *   The open → half-open change is applied lazily by the next call for that deployment (or by
 *   `flush`), and its events carry `atMs = openUntilMs`, the moment it took effect.
 * - half-open: at most `halfOpenProbes` acquired attempts at a time. A probe success closes the
 *   breaker (counters and open-period backoff reset); a probe failure re-opens it for the
 *   previous open period × `openBackoffFactor`, capped at `maxOpenMs`.
 *
 * Verdicts that cannot belong to a probe are ignored: anything while open, and anything in
 * half-open when no probe is in flight (a straggler admitted before the breaker opened).
 * With the boolean acquire API a straggler that lands while a probe is in flight is counted
 * as that probe's verdict; that is the price of not handing out permit tokens.
 *
 * Events: `breaker.transitioned` for every state change, and `health.changed` (source
 * 'breaker') whenever `isExcluded` flips, i.e. on open, on leaving open, and when half-open
 * probe slots fill up or free again.
 */
import type { Clock } from '../../core/ports.js';
import type { BreakerConfig } from '../../config/router-schema.js';
import type { BreakerState, EventSink } from '../events.js';
import type { HealthSource } from '../health/health-source.js';
import { OutcomeWindow } from './outcome-window.js';

interface BreakerEntry {
  state: BreakerState;
  consecutiveFailures: number;
  readonly window: OutcomeWindow;
  openUntilMs: number;
  openPeriodMs: number;
  probesInFlight: number;
  /** Last `excluded` value announced through health.changed. */
  announcedExcluded: boolean;
}

export class CircuitBreakers implements HealthSource {
  readonly source = 'breaker' as const;
  private readonly entries = new Map<string, BreakerEntry>();

  constructor(
    private readonly clock: Clock,
    private readonly config: BreakerConfig,
    private readonly sink: EventSink,
  ) {}

  /** Effective state at `nowMs` (an expired open period reads as half-open). Emits nothing. */
  state(deploymentId: string, nowMs: number = this.clock.now()): BreakerState {
    const e = this.entries.get(deploymentId);
    if (e === undefined) return 'closed';
    if (e.state === 'open' && nowMs >= e.openUntilMs) return 'half-open';
    return e.state;
  }

  isExcluded(deploymentId: string, nowMs: number = this.clock.now()): boolean {
    const e = this.entries.get(deploymentId);
    if (e === undefined) return false;
    const s = this.state(deploymentId, nowMs);
    if (s === 'closed') return false;
    if (s === 'open') return true;
    const inFlight = e.state === 'half-open' ? e.probesInFlight : 0;
    return inFlight >= this.config.halfOpenProbes;
  }

  /** Call before sending an attempt; false means "do not send to this deployment now". */
  tryAcquire(deploymentId: string, nowMs: number = this.clock.now()): boolean {
    const e = this.entry(deploymentId);
    this.advance(deploymentId, e, nowMs);
    if (e.state === 'closed') return true;
    if (e.state === 'open') return false;
    if (e.probesInFlight >= this.config.halfOpenProbes) return false;
    e.probesInFlight++;
    this.announce(deploymentId, e, nowMs, `all ${this.config.halfOpenProbes} half-open probe slots in use`);
    return true;
  }

  onSuccess(deploymentId: string, nowMs: number = this.clock.now()): void {
    const e = this.entry(deploymentId);
    this.advance(deploymentId, e, nowMs);
    if (e.state === 'closed') {
      e.consecutiveFailures = 0;
      e.window.record(nowMs, false);
    } else if (e.state === 'half-open' && e.probesInFlight > 0) {
      e.probesInFlight--;
      e.consecutiveFailures = 0;
      e.window.clear();
      this.transition(deploymentId, e, 'closed', nowMs);
      this.announce(deploymentId, e, nowMs, 'half-open probe succeeded; breaker closed');
    }
  }

  onFailure(deploymentId: string, nowMs: number = this.clock.now()): void {
    const e = this.entry(deploymentId);
    this.advance(deploymentId, e, nowMs);
    if (e.state === 'closed') {
      e.consecutiveFailures++;
      e.window.record(nowMs, true);
      const why = this.tripReason(e, nowMs);
      if (why !== undefined) this.open(deploymentId, e, nowMs, this.config.openMs, why);
    } else if (e.state === 'half-open' && e.probesInFlight > 0) {
      e.probesInFlight--;
      const capMs = Math.max(this.config.maxOpenMs, this.config.openMs);
      const periodMs = Math.min(e.openPeriodMs * this.config.openBackoffFactor, capMs);
      this.open(deploymentId, e, nowMs, periodMs, 'half-open probe failed');
    }
  }

  /** An acquired attempt ended without a verdict (cancelled, hedge loser): frees a probe slot. */
  onRelease(deploymentId: string, nowMs: number = this.clock.now()): void {
    const e = this.entries.get(deploymentId);
    if (e === undefined) return;
    this.advance(deploymentId, e, nowMs);
    if (e.state === 'half-open' && e.probesInFlight > 0) {
      e.probesInFlight--;
      this.announce(deploymentId, e, nowMs, 'half-open probe slot released');
    }
  }

  /** Applies every open → half-open change due by `nowMs`, emitting its events. */
  flush(nowMs: number = this.clock.now()): void {
    for (const [id, e] of this.entries) this.advance(id, e, nowMs);
  }

  openUntilMs(deploymentId: string): number | undefined {
    const e = this.entries.get(deploymentId);
    return e === undefined || e.state === 'closed' ? undefined : e.openUntilMs;
  }

  /** Length of the current (or last) open period, ms; grows with consecutive re-opens. */
  openPeriodMs(deploymentId: string): number | undefined {
    return this.entries.get(deploymentId)?.openPeriodMs;
  }

  probesInFlight(deploymentId: string): number {
    const e = this.entries.get(deploymentId);
    return e !== undefined && e.state === 'half-open' ? e.probesInFlight : 0;
  }

  private entry(id: string): BreakerEntry {
    let e = this.entries.get(id);
    if (e === undefined) {
      e = {
        state: 'closed',
        consecutiveFailures: 0,
        window: new OutcomeWindow(this.config.windowMs),
        openUntilMs: 0,
        openPeriodMs: this.config.openMs,
        probesInFlight: 0,
        announcedExcluded: false,
      };
      this.entries.set(id, e);
    }
    return e;
  }

  private tripReason(e: BreakerEntry, nowMs: number): string | undefined {
    const c = this.config;
    if (e.consecutiveFailures >= c.consecutiveFailures) return `${e.consecutiveFailures} consecutive failures`;
    const n = e.window.count(nowMs);
    if (n < c.minRequests) return undefined;
    const rate = e.window.failureCount(nowMs) / n;
    if (rate >= c.failureRateThreshold) {
      return `failure rate ${(rate * 100).toFixed(1)}% over ${n} outcomes in the last ${c.windowMs}ms`;
    }
    return undefined;
  }

  private open(id: string, e: BreakerEntry, nowMs: number, periodMs: number, why: string): void {
    e.openPeriodMs = periodMs;
    e.openUntilMs = nowMs + periodMs;
    e.probesInFlight = 0;
    this.transition(id, e, 'open', nowMs);
    this.announce(id, e, nowMs, `${why}; open for ${periodMs}ms`);
  }

  private advance(id: string, e: BreakerEntry, nowMs: number): void {
    if (e.state !== 'open' || nowMs < e.openUntilMs) return;
    const atMs = e.openUntilMs;
    e.probesInFlight = 0;
    this.transition(id, e, 'half-open', atMs);
    this.announce(id, e, atMs, `open period of ${e.openPeriodMs}ms elapsed; admitting up to ${this.config.halfOpenProbes} probes`);
  }

  private transition(id: string, e: BreakerEntry, to: BreakerState, atMs: number): void {
    const from = e.state;
    e.state = to;
    this.sink({ type: 'breaker.transitioned', atMs, deploymentId: id, from, to });
  }

  private announce(id: string, e: BreakerEntry, atMs: number, reason: string): void {
    const excluded =
      e.state === 'open' || (e.state === 'half-open' && e.probesInFlight >= this.config.halfOpenProbes);
    if (excluded === e.announcedExcluded) return;
    e.announcedExcluded = excluded;
    this.sink({ type: 'health.changed', atMs, deploymentId: id, source: 'breaker', excluded, reason });
  }
}
