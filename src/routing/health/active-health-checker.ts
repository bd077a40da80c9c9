/**
 * Active health checks: probe every deployment periodically, mark it unhealthy after exactly
 * `unhealthyThreshold` consecutive failed probes and healthy again after exactly
 * `healthyThreshold` consecutive good ones while unhealthy (the seed declares a recovery
 * threshold and never uses it; we do). Everything starts healthy.
 *
 * Scheduling (Envoy style): the first probe of each deployment goes out after a jittered
 * offset `intervalMs × jitterFraction × u`; each later probe goes out
 * `intervalMs × (1 + jitterFraction × u)` after the previous probe's verdict, so a deployment
 * never has two probes in flight. A probe with no answer after `timeoutMs` is a failure; it
 * is cancelled and a late answer is ignored. Delays are rounded to whole milliseconds so the
 * same run is identical on the simulator and on wall-clock timers (which only know whole ms).
 * Each deployment draws its jitter from its own forked stream, so adding a deployment never
 * shifts another's probe times.
 */
import type { Cancel, Rng, Scheduler } from '../../core/ports.js';
import type { ActiveCheckConfig } from '../../config/router-schema.js';
import type { EventSink } from '../events.js';
import type { HealthSource } from './health-source.js';

export type ProbeFn = (deploymentId: string, onDone: (ok: boolean) => void) => Cancel;

interface ProbeState {
  readonly id: string;
  readonly rng: Rng;
  healthy: boolean;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** Cancels the pending "send next probe" timer. */
  cancelNext: Cancel | undefined;
  /** Non-undefined while a probe is in flight. */
  inFlight: InFlightProbe | undefined;
}

interface InFlightProbe {
  cancelProbe: Cancel | undefined;
  cancelTimeout: Cancel | undefined;
}

export class ActiveHealthChecker implements HealthSource {
  readonly source = 'active-check' as const;
  private readonly states = new Map<string, ProbeState>();
  private running = false;
  private sent = 0;

  constructor(
    private readonly scheduler: Scheduler,
    rng: Rng,
    deploymentIds: readonly string[],
    private readonly probe: ProbeFn,
    private readonly config: ActiveCheckConfig,
    private readonly sink: EventSink,
  ) {
    for (const id of deploymentIds) {
      this.states.set(id, {
        id,
        rng: rng.fork(`active-check:${id}`),
        healthy: true,
        consecutiveFailures: 0,
        consecutiveSuccesses: 0,
        cancelNext: undefined,
        inFlight: undefined,
      });
    }
  }

  /** Number of probes sent so far. */
  get probesSent(): number {
    return this.sent;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const s of this.states.values()) {
      this.armNext(s, this.config.intervalMs * this.config.jitterFraction * this.draw(s));
    }
  }

  /** Cancels every timer and in-flight probe; health verdicts are kept. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (const s of this.states.values()) {
      s.cancelNext?.();
      s.cancelNext = undefined;
      const p = s.inFlight;
      s.inFlight = undefined;
      p?.cancelTimeout?.();
      p?.cancelProbe?.();
    }
  }

  isExcluded(deploymentId: string, _nowMs?: number): boolean {
    return this.states.get(deploymentId)?.healthy === false;
  }

  isHealthy(deploymentId: string): boolean {
    return this.states.get(deploymentId)?.healthy !== false;
  }

  consecutiveFailures(deploymentId: string): number {
    return this.states.get(deploymentId)?.consecutiveFailures ?? 0;
  }

  consecutiveSuccesses(deploymentId: string): number {
    return this.states.get(deploymentId)?.consecutiveSuccesses ?? 0;
  }

  private draw(s: ProbeState): number {
    return this.config.jitterFraction > 0 ? s.rng.next() : 0;
  }

  private armNext(s: ProbeState, delayMs: number): void {
    s.cancelNext = this.scheduler.schedule(Math.round(delayMs), () => {
      s.cancelNext = undefined;
      this.send(s);
    });
  }

  private send(s: ProbeState): void {
    if (!this.running) return;
    const p: InFlightProbe = { cancelProbe: undefined, cancelTimeout: undefined };
    s.inFlight = p;
    this.sent++;
    // Cancels are only ever called while their callback is still pending: a scheduler may
    // recycle a fired timer's handle, so a stale cancel could hit someone else's timer.
    p.cancelTimeout = this.scheduler.schedule(this.config.timeoutMs, () => {
      p.cancelTimeout = undefined;
      if (s.inFlight !== p) return;
      const cancelProbe = p.cancelProbe;
      p.cancelProbe = undefined;
      this.verdict(s, false, `no answer within ${this.config.timeoutMs}ms`);
      cancelProbe?.();
    });
    const cancelProbe = this.probe(s.id, (ok) => {
      if (s.inFlight !== p) return; // late (timed out) or after stop: ignored
      p.cancelProbe = undefined;
      const cancelTimeout = p.cancelTimeout;
      p.cancelTimeout = undefined;
      cancelTimeout?.();
      this.verdict(s, ok, ok ? 'probe succeeded' : 'probe failed');
    });
    // Keep the probe's cancel only if it has not answered synchronously.
    if (s.inFlight === p) p.cancelProbe = cancelProbe;
  }

  private verdict(s: ProbeState, ok: boolean, what: string): void {
    s.inFlight = undefined;
    const nowMs = this.scheduler.now();
    if (ok) {
      s.consecutiveFailures = 0;
      s.consecutiveSuccesses++;
      if (!s.healthy && s.consecutiveSuccesses >= this.config.healthyThreshold) {
        s.healthy = true;
        this.emit(s, nowMs, false, `${s.consecutiveSuccesses} consecutive good probes`);
      }
    } else {
      s.consecutiveSuccesses = 0;
      s.consecutiveFailures++;
      if (s.healthy && s.consecutiveFailures >= this.config.unhealthyThreshold) {
        s.healthy = false;
        this.emit(s, nowMs, true, `${s.consecutiveFailures} consecutive failed probes (last: ${what})`);
      }
    }
    if (this.running) this.armNext(s, this.config.intervalMs * (1 + this.config.jitterFraction * this.draw(s)));
  }

  private emit(s: ProbeState, atMs: number, excluded: boolean, reason: string): void {
    this.sink({ type: 'health.changed', atMs, deploymentId: s.id, source: 'active-check', excluded, reason });
  }
}
