import { z } from 'zod';
import type { Candidate, Deployment, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { inFlightLoad } from './load-metrics.js';
import type { CandidateFilter } from './pickers/picker-types.js';
import { pickUniform } from './pickers/random-picker.js';
import { CategoryRoundRobin } from './pickers/category-round-robin.js';
import type { StrategyDefinition } from './strategy-definition.js';

/** The seed's RequestClassifier keyword table. */
export const DEFAULT_CATEGORY_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  summarization: ['summarize', 'summary', 'brief', 'overview'],
  classification: ['classify', 'categorize', 'identify', 'detect'],
  generation: ['generate', 'create', 'write', 'compose'],
  analysis: ['analyze', 'examine', 'study', 'investigate'],
  translation: ['translate', 'convert', 'interpret'],
};

const TIE_BREAKS = ['round-robin', 'random', 'least-connections', 'first'] as const;
type TieBreak = (typeof TIE_BREAKS)[number];

export const classifierParamsSchema = z.strictObject({
  keywords: z
    .record(z.string(), z.array(z.string().min(1)).min(1))
    .default(() => structuredClone(DEFAULT_CATEGORY_KEYWORDS) as Record<string, string[]>)
    .describe('Category → keywords matched case-insensitively as substrings of promptText (defaults: the seed table)'),
  capabilities: z
    .record(z.string(), z.array(z.string()))
    .default({})
    .describe('Categories a deployment serves, keyed by deployment id or provider id; replaces deployment.capabilities'),
  tieBreak: z
    .enum(TIE_BREAKS)
    .default('round-robin')
    .describe('How to choose among the deployments capable of the category'),
});
export type ClassifierParams = z.output<typeof classifierParamsSchema>;

/**
 * Keyword classification routed by capability. The category is req.category when present,
 * else the category whose keywords cover the largest fraction of its list in the prompt
 * (the seed's score; ties to the first listed). Unlike the seed, a prompt matching no
 * keyword has no category (the seed called it 'summarization'), and the choice among capable
 * deployments is a configurable tie-break instead of always the first one. With no capable
 * candidate, any candidate is taken round robin.
 */
export class ClassifierStrategy implements Strategy {
  readonly name = 'classifier';
  private readonly keywords: [string, string[]][];
  private readonly capabilityOverrides: Map<string, readonly string[]>;
  private readonly capabilities = new Map<string, ReadonlySet<string>>();
  /** Round robin per category over one shared pick history; its picker also serves requests no candidate is capable of. */
  private readonly byCategory = new CategoryRoundRobin((d) => this.capabilitiesOf(d));
  private readonly tieBreak: TieBreak;
  private category = '';
  private readonly capable: CandidateFilter = (c) => this.capabilitiesOf(c.deployment).has(this.category);

  constructor(params: ClassifierParams, deployments: readonly Deployment[]) {
    this.keywords = Object.entries(params.keywords).map(([cat, words]) => [cat, words.map((w) => w.toLowerCase())]);
    this.capabilityOverrides = new Map(Object.entries(params.capabilities));
    this.tieBreak = params.tieBreak;
    for (const d of deployments) this.capabilitiesOf(d);
  }

  /** The request's category, or undefined when it has none and no keyword matches. */
  classify(req: RouteRequest): string | undefined {
    if (req.category !== undefined) return req.category;
    if (req.promptText === undefined) return undefined;
    const prompt = req.promptText.toLowerCase();
    let best: string | undefined;
    let bestScore = 0;
    for (const [category, words] of this.keywords) {
      let hits = 0;
      for (const word of words) if (prompt.includes(word)) hits++;
      const score = hits / words.length;
      if (score > bestScore) {
        best = category;
        bestScore = score;
      }
    }
    return best;
  }

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx);
    const category = this.classify(req);
    if (category !== undefined) {
      this.category = category;
      const chosen = this.chooseCapable(pool, req, ctx);
      if (chosen !== undefined) return chosen;
    }
    return this.byCategory.picker.pick(pool);
  }

  /** 1 for candidates capable of the request's category, 0 for the others. */
  explain(req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    const category = this.classify(req);
    const scores: Record<string, number> = {};
    for (const c of candidates) {
      scores[c.deployment.id] = category !== undefined && this.capabilitiesOf(c.deployment).has(category) ? 1 : 0;
    }
    return scores;
  }

  private chooseCapable(pool: readonly Candidate[], req: RouteRequest, ctx: PickContext): Candidate | undefined {
    switch (this.tieBreak) {
      case 'round-robin':
        return this.byCategory.pick(pool, this.category, this.capable);
      case 'random': {
        // The filtered draw exactly: one rng.int of the capable count, the r-th capable in pool order.
        const capable = this.byCategory.capable(pool, this.category);
        if (capable === undefined) return pickUniform(pool, ctx.rng, this.capable);
        return capable.length === 0 ? undefined : capable[ctx.rng.int(capable.length)];
      }
      case 'least-connections':
        return this.byCategory.picker.pickMin(pool, req, inFlightLoad, this.capable);
      case 'first': {
        const capable = this.byCategory.capable(pool, this.category);
        return capable === undefined ? pool.find(this.capable) : capable[0];
      }
    }
  }

  private capabilitiesOf(deployment: Deployment): ReadonlySet<string> {
    let caps = this.capabilities.get(deployment.id);
    if (caps === undefined) {
      caps = new Set(
        this.capabilityOverrides.get(deployment.id) ??
          this.capabilityOverrides.get(deployment.providerId) ??
          deployment.capabilities,
      );
      this.capabilities.set(deployment.id, caps);
    }
    return caps;
  }
}

export const classifierStrategy: StrategyDefinition<ClassifierParams> = {
  name: 'classifier',
  description: 'Keyword-classifies the prompt (or uses req.category) and routes to deployments with that capability',
  paramsSchema: classifierParamsSchema,
  perPick: { cost: 'O(1)', why: "the pool's capable members per category are listed once per pool array, and round robin keeps a last-pick order per category (O(capabilities) per pick); a retry's pool is answered from the same lists; tieBreak 'least-connections', and 'random' or 'first' on a retry, scan the candidates, O(N)" },
  create: (params, env) => new ClassifierStrategy(params, env.deployments),
};
