import { z } from 'zod';
import type { Candidate } from '../types.js';
import type { CandidateWeight } from './pickers/picker-types.js';
import type { ParamWarning, StrategyEnv } from './strategy-definition.js';
import { suggestionSuffix } from '../../core/did-you-mean.js';

/** Shared `weights` param: overrides deployment.weight, keyed by deployment id or provider id. */
export const weightsParam = z
  .record(z.string(), z.number().finite().positive())
  .default({})
  .describe(
    'Weight overrides keyed by deployment id ("provider/model") or provider id; a deployment id wins over its provider; unlisted deployments keep deployment.weight',
  );

/** Weight lookup honouring overrides; the plain `deployment.weight` read when there are none. */
export function createWeightOf(overrides: Readonly<Record<string, number>>): CandidateWeight {
  const byKey = new Map(Object.entries(overrides));
  if (byKey.size === 0) return (c: Candidate) => c.deployment.weight;
  return (c: Candidate) =>
    byKey.get(c.deployment.id) ?? byKey.get(c.deployment.providerId) ?? c.deployment.weight;
}

/**
 * Weight overrides whose key names neither a deployment nor a provider: they override
 * nothing, so the weights the user meant are silently not applied.
 */
export function unknownWeightKeys(overrides: Readonly<Record<string, number>>, env: StrategyEnv): ParamWarning[] {
  const known = new Set(env.deployments.flatMap((d) => [d.id, d.providerId]));
  return Object.keys(overrides)
    .filter((key) => !known.has(key))
    .map((key) => ({
      path: ['weights', key],
      atKey: true,
      message: `'${key}' names no deployment ("provider/model") and no provider, so this weight overrides nothing${suggestionSuffix(key, known)}`,
    }));
}
