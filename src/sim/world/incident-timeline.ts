import type { Rng } from '../../core/ports.js';
import type { IncidentSpec } from '../../config/scenario-schema.js';
import { createDistribution } from '../distributions/create-distribution.js';
import type { Distribution } from '../distributions/distribution.js';

export type IncidentKind = IncidentSpec['kind'];

/** One incident window with its effect; times in ms. */
export interface IncidentWindow {
  readonly providerId: string;
  readonly kind: IncidentKind;
  readonly startMs: number;
  readonly endMs: number;
  readonly latencyFactor: number;
  readonly errorRate: number;
  readonly limitFactor: number;
  /** Model ids affected; undefined = all of the provider's models. */
  readonly models?: readonly string[];
}

/** A stochastic window lasts at least this long, ms: their count is at most horizon / 1 ms. */
const MIN_INCIDENT_MS = 1;

type Effect = Omit<IncidentWindow, 'startMs' | 'endMs'>;

/**
 * The windows of one incident spec, in time order, generated one at a time: a stochastic
 * on/off process can produce millions of windows over a long horizon, so nothing holds
 * them all (the caller asks for the next when the previous one ends). Each spec draws from
 * its own `incident:<i>` stream of the provider's `incidents:<id>` stream, in the same order
 * as when all windows were built up front, so outages are identical whatever strategy runs.
 */
export class IncidentWindowStream {
  private readonly effect: Effect;
  private readonly stream?: Rng;
  private readonly between?: Distribution;
  private readonly duration?: Distribution;
  private tMs: number;
  private done = false;

  constructor(providerId: string, private readonly spec: IncidentSpec, index: number, rng: Rng, private readonly horizonMs: number) {
    this.effect = {
      providerId,
      kind: spec.kind,
      latencyFactor: spec.latencyFactor,
      errorRate: spec.errorRate,
      limitFactor: spec.limitFactor,
      models: spec.models,
    };
    if ('startS' in spec) {
      this.tMs = spec.startS * 1000;
      return;
    }
    this.stream = rng.fork(`incident:${index}`);
    this.between = createDistribution(spec.timeBetweenS);
    this.duration = createDistribution(spec.durationS);
    this.tMs = spec.afterS * 1000;
  }

  /** The next window starting before the horizon, or undefined when there is none. */
  next(): IncidentWindow | undefined {
    if (this.done) return undefined;
    const spec = this.spec;
    if ('startS' in spec) {
      this.done = true;
      const startMs = this.tMs;
      return startMs < this.horizonMs ? { ...this.effect, startMs, endMs: startMs + spec.durationS * 1000 } : undefined;
    }
    const startMs = this.tMs + this.between!.sample(this.stream!) * 1000;
    if (!(startMs < this.horizonMs)) {
      this.done = true;
      return undefined;
    }
    const endMs = startMs + Math.max(MIN_INCIDENT_MS, this.duration!.sample(this.stream!) * 1000);
    this.tMs = endMs;
    return { ...this.effect, startMs, endMs };
  }
}

/**
 * Expected number of windows a spec produces before the horizon (for the event estimate):
 * one for a fixed window, horizon / (mean gap + mean duration) for an on/off process.
 */
export function expectedIncidentWindows(spec: IncidentSpec, horizonMs: number): number {
  if ('startS' in spec) return spec.startS * 1000 < horizonMs ? 1 : 0;
  const cycleMs = createDistribution(spec.timeBetweenS).mean * 1000 + Math.max(MIN_INCIDENT_MS, createDistribution(spec.durationS).mean * 1000);
  const spanMs = Math.max(0, horizonMs - spec.afterS * 1000);
  return Number.isFinite(cycleMs) ? Math.ceil(spanMs / cycleMs) : 1;
}
