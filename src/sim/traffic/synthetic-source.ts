import type { Rng } from '../../core/ports.js';
import type { TrafficSpec } from '../../config/scenario-schema.js';
import type { QualityTier, RouteRequest } from '../../routing/types.js';
import { createDistribution } from '../distributions/create-distribution.js';
import type { Distribution } from '../distributions/distribution.js';
import { WeightedChoice } from '../distributions/weighted-choice.js';
import { ZipfSampler } from '../distributions/zipf.js';
import { createArrivalProcess, type ArrivalProcess } from './arrival-process.js';
import type { RequestSource } from './request-source.js';

const TIERS: QualityTier[] = ['low', 'medium', 'high'];

/**
 * Synthetic traffic. Arrival times and request attributes use separate child streams, so
 * changing, say, the token mix never moves an arrival time.
 */
export class SyntheticSource implements RequestSource {
  private readonly arrivals: ArrivalProcess;
  private readonly attrRng: Rng;
  private readonly inputTokens: Distribution;
  private readonly outputTokens: Distribution;
  private readonly budget?: Distribution;
  private readonly tier: WeightedChoice;
  private readonly clients: ZipfSampler;
  private readonly categoryNames: string[];
  private readonly category?: WeightedChoice;
  private readonly tenantNames: string[];
  private readonly tenant?: WeightedChoice;
  private nextId = 0;

  constructor(spec: TrafficSpec, rng: Rng, private readonly horizonMs: number) {
    this.arrivals = createArrivalProcess(spec.arrivals, rng.fork('arrivals'), horizonMs);
    this.attrRng = rng.fork('attributes');
    this.inputTokens = createDistribution(spec.inputTokens);
    this.outputTokens = createDistribution(spec.outputTokens);
    if (spec.budgetUsd !== undefined) this.budget = createDistribution(spec.budgetUsd);
    this.tier = new WeightedChoice([spec.qualityMix.low, spec.qualityMix.medium, spec.qualityMix.high]);
    this.clients = new ZipfSampler(spec.clients.count, spec.clients.zipfS);
    this.categoryNames = Object.keys(spec.categories ?? {});
    if (spec.categories) this.category = new WeightedChoice(Object.values(spec.categories));
    this.tenantNames = Object.keys(spec.tenants ?? {});
    if (spec.tenants) this.tenant = new WeightedChoice(Object.values(spec.tenants));
  }

  meanRatePerS(): number {
    return this.arrivals.meanRatePerS(this.horizonMs);
  }

  next(): RouteRequest | undefined {
    const arrivalMs = this.arrivals.nextArrivalMs();
    if (!(arrivalMs < this.horizonMs)) return undefined;
    const r = this.attrRng;
    // Draw every attribute on every request, in a fixed order, so the stream never shifts.
    const inputTokens = Math.max(1, Math.round(this.inputTokens.sample(r)));
    const outputTokens = Math.max(1, Math.round(this.outputTokens.sample(r)));
    const tier = TIERS[this.tier.sample(r)];
    const client = this.clients.sample(r);
    const budgetUsd = this.budget?.sample(r);
    const category = this.category ? this.categoryNames[this.category.sample(r)] : undefined;
    const tenant = this.tenant ? this.tenantNames[this.tenant.sample(r)] : undefined;
    return {
      id: this.nextId++,
      arrivalMs,
      inputTokens,
      expectedOutputTokens: outputTokens,
      qualityTier: tier,
      budgetUsd,
      category,
      clientId: `c${client}`,
      tenant,
    };
  }
}
