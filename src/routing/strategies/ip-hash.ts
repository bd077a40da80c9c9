import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { hashKey } from './pickers/hash.js';
import { RoundRobinPicker } from './pickers/round-robin-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const ipHashParamsSchema = z.strictObject({});
export type IpHashParams = z.output<typeof ipHashParamsSchema>;

/**
 * hash(clientId) mod the number of candidates, with a stable hash (FNV-1a + murmur3 fmix32):
 * the seed used Python's hash(), which is randomized per process, so "sticky" clients moved
 * on every restart. Without a clientId it falls back to round robin (the seed: random).
 */
export class IpHashStrategy implements Strategy {
  readonly name = 'ip-hash';
  private readonly fallback = new RoundRobinPicker();

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx);
    if (pool.length === 0) return undefined;
    if (req.clientId === undefined) return this.fallback.pick(pool);
    return pool[hashKey(req.clientId) % pool.length];
  }

  /** 1 for the candidate this client hashes to, 0 for the others (all 0 without clientId). */
  explain(req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    const target =
      req.clientId === undefined || candidates.length === 0 ? -1 : hashKey(req.clientId) % candidates.length;
    const scores: Record<string, number> = {};
    candidates.forEach((c, i) => (scores[c.deployment.id] = i === target ? 1 : 0));
    return scores;
  }
}

export const ipHashStrategy: StrategyDefinition<IpHashParams> = {
  name: 'ip-hash',
  description: 'Stable hash of clientId modulo the candidates; round robin when there is no clientId',
  paramsSchema: ipHashParamsSchema,
  perPick: { cost: 'O(1)', why: 'a hash modulo the candidates' },
  create: () => new IpHashStrategy(),
};
