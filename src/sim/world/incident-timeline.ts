import type { Rng } from '../../core/ports.js';
import type { IncidentSpec } from '../../config/scenario-schema.js';
import { createDistribution } from '../distributions/create-distribution.js';

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

/**
 * Expands a provider's incident specs into concrete windows up to the horizon. Drawn from the
 * provider's own `incidents:<id>` stream before the run starts, so outages are identical
 * whatever strategy runs.
 */
export function buildIncidentWindows(providerId: string, specs: readonly IncidentSpec[], rng: Rng, horizonMs: number): IncidentWindow[] {
  const out: IncidentWindow[] = [];
  specs.forEach((spec, i) => {
    const effect = {
      providerId,
      kind: spec.kind,
      latencyFactor: spec.latencyFactor,
      errorRate: spec.errorRate,
      limitFactor: spec.limitFactor,
      models: spec.models,
    };
    if ('startS' in spec) {
      const startMs = spec.startS * 1000;
      if (startMs < horizonMs) out.push({ ...effect, startMs, endMs: startMs + spec.durationS * 1000 });
      return;
    }
    const stream = rng.fork(`incident:${i}`);
    const between = createDistribution(spec.timeBetweenS);
    const duration = createDistribution(spec.durationS);
    let tMs = spec.afterS * 1000;
    for (;;) {
      const startMs = tMs + between.sample(stream) * 1000;
      if (!(startMs < horizonMs)) break;
      const endMs = startMs + Math.max(1, duration.sample(stream) * 1000);
      out.push({ ...effect, startMs, endMs });
      tMs = endMs;
    }
  });
  return out.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}
