import type { Truth } from '../support/ground-truth-log.js';

/**
 * The ground truth calibration must recover: an hour of traffic with two bursts, two providers
 * with different latency families, error kinds and limits (alpha RPM-limited and down for ten
 * minutes, beta TPM-limited).
 */
export const TRUTH: Truth = {
  seed: 'calibrate-truth',
  startUnixMs: Date.UTC(2026, 10, 30, 9, 0, 0),
  arrivals: [
    { untilS: 600, ratePerS: 3 },
    { untilS: 1200, ratePerS: 9 },
    { untilS: 2700, ratePerS: 3 },
    { untilS: 3000, ratePerS: 9 },
    { untilS: 3600, ratePerS: 3 },
  ],
  inputTokens: { kind: 'lognormal', mu: Math.log(800), sigma: 0.6 },
  outputTokens: { kind: 'lognormal', mu: Math.log(200), sigma: 0.5 },
  providers: [
    {
      id: 'alpha', model: 'chat', weight: 3,
      ttftMs: { kind: 'lognormal', mu: Math.log(400), sigma: 0.5 },
      msPerOutputToken: { kind: 'gamma', shape: 4, scale: 4 },
      serverErrorRate: 0.02, timeoutRate: 0, connectionErrorRate: 0,
      rpm: 240,
      outage: { startS: 1800, endS: 2400 },
      inputUsdPerMTok: 1, outputUsdPerMTok: 3,
    },
    {
      id: 'beta', model: 'chat', weight: 2,
      ttftMs: { kind: 'gamma', shape: 9, scale: 80 },
      msPerOutputToken: { kind: 'lognormal', mu: Math.log(25), sigma: 0.2 },
      serverErrorRate: 0, timeoutRate: 0.01, connectionErrorRate: 0.005,
      tpm: 240_000,
      inputUsdPerMTok: 0.5, outputUsdPerMTok: 1.5,
    },
  ],
  maxRetries: 2,
  attemptTimeoutMs: 30_000,
  tenants: ['search', 'chat', 'batch'],
};
