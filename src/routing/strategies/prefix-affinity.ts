import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { FNV_OFFSET_BASIS, FNV_PRIME, fmix32, hashKey } from './pickers/hash.js';
import { HashRing } from './pickers/hash-ring.js';
import { KeptIndex } from './pickers/kept-index.js';
import { PoolInFlight } from './pickers/pool-in-flight.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const prefixAffinityParamsSchema = z.strictObject({
  prefixBlocks: z
    .number()
    .int()
    .positive()
    .max(1_000)
    .default(2)
    .describe('Leading prefix-hash blocks that form the routing key (requests sharing them share a deployment)'),
  loadBound: z
    .number()
    .finite()
    .min(0)
    .max(100)
    .default(0.25)
    .describe('ε of bounded-load hashing: skip a deployment whose in-flight would exceed ⌈(1+ε)× the mean⌉'),
  virtualNodes: z.number().int().positive().max(10_000).default(160).describe('Ring points per deployment'),
});
export type PrefixAffinityParams = z.output<typeof prefixAffinityParamsSchema>;

const TWO_32 = 4_294_967_296;

/**
 * The affinity key: the first `blocks` prefix hashes (requests that share a prompt prefix
 * share a key), else the session, else the client, else the request id.
 */
export function affinityHash(req: RouteRequest, blocks: number): number {
  const hashes = req.prefixHashes;
  if (hashes !== undefined && hashes.length > 0) {
    let h = FNV_OFFSET_BASIS;
    const n = Math.min(blocks, hashes.length);
    for (let i = 0; i < n; i++) {
      const x = hashes[i];
      h = Math.imul(h ^ fmix32(x >>> 0), FNV_PRIME);
      h = Math.imul(h ^ fmix32(Math.floor(x / TWO_32)), FNV_PRIME);
    }
    return fmix32(h);
  }
  return hashKey(req.sessionId ?? req.clientId ?? String(req.id));
}

/**
 * Prefix-affinity routing: consistent hashing on the prompt's leading prefix blocks, so
 * requests that share a prefix meet the KV cache that holds it, with bounded loads
 * (Mirrokni, Thorup & Zadimoghaddam, "Consistent Hashing with Bounded Loads", 2018): walking
 * clockwise, a deployment is taken only while its in-flight count plus this request stays
 * within ⌈(1+ε)·(total in flight + 1)/n⌉. A hot prefix therefore spills to the next
 * deployments on the ring (always the same ones) instead of piling onto one.
 */
export class PrefixAffinityStrategy implements Strategy {
  readonly name = 'prefix-affinity';
  private readonly indexOf: Map<string, number>;
  /** Candidate position + 1 per deployment index for a pick from an unindexed list (0 = not a candidate). */
  private readonly slot: Int32Array;
  /** The router's pool array (seen twice in a row): its total in flight and positions, kept current. */
  private readonly kept = new KeptIndex(
    (pool) => PoolInFlight.over(pool, this.indexOf, this.ring.ids.length),
    (old) => old.dispose(),
  );

  constructor(private readonly ring: HashRing, private readonly params: PrefixAffinityParams) {
    this.indexOf = new Map(ring.ids.map((id, i) => [id, i]));
    this.slot = new Int32Array(ring.ids.length);
  }

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx);
    if (pool.length === 0) return undefined;
    return this.choose(affinityHash(req, this.params.prefixBlocks), pool);
  }

  /** 1 for the candidate this request goes to, 0 for the others. */
  explain(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Record<string, number> {
    const pool = untriedOrAll(candidates, ctx);
    const target = pool.length === 0 ? undefined : this.choose(affinityHash(req, this.params.prefixBlocks), pool);
    const scores: Record<string, number> = {};
    for (const c of candidates) scores[c.deployment.id] = c === target ? 1 : 0;
    return scores;
  }

  /** Ceiling on in-flight attempts (including this one) per deployment. */
  static capacity(pool: readonly Candidate[], epsilon: number): number {
    let total = 0;
    for (const c of pool) total += c.stats.inFlight;
    return capacityOf(total, pool.length, epsilon);
  }

  /**
   * The router's pool (or a retry's cut of it) is answered from the index: O(1) for the bound,
   * then the ring walk. Any other list is marked into `slot`, walked, and unmarked: O(N).
   */
  private choose(hash: number, pool: readonly Candidate[]): Candidate {
    const epsilon = this.params.loadBound;
    const index = this.kept.over(pool);
    const cut = this.kept.cut;
    if (index !== undefined) return this.walk(hash, index.list, index.slotOf, index.counts, cut, capacityOf(index.totalExcept(cut), pool.length, epsilon));
    const cap = PrefixAffinityStrategy.capacity(pool, epsilon);
    for (let i = 0; i < pool.length; i++) this.slot[this.indexOf.get(pool[i].deployment.id)!] = i + 1;
    try {
      return this.walk(hash, pool, this.slot, undefined, undefined, cap);
    } finally {
      for (const c of pool) this.slot[this.indexOf.get(c.deployment.id)!] = 0;
    }
  }

  /**
   * Clockwise from `hash`, the first member of `list` (by `slotOf`, less `cut`) whose in flight
   * plus this request stays within `cap`; in flight read from `counts` by list position when
   * given (the index's copy: the walk then touches only the chosen candidate), else from each
   * candidate's tracker. The ring holds every deployment (see `create`), so the
   * walk meets every candidate, the least loaded one included, and that one always fits: with
   * q·n + r in flight (0 ≤ r < n) it has at most q, and q + 1 = ⌈(q·n + r + 1)/n⌉ ≤ cap.
   */
  private walk(hash: number, list: readonly Candidate[], slotOf: Int32Array, counts: Float64Array | undefined, cut: ReadonlySet<Candidate> | undefined, cap: number): Candidate {
    const ring = this.ring;
    const start = ring.firstPositionAtOrAfter(hash);
    for (let step = 0; step < ring.size; step++) {
      const s = slotOf[ring.ownerIndexAt(start + step)];
      if (s === 0) continue;
      const inFlight = counts === undefined ? list[s - 1].stats.inFlight : counts[s - 1];
      if (inFlight + 1 > cap) continue;
      const c = list[s - 1];
      if (cut === undefined || !cut.has(c)) return c;
    }
    throw new Error('prefix-affinity: no candidate within the load bound (a candidate missing from the ring?)');
  }
}

/** ⌈(1+ε)·(total in flight + 1)/n⌉: bounded-load hashing's ceiling per deployment. */
function capacityOf(totalInFlight: number, n: number, epsilon: number): number {
  return Math.ceil(((1 + epsilon) * (totalInFlight + 1)) / n);
}

export const prefixAffinityStrategy: StrategyDefinition<PrefixAffinityParams> = {
  name: 'prefix-affinity',
  description: 'Consistent hash on the leading prefix-cache blocks (or session/client) with bounded loads: cache hits without hot spots',
  paramsSchema: prefixAffinityParamsSchema,
  perPick: { cost: 'O(log N)', why: "a ring search, then a step per ring point until a deployment within the load bound; the pool's total in flight is kept as the stats trackers report each change (lists other than the pool or a retry's cut of it are scanned)" },
  create: (params, env) =>
    new PrefixAffinityStrategy(new HashRing(env.deployments.map((d) => d.id), params.virtualNodes), params),
};
