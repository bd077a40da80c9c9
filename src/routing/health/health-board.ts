import type { Rng, Scheduler } from '../../core/ports.js';
import type { RouterConfig } from '../../config/router-schema.js';
import type { EventSink } from '../events.js';
import { isProviderFailure, type AttemptOutcome, type Deployment } from '../types.js';
import { CircuitBreakers } from '../resilience/circuit-breaker.js';
import { ActiveHealthChecker } from './active-health-checker.js';
import { CooldownTracker } from './cooldown-tracker.js';
import type { HealthSource } from './health-source.js';
import { OutlierDetector } from './outlier-detector.js';
import { StatusRules } from '../policies/status-rules.js';

/**
 * Owns the configured health producers and answers "which sources exclude this deployment
 * now". Producers write state from outcomes and probes; the router only reads verdicts.
 *
 * Verdict caching: every producer here announces each change of its verdict through the sink
 * (health.changed, breaker.transitioned) — except changes by the passage of time alone, which
 * are a cooldown ending and a breaker's open period ending. So a verdict read at time t stays
 * valid while `version` is unchanged and the clock is before `verdictStableUntilMs`; the
 * router uses that to skip re-asking every source on every attempt.
 */
export class HealthBoard {
  private readonly sources: HealthSource[] = [];
  readonly breakers?: CircuitBreakers;
  private readonly outlier?: OutlierDetector;
  private readonly cooldown?: CooldownTracker;
  private readonly checker?: ActiveHealthChecker;
  private changes = 0;
  private readonly changeListeners: ((deploymentId: string) => void)[] = [];
  /** What the breaker counts as a failure: router.statusRules.breakerFailureOn, else provider failures. */
  private readonly breakerFailure: (o: AttemptOutcome) => boolean;

  constructor(
    scheduler: Scheduler,
    rng: Rng,
    deployments: readonly Deployment[],
    config: RouterConfig,
    probe: (deploymentId: string, onDone: (ok: boolean) => void) => () => void,
    sink: EventSink,
  ) {
    const ids = deployments.map((d) => d.id);
    const rules = config.statusRules === false ? undefined : new StatusRules(config.statusRules);
    this.breakerFailure = rules === undefined ? (o) => isProviderFailure(o.kind) : (o) => rules.breakerFailure(o);
    const outer = sink;
    sink = (e) => {
      this.changes++;
      if ('deploymentId' in e) for (const l of this.changeListeners) l(e.deploymentId);
      outer(e);
    };
    if (config.activeHealthCheck !== false) {
      this.checker = new ActiveHealthChecker(scheduler, rng.fork('active-check'), ids, probe, config.activeHealthCheck, sink);
      this.sources.push(this.checker);
    }
    if (config.outlierDetection !== false) {
      this.outlier = new OutlierDetector(scheduler, ids, config.outlierDetection, sink);
      this.sources.push(this.outlier);
    }
    if (config.cooldown !== false) {
      this.cooldown = new CooldownTracker(config.cooldown, sink, scheduler);
      this.sources.push(this.cooldown);
    }
    if (config.circuitBreaker !== false) {
      this.breakers = new CircuitBreakers(scheduler, config.circuitBreaker, sink);
      this.sources.push(this.breakers);
    }
  }

  /** Changes whenever a producer announced anything (a verdict may have changed). */
  get version(): number {
    return this.changes;
  }

  /**
   * Calls `listener` with the deployment each announcement is about (a verdict may have
   * changed), so a cache can re-ask the sources about that deployment only.
   */
  onChange(listener: (deploymentId: string) => void): void {
    this.changeListeners.push(listener);
  }

  /**
   * The earliest time after `nowMs` at which `isExcluded(id, ·)` could change with no event
   * announced: the end of a running cooldown or of an open breaker period; Infinity if none.
   */
  verdictStableUntilMs(id: string, nowMs: number): number {
    let untilMs = Infinity;
    const cooldownEndMs = this.cooldown?.cooldownUntilMs(id);
    if (cooldownEndMs !== undefined && nowMs < cooldownEndMs) untilMs = cooldownEndMs;
    if (this.breakers !== undefined && this.breakers.state(id, nowMs) === 'open') {
      untilMs = Math.min(untilMs, this.breakers.openUntilMs(id)!);
    }
    return untilMs;
  }

  start(): void {
    this.checker?.start();
    this.outlier?.start();
  }

  stop(): void {
    this.checker?.stop();
    this.outlier?.stop();
    this.cooldown?.stop();
  }

  /** Names of the sources excluding `id` now; empty when it is routable. */
  excludedBy(id: string, nowMs: number, out: string[]): string[] {
    for (const s of this.sources) if (s.isExcluded(id, nowMs)) out.push(s.source);
    return out;
  }

  isExcluded(id: string, nowMs: number): boolean {
    for (const s of this.sources) if (s.isExcluded(id, nowMs)) return true;
    return false;
  }

  /** Feeds a finished attempt to the passive producers (outlier, cooldown, breaker). */
  observe(id: string, outcome: AttemptOutcome, nowMs: number): void {
    this.outlier?.onOutcome(id, outcome.kind, nowMs);
    this.cooldown?.onOutcome(id, outcome, nowMs);
    if (this.breakers) {
      if (outcome.kind === 'success') this.breakers.onSuccess(id, nowMs);
      else if (this.breakerFailure(outcome)) this.breakers.onFailure(id, nowMs);
      else this.breakers.onRelease(id);
    }
  }
}
