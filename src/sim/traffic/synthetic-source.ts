import type { Rng } from '../../core/ports.js';
import type { TrafficSpec } from '../../config/scenario-schema.js';
import type { RouteRequest } from '../../routing/types.js';
import { createArrivalProcess, type ArrivalProcess } from './arrival-process.js';
import { AttributeSampler } from './attribute-sampler.js';
import type { RequestSource } from './request-source.js';

/** A scenario without `traffic.arrivals` (trace or ServeGen traffic) cannot be synthesized. */
export class MissingArrivalsError extends Error {
  override readonly name = 'MissingArrivalsError';
}

/**
 * Synthetic traffic. Arrival times and request attributes use separate child streams, so
 * changing, say, the token mix never moves an arrival time.
 */
export class SyntheticSource implements RequestSource {
  private readonly arrivals: ArrivalProcess;
  private readonly attrRng: Rng;
  private readonly sampler: AttributeSampler;
  private nextId = 0;

  constructor(spec: TrafficSpec, rng: Rng, private readonly horizonMs: number) {
    if (spec.arrivals === undefined) throw new MissingArrivalsError('synthetic traffic needs traffic.arrivals');
    this.arrivals = createArrivalProcess(spec.arrivals, rng.fork('arrivals'), horizonMs);
    this.attrRng = rng.fork('attributes');
    this.sampler = new AttributeSampler(spec);
  }

  next(): RouteRequest | undefined {
    const arrivalMs = this.arrivals.nextArrivalMs();
    if (!(arrivalMs < this.horizonMs)) return undefined;
    const r = this.attrRng;
    // Draw every attribute on every request, in a fixed order, so the stream never shifts.
    const inputTokens = this.sampler.inputTokenCount(r);
    const outputTokens = this.sampler.outputTokenCount(r);
    return this.sampler.request(r, this.nextId++, arrivalMs, inputTokens, outputTokens);
  }
}
