/**
 * Passive outlier detection with Envoy's consecutive-5xx semantics.
 *
 * - 'server-error', 'overloaded', 'connection-error' and 'timeout' count as 5xx-like; a
 *   'success' resets the count; 'rate-limited', 'context-exceeded' and 'cancelled' neither
 *   count nor reset (they say nothing about the deployment being broken).
 * - When the count reaches `consecutive5xx` the deployment is ejected at once for
 *   min(baseEjectionMs × multiplier, max(baseEjectionMs, maxEjectionMs)), where the multiplier
 *   grows by one per ejection while base × multiplier is below the cap. The count is reset
 *   after every ejection attempt, as Envoy does, so another full run is needed to retrigger.
 * - An ejection is refused when it would take the ejected share above `maxEjectionPercent`,
 *   except that one deployment may always be ejected when none is.
 * - Every `sweepIntervalMs` a sweep un-ejects deployments whose ejection time has elapsed
 *   (so un-ejection lands on the first sweep after it) and decrements the multiplier of every
 *   deployment that was not ejected (never below 0).
 */
import type { Cancel, Scheduler } from '../../core/ports.js';
import type { OutlierConfig } from '../../config/router-schema.js';
import { isProviderFailure, type AttemptOutcomeKind } from '../types.js';
import type { EventSink } from '../events.js';
import type { HealthSource } from './health-source.js';

export class UnknownDeploymentError extends Error {
  constructor(readonly deploymentId: string, component: string) {
    super(`${component}: unknown deployment id '${deploymentId}'`);
    this.name = 'UnknownDeploymentError';
  }
}

interface HostState {
  consecutive5xx: number;
  ejected: boolean;
  ejectedAtMs: number;
  ejectionMs: number;
  multiplier: number;
}

export class OutlierDetector implements HealthSource {
  readonly source = 'outlier' as const;
  private readonly hosts = new Map<string, HostState>();
  private ejectedCount = 0;
  private refused = 0;
  private cancelSweep: Cancel | undefined;

  constructor(
    private readonly scheduler: Scheduler,
    deploymentIds: readonly string[],
    private readonly config: OutlierConfig,
    private readonly sink: EventSink,
  ) {
    for (const id of deploymentIds) {
      this.hosts.set(id, { consecutive5xx: 0, ejected: false, ejectedAtMs: 0, ejectionMs: 0, multiplier: 0 });
    }
  }

  start(): void {
    if (this.cancelSweep !== undefined) return;
    this.armSweep();
  }

  stop(): void {
    this.cancelSweep?.();
    this.cancelSweep = undefined;
  }

  onOutcome(deploymentId: string, kind: AttemptOutcomeKind, nowMs: number = this.scheduler.now()): void {
    const h = this.host(deploymentId);
    if (kind === 'success') {
      h.consecutive5xx = 0;
      return;
    }
    if (!isProviderFailure(kind)) return;
    h.consecutive5xx++;
    if (h.consecutive5xx < this.config.consecutive5xx) return;
    const run = h.consecutive5xx;
    h.consecutive5xx = 0;
    if (h.ejected) return;
    if (!this.ejectionAllowed()) {
      this.refused++;
      return;
    }
    const { baseEjectionMs: baseMs, maxEjectionMs } = this.config;
    const capMs = Math.max(baseMs, maxEjectionMs);
    if (h.multiplier * baseMs < capMs) h.multiplier++;
    h.ejected = true;
    h.ejectedAtMs = nowMs;
    h.ejectionMs = Math.min(baseMs * h.multiplier, capMs);
    this.ejectedCount++;
    this.emit(deploymentId, nowMs, true, `${run} consecutive 5xx-like errors; ejected for ${h.ejectionMs}ms`);
  }

  isExcluded(deploymentId: string, _nowMs?: number): boolean {
    return this.hosts.get(deploymentId)?.ejected === true;
  }

  isEjected(deploymentId: string): boolean {
    return this.isExcluded(deploymentId);
  }

  /** Ejection multiplier ("times ejected", decayed by healthy sweeps). */
  ejectionMultiplier(deploymentId: string): number {
    return this.host(deploymentId).multiplier;
  }

  /** Length of the current (or last) ejection, ms; 0 before the first. */
  ejectionMs(deploymentId: string): number {
    return this.host(deploymentId).ejectionMs;
  }

  consecutive5xx(deploymentId: string): number {
    return this.host(deploymentId).consecutive5xx;
  }

  get ejectedDeployments(): number {
    return this.ejectedCount;
  }

  /** Ejections refused by maxEjectionPercent. */
  get ejectionsRefused(): number {
    return this.refused;
  }

  /** One sweep, as the timer runs it; public so a router without timers can drive it. */
  sweep(nowMs: number = this.scheduler.now()): void {
    for (const [id, h] of this.hosts) {
      if (!h.ejected) {
        if (h.multiplier > 0) h.multiplier--;
      } else if (nowMs - h.ejectedAtMs >= h.ejectionMs) {
        h.ejected = false;
        this.ejectedCount--;
        this.emit(id, nowMs, false, `ejection of ${h.ejectionMs}ms elapsed`);
      }
    }
  }

  private ejectionAllowed(): boolean {
    if (this.ejectedCount === 0) return true;
    return (100 * (this.ejectedCount + 1)) / this.hosts.size <= this.config.maxEjectionPercent;
  }

  private armSweep(): void {
    this.cancelSweep = this.scheduler.schedule(this.config.sweepIntervalMs, () => {
      this.armSweep();
      this.sweep();
    });
  }

  private host(id: string): HostState {
    const h = this.hosts.get(id);
    if (h === undefined) throw new UnknownDeploymentError(id, 'OutlierDetector');
    return h;
  }

  private emit(id: string, atMs: number, excluded: boolean, reason: string): void {
    this.sink({ type: 'health.changed', atMs, deploymentId: id, source: 'outlier', excluded, reason });
  }
}
