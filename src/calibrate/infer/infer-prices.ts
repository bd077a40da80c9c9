import type { LoggedAttempt } from '../logs/logged-request.js';

/**
 * Prices from the logged costs: cost = input × a + output × b by least squares over the
 * successful attempts that were billed, → USD per million tokens. Undefined when fewer than
 * two billed attempts or the tokens do not vary independently (then the price table decides).
 */
export interface InferredPrice {
  readonly inputUsdPerMTok: number;
  readonly outputUsdPerMTok: number;
  readonly n: number;
  /** Largest relative residual: 0 when every cost fits the two prices exactly. */
  readonly maxRelError: number;
}

export function inferPrice(attempts: readonly LoggedAttempt[]): InferredPrice | undefined {
  const billed = attempts.filter((a) => a.outcome === 'success' && a.costUsd > 0);
  if (billed.length < 2) return undefined;
  let sii = 0, soo = 0, sio = 0, sic = 0, soc = 0;
  for (const a of billed) {
    sii += a.inputTokens * a.inputTokens;
    soo += a.outputTokens * a.outputTokens;
    sio += a.inputTokens * a.outputTokens;
    sic += a.inputTokens * a.costUsd;
    soc += a.outputTokens * a.costUsd;
  }
  const det = sii * soo - sio * sio;
  if (!(Math.abs(det) > 1e-9 * sii * soo)) return undefined;
  const a = (sic * soo - soc * sio) / det;
  const b = (soc * sii - sic * sio) / det;
  let maxRelError = 0;
  for (const x of billed) maxRelError = Math.max(maxRelError, Math.abs(a * x.inputTokens + b * x.outputTokens - x.costUsd) / x.costUsd);
  return { inputUsdPerMTok: Math.max(0, a * 1e6), outputUsdPerMTok: Math.max(0, b * 1e6), n: billed.length, maxRelError };
}
