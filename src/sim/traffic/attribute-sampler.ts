import type { Rng } from '../../core/ports.js';
import type { TrafficSpec } from '../../config/scenario-schema.js';
import type { QualityTier, RouteRequest } from '../../routing/types.js';
import { createDistribution } from '../distributions/create-distribution.js';
import type { Distribution } from '../distributions/distribution.js';
import { WeightedChoice } from '../distributions/weighted-choice.js';
import { ZipfSampler } from '../distributions/zipf.js';

const TIERS: QualityTier[] = ['low', 'medium', 'high'];

/**
 * Draws the scenario's synthetic request attributes (token counts, tier, client, budget,
 * category, tenant). Shared by the synthetic generator and by the trace and ServeGen sources,
 * which take the attributes their data lacks from here. Every call draws every attribute in
 * a fixed order, so a stream never shifts because one attribute is overridden by data.
 */
export class AttributeSampler {
  private readonly inputTokens: Distribution;
  private readonly outputTokens: Distribution;
  private readonly budget?: Distribution;
  private readonly tier: WeightedChoice;
  private readonly clients: ZipfSampler;
  /** "c<rank>" per client rank, made on first use: no string built per request. */
  private readonly clientNames: string[] = [];
  private readonly categoryNames: string[];
  private readonly category?: WeightedChoice;
  private readonly tenantNames: string[];
  private readonly tenant?: WeightedChoice;

  constructor(spec: TrafficSpec) {
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

  /** Prompt tokens from `traffic.inputTokens`, at least 1. */
  inputTokenCount(r: Rng): number {
    return Math.max(1, Math.round(this.inputTokens.sample(r)));
  }

  /** Output tokens from `traffic.outputTokens`, at least 1. */
  outputTokenCount(r: Rng): number {
    return Math.max(1, Math.round(this.outputTokens.sample(r)));
  }

  /**
   * A request with the given identity, timing and token counts, its other attributes drawn
   * from `r`: tier, client, budget, category, tenant — in this order (the synthetic stream's
   * order). Built in one object: this runs once per simulated request. `clientId` replaces
   * the drawn client (the draw still happens, so the stream never shifts).
   */
  request(r: Rng, id: number, arrivalMs: number, inputTokens: number, expectedOutputTokens: number, clientId?: string): RouteRequest {
    const qualityTier: QualityTier = TIERS[this.tier.sample(r)];
    const client = this.clients.sample(r);
    const budgetUsd = this.budget?.sample(r);
    const category = this.category ? this.categoryNames[this.category.sample(r)] : undefined;
    const tenant = this.tenant ? this.tenantNames[this.tenant.sample(r)] : undefined;
    return { id, arrivalMs, inputTokens, expectedOutputTokens, qualityTier, budgetUsd, category, clientId: clientId ?? this.clientName(client), tenant };
  }

  private clientName(rank: number): string {
    return (this.clientNames[rank] ??= `c${rank}`);
  }
}
