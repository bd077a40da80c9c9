import type { ClaimsSpec, Scenario } from '../config/scenario-schema.js';
import type { RunSummary } from '../metrics/run-summary.js';
import { runScenario } from '../sim/run-scenario.js';
import type { ClaimVerdict } from './compare-summary.js';
import { meanCi } from './statistics.js';

/**
 * Verdicts on marketing-style claims ("40% faster, 30% cheaper, 99.9% uptime") for the
 * scenario's `claims` block: the routed strategy on the full scenario against the baseline
 * strategy on a copy restricted to the baseline providers, paired replication by replication
 * (same seeds, same arrivals). A claim "held" when the mean meets the target; the detail says
 * whether the 95% interval clears it, straddles it, or misses it.
 */
export function evaluateClaims(scenario: Scenario, claims: ClaimsSpec, replications: number, seed: number | string): ClaimVerdict[] {
  const baselineScenario = restrictToProviders(scenario, claims.baselineProviders);
  const routed: RunSummary[] = [];
  const baseline: RunSummary[] = [];
  for (let r = 1; r <= replications; r++) {
    routed.push(runScenario(scenario, { strategy: claims.routedStrategy, seed, replication: r }));
    baseline.push(runScenario(baselineScenario, { strategy: claims.baselineStrategy, seed, replication: r }));
  }
  const who = `'${claims.routedStrategy}' across ${scenario.providers.map((p) => p.id).join(', ')} vs '${claims.baselineStrategy}' on ${claims.baselineProviders.join(', ')} only`;
  const verdicts: ClaimVerdict[] = [];
  if (claims.responseTimeImprovement !== undefined) {
    const gains = routed.map((s, i) => 1 - s.latencyMs.mean / baseline[i].latencyMs.mean);
    verdicts.push(reduction(`response times improve by ${pct(claims.responseTimeImprovement)}`, 'faster (mean end-to-end latency)', gains, claims.responseTimeImprovement, who));
  }
  if (claims.costReduction !== undefined) {
    const savings = routed.map((s, i) => 1 - s.costUsd.per1kSuccessful / baseline[i].costUsd.per1kSuccessful);
    verdicts.push(reduction(`costs fall by ${pct(claims.costReduction)}`, 'cheaper (cost per successful request)', savings, claims.costReduction, who));
  }
  if (claims.successRate !== undefined) {
    const ci = meanCi(routed.map((s) => s.successRate));
    const base = meanCi(baseline.map((s) => s.successRate));
    const uptime = meanCi(routed.map((s) => s.uptime));
    verdicts.push({
      claim: `reliability reaches ${pct(claims.successRate, 1)} uptime`,
      measured: `${pct(ci.mean, 3)} of requests succeeded (95% CI ${pct(ci.lo, 3)}–${pct(ci.hi, 3)}); baseline ${pct(base.mean, 3)}`,
      held: ci.mean >= claims.successRate,
      detail: `${confidence(ci, claims.successRate)} Time-based uptime (minutes meeting the ${pct(scenario.metrics.sloSuccessRate, 1)} SLO): ${pct(uptime.mean, 2)}. ${who}.`,
    });
  }
  return verdicts;
}

function reduction(claim: string, what: string, values: number[], target: number, who: string): ClaimVerdict {
  const ci = meanCi(values);
  return {
    claim,
    measured: `${pct(ci.mean)} ${what} (95% CI ${pct(ci.lo)} to ${pct(ci.hi)})`,
    held: ci.mean >= target,
    detail: `${confidence(ci, target)} ${who}; ${values.length} paired replications.`,
  };
}

function confidence(ci: { lo: number; hi: number }, target: number): string {
  if (ci.lo >= target) return 'The whole 95% interval clears the target.';
  if (ci.hi < target) return 'The whole 95% interval falls short of the target.';
  return 'The 95% interval straddles the target: not settled at this number of replications.';
}

function pct(v: number, digits = 1): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(digits)}%` : '–';
}

/** The scenario with only the given providers; fallbacks (which may name others) are dropped. */
export function restrictToProviders(scenario: Scenario, ids: readonly string[]): Scenario {
  const keep = new Set(ids);
  return {
    ...scenario,
    providers: scenario.providers.filter((p) => keep.has(p.id)),
    router: { ...scenario.router, fallbacks: { default: {}, rateLimited: {}, contextWindow: {}, providerError: {} } },
  };
}
