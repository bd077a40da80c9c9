/**
 * The ground truth of the live-log calibration test: a scenario whose providers the emulation
 * serves over HTTP with known latency families, error rates, an RPM limit and a one-minute
 * outage, behind a gateway whose router hides nothing from its log: weighted round robin 3 : 2
 * (alpha is offered 360 requests a minute against its limit of 180, so its bucket of one
 * minute's requests empties within the first minute) with retries and no health checks,
 * outlier detection, breakers or cooldowns (the router keeps sending to a provider that is
 * down, so the log shows the outage's edges). Every request is streamed: an unstreamed
 * answer's first token comes with the whole answer, so only streams log a TTFT. Times are
 * scenario time.
 */
export const LIVE_TRUTH = {
  durationS: 150,
  ratePerS: 10,
  alpha: {
    ttftMs: { kind: 'lognormal', mu: Math.log(1500), sigma: 0.4 },
    msPerOutputToken: { kind: 'gamma', shape: 4, scale: 5 },
    serverErrorRate: 0.03,
    rpm: 180,
  },
  beta: {
    ttftMs: { kind: 'gamma', shape: 9, scale: 150 },
    msPerOutputToken: { kind: 'lognormal', mu: Math.log(15), sigma: 0.25 },
    connectionErrorRate: 0.02,
    tpm: 30_000,
    outage: { startS: 40, endS: 100 },
  },
} as const;

const T = LIVE_TRUTH;
export const LIVE_TRUTH_SCENARIO = `
name: live-truth
seed: 11
durationS: ${T.durationS}
traffic:
  arrivals: { kind: poisson, ratePerS: ${T.ratePerS} }
  inputTokens: { kind: lognormal, median: 300, p99: 2000 }
  outputTokens: { kind: lognormal, median: 150, p99: 600 }
  streamFraction: 1
providers:
  - id: alpha
    weight: 3
    latency: { ttftMs: { kind: lognormal, mu: ${T.alpha.ttftMs.mu}, sigma: ${T.alpha.ttftMs.sigma} }, msPerOutputToken: { kind: gamma, shape: ${T.alpha.msPerOutputToken.shape}, scale: ${T.alpha.msPerOutputToken.scale} } }
    errors: { serverErrorRate: ${T.alpha.serverErrorRate} }
    rateLimits: { rpm: ${T.alpha.rpm} }
    models: [{ id: chat, inputUsdPerMTok: 1, outputUsdPerMTok: 3 }]
  - id: beta
    weight: 2
    latency: { ttftMs: { kind: gamma, shape: ${T.beta.ttftMs.shape}, scale: ${T.beta.ttftMs.scale} }, msPerOutputToken: { kind: lognormal, mu: ${T.beta.msPerOutputToken.mu}, sigma: ${T.beta.msPerOutputToken.sigma} } }
    errors: { connectionErrorRate: ${T.beta.connectionErrorRate} }
    rateLimits: { tpm: ${T.beta.tpm} }
    incidents: [{ kind: down, startS: ${T.beta.outage.startS}, durationS: ${T.beta.outage.endS - T.beta.outage.startS} }]
    models: [{ id: chat, inputUsdPerMTok: 0.5, outputUsdPerMTok: 1.5 }]
router:
  strategy: weighted-round-robin
  retries: { maxRetries: 2, baseBackoffMs: 50 }
  timeouts: { attemptMs: 60000, deadlineMs: 120000 }
metrics: { bucketS: 10 }
`;
