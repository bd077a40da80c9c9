import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { hashKey } from './pickers/hash.js';
import { HashRing } from './pickers/hash-ring.js';
import { CandidateLookup } from './pickers/candidate-lookup.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const consistentHashParamsSchema = z.strictObject({
  virtualNodes: z
    .number()
    .int()
    .positive()
    .max(10_000)
    .default(160)
    .describe('Ring points per deployment (Ketama uses 160); more points, more even shares'),
});
export type ConsistentHashParams = z.output<typeof consistentHashParamsSchema>;

/** The routing key: clientId, else sessionId, else the request id. */
export function routingKey(req: RouteRequest): string {
  return req.clientId ?? req.sessionId ?? String(req.id);
}

/**
 * Consistent hashing with virtual nodes over ALL deployments (built once): walk clockwise
 * from hash(key) to the first deployment that is a candidate and not yet tried. Excluding a
 * deployment therefore remaps only the keys that were on it; every other key stays put, and
 * they all return when it does.
 */
export class ConsistentHashStrategy implements Strategy {
  readonly name = 'consistent-hash';
  private readonly lookup = new CandidateLookup();

  constructor(private readonly ring: HashRing) {}

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx);
    if (pool.length === 0) return undefined;
    const hash = hashKey(routingKey(req));
    return this.walk(hash, pool) ?? pool[hash % pool.length];
  }

  /** 1 for the candidate the key maps to, 0 for the others. */
  explain(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Record<string, number> {
    const pool = untriedOrAll(candidates, ctx);
    const hash = hashKey(routingKey(req));
    const target = pool.length === 0 ? undefined : (this.walk(hash, pool) ?? pool[hash % pool.length]);
    const scores: Record<string, number> = {};
    for (const c of candidates) scores[c.deployment.id] = c === target ? 1 : 0;
    return scores;
  }

  /** First ring owner clockwise from `hash` that is in `pool`; undefined if none is on the ring. Each step is one map lookup, not a scan of the pool. */
  private walk(hash: number, pool: readonly Candidate[]): Candidate | undefined {
    const members = this.lookup.of(pool);
    const start = this.ring.firstPositionAtOrAfter(hash);
    for (let step = 0; step < this.ring.size; step++) {
      const c = members.get(this.ring.ownerAt(start + step));
      if (c !== undefined) return c;
    }
    return undefined;
  }
}

export const consistentHashStrategy: StrategyDefinition<ConsistentHashParams> = {
  name: 'consistent-hash',
  description: 'Hash ring with virtual nodes on clientId/sessionId/request id; removing a deployment remaps only its keys',
  paramsSchema: consistentHashParamsSchema,
  perPick: { cost: 'O(log N)', why: 'a ring search, then a map lookup per ring step' },
  create: (params, env) =>
    new ConsistentHashStrategy(new HashRing(env.deployments.map((d) => d.id), params.virtualNodes)),
};
