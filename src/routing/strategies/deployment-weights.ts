import { z } from 'zod';
import type { Candidate } from '../types.js';
import type { CandidateWeight } from './pickers/picker-types.js';

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
