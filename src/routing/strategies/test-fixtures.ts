/** Builders for strategy tests: deployments, stats, candidates, requests, contexts, truth. */
import { createRng } from '../../core/rng.js';
import type {
  Candidate,
  Deployment,
  DeploymentStats,
  HealthLevel,
  PickContext,
  RouteRequest,
  TruthPort,
} from '../types.js';

export function makeDeployment(id: string, overrides: Partial<Deployment> = {}): Deployment {
  return {
    id,
    providerId: id.split('/')[0],
    modelId: id.split('/')[1] ?? id,
    weight: 1,
    priority: 0,
    qualityTier: 'medium',
    inputUsdPerMTok: 1,
    outputUsdPerMTok: 2,
    costMultiplier: 1,
    performanceBonus: 0,
    contextWindowTokens: 128_000,
    capabilities: [],
    ...overrides,
  };
}

/** Stats of a deployment that has seen nothing yet (NaN where the contract says so). */
export function makeStats(overrides: Partial<DeploymentStats> = {}): DeploymentStats {
  return {
    inFlight: 0,
    ewmaLatencyMs: Number.NaN,
    peakEwmaLatencyMs: Number.NaN,
    windowSuccessRate: Number.NaN,
    windowMeanLatencyMs: Number.NaN,
    windowCount: 0,
    msPerOutputToken: Number.NaN,
    minuteRequests: 0,
    minuteTokens: 0,
    ...overrides,
  };
}

export function makeCandidate(
  deployment: Deployment,
  stats: Partial<DeploymentStats> = {},
  health: HealthLevel = 'healthy',
): Candidate {
  return { deployment, stats: makeStats(stats), health };
}

/** Candidates for deployments 'p0/m' … 'p{n-1}/m' with default stats. */
export function makeCandidates(n: number, overrides: (i: number) => Partial<Deployment> = () => ({})): Candidate[] {
  return Array.from({ length: n }, (_, i) => makeCandidate(makeDeployment(`p${i}/m`, overrides(i))));
}

export function makeRequest(overrides: Partial<RouteRequest> = {}): RouteRequest {
  return {
    id: 1,
    arrivalMs: 0,
    inputTokens: 1_000,
    expectedOutputTokens: 500,
    qualityTier: 'low',
    ...overrides,
  };
}

export function makeContext(overrides: Partial<PickContext> = {}, seed: string | number = 'test'): PickContext {
  return { nowMs: 0, rng: createRng(seed), attempt: 0, tried: new Set(), ...overrides };
}

/** Ground truth from two tables; deployments missing from `latencyMs` are not serving. */
export function makeTruth(latencyMs: Readonly<Record<string, number>>, serving?: ReadonlySet<string>): TruthPort {
  return {
    isServing: (id) => (serving === undefined ? id in latencyMs : serving.has(id)),
    expectedLatencyMs: (id) => latencyMs[id] ?? 1e9,
  };
}

/** |observed − n·p| ≤ z·sqrt(n·p·(1−p)): a binomial bound at `z` standard errors. */
export function withinBinomial(observed: number, n: number, p: number, z = 5): boolean {
  return Math.abs(observed - n * p) <= z * Math.sqrt(n * p * (1 - p));
}
