import type { Deployment, RequestQuality } from './types.js';

/**
 * Reading a request's quality ground truth. One rule for "strong" everywhere (the strategy,
 * the metrics, the lab): a deployment whose model has quality tier 'high' is the strong model,
 * any other is the weak one — so what the router intends and what the metrics score agree.
 */

export function isStrongDeployment(d: Pick<Deployment, 'qualityTier'>): boolean {
  return d.qualityTier === 'high';
}

/** The strong model's score on this prompt in [0, 1]: the graded score, else 1 / 0 for correct / wrong. */
export function strongScoreOf(q: RequestQuality): number {
  return q.strongScore ?? (q.strongCorrect ? 1 : 0);
}

export function weakScoreOf(q: RequestQuality): number {
  return q.weakScore ?? (q.weakCorrect ? 1 : 0);
}

/**
 * Whether the strong model does strictly better than the weak one on this prompt — the event
 * RouteLLM's routers predict ("strong win rate") and the only case where a strong call pays.
 * On binary benchmarks: weak wrong and strong right.
 */
export function strongWins(q: RequestQuality): boolean {
  return strongScoreOf(q) > weakScoreOf(q);
}
