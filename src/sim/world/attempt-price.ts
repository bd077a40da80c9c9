import type { Deployment } from '../../routing/types.js';

/** What a deployment bills for an attempt: cached prompt tokens at the cached-input price when it has one. */
export function attemptPriceUsd(d: Deployment, inputTokens: number, outputTokens: number, cachedInputTokens = 0): number {
  const cachedRate = d.cachedInputUsdPerMTok ?? d.inputUsdPerMTok;
  const input = (inputTokens - cachedInputTokens) * d.inputUsdPerMTok + cachedInputTokens * cachedRate;
  return ((input + outputTokens * d.outputUsdPerMTok) / 1e6) * d.costMultiplier;
}
