import type { Clock } from '../../core/ports.js';
import type { EmulatedProvider } from './emulated-providers.js';

/**
 * The `x-ratelimit-*` headers OpenAI sends: limits per minute and what is left now. Only for
 * the limits the provider has; the reset is when a full bucket refills (60 simulated s),
 * reported in real seconds.
 */
export function rateLimitHeaders(provider: EmulatedProvider, clock: Clock & { toRealMs(simMs: number): number }): Record<string, string> {
  const { rpm, tpm } = provider.spec.rateLimits;
  if (rpm === undefined && tpm === undefined) return {};
  const left = provider.sim.rateLimitRemaining();
  const reset = `${(clock.toRealMs(60_000) / 1000).toFixed(3)}s`;
  const out: Record<string, string> = {};
  if (rpm !== undefined) {
    out['x-ratelimit-limit-requests'] = String(rpm);
    out['x-ratelimit-remaining-requests'] = String(left.requests ?? 0);
    out['x-ratelimit-reset-requests'] = reset;
  }
  if (tpm !== undefined) {
    out['x-ratelimit-limit-tokens'] = String(tpm);
    out['x-ratelimit-remaining-tokens'] = String(left.tokens ?? 0);
    out['x-ratelimit-reset-tokens'] = reset;
  }
  return out;
}
