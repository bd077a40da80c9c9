import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildFallbackPlan, FallbackConfigError, leastUnhealthy } from './fallback-plan.js';
import { fallbacksSchema, type FallbacksConfig } from '../../config/router-schema.js';
import type { ErrorClass } from '../types.js';

const deployments = [
  { id: 'openai/gpt-4o', providerId: 'openai' },
  { id: 'openai/gpt-4o-mini', providerId: 'openai' },
  { id: 'anthropic/claude', providerId: 'anthropic' },
  { id: 'google/gemini', providerId: 'google' },
];
const fb = (over: Partial<FallbacksConfig>): FallbacksConfig => fallbacksSchema.parse(over);

function thrown(fn: () => unknown): FallbackConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FallbackConfigError);
    return e as FallbackConfigError;
  }
  throw new Error('expected a FallbackConfigError');
}

describe('buildFallbackPlan: validation', () => {
  it('rejects an unknown target with its path', () => {
    const e = thrown(() => buildFallbackPlan(fb({ default: { 'openai/gpt-4o': ['anthropic/claude', 'openai/gpt-5'] } }), deployments));
    expect(e.path).toEqual(['router', 'fallbacks', 'default', 'openai/gpt-4o', 1]);
    expect(e.message).toBe("router.fallbacks.default['openai/gpt-4o'][1]: unknown deployment or provider id 'openai/gpt-5'");
  });

  it('rejects an unknown key with its path', () => {
    const e = thrown(() => buildFallbackPlan(fb({ rateLimited: { mistral: ['openai'] } }), deployments));
    expect(e.path).toEqual(['router', 'fallbacks', 'rateLimited', 'mistral']);
    expect(e.message).toContain("unknown deployment or provider id 'mistral'");
  });

  it('rejects a two-key cycle and reports it', () => {
    const e = thrown(() =>
      buildFallbackPlan(fb({ default: { 'openai/gpt-4o': ['anthropic/claude'], 'anthropic/claude': ['openai/gpt-4o'] } }), deployments),
    );
    expect(e.message).toContain('fallback cycle: openai/gpt-4o → anthropic/claude → openai/gpt-4o');
    expect(e.path).toEqual(['router', 'fallbacks', 'default', 'anthropic/claude', 0]);
  });

  it('rejects cycles through other maps and through provider ids', () => {
    const e = thrown(() =>
      buildFallbackPlan(fb({ rateLimited: { 'openai/gpt-4o': ['google/gemini'] }, providerError: { google: ['anthropic'] }, default: { anthropic: ['openai/gpt-4o'] } }), deployments),
    );
    expect(e.message).toContain('openai/gpt-4o → google/gemini → anthropic/claude → openai/gpt-4o');
  });

  it('rejects a deployment that names itself, but drops self-targets that come from provider expansion', () => {
    const e = thrown(() => buildFallbackPlan(fb({ default: { 'google/gemini': ['google/gemini'] } }), deployments));
    expect(e.message).toContain('google/gemini → google/gemini');
    // "every openai deployment falls back to the mini" — the mini itself gets no self-edge.
    const plan = buildFallbackPlan(fb({ default: { openai: ['openai/gpt-4o-mini', 'google'] } }), deployments);
    expect(plan.chain('openai/gpt-4o', 'default')).toEqual(['openai/gpt-4o-mini', 'google/gemini']);
    expect(plan.chain('openai/gpt-4o-mini', 'default')).toEqual(['google/gemini']);
    // `openai: [openai]` is a genuine cycle between the two openai deployments.
    expect(thrown(() => buildFallbackPlan(fb({ default: { openai: ['openai'] } }), deployments)).message).toContain(
      'openai/gpt-4o → openai/gpt-4o-mini → openai/gpt-4o',
    );
  });
});

describe('buildFallbackPlan: walking', () => {
  const plan = buildFallbackPlan(
    fb({
      default: { openai: ['anthropic', 'google/gemini'], 'openai/gpt-4o-mini': ['google'] },
      rateLimited: { 'openai/gpt-4o': ['openai/gpt-4o-mini'] },
      contextWindow: { 'openai/gpt-4o': ['google/gemini', 'anthropic/claude', 'google'] },
    }),
    deployments,
  );

  it('expands provider keys and targets; a deployment key overrides its provider key; duplicates collapse', () => {
    expect(plan.chain('openai/gpt-4o', 'default')).toEqual(['anthropic/claude', 'google/gemini']);
    expect(plan.chain('openai/gpt-4o-mini', 'default')).toEqual(['google/gemini']);
    expect(plan.chain('openai/gpt-4o', 'contextWindow')).toEqual(['google/gemini', 'anthropic/claude']);
    expect(plan.chain('google/gemini', 'default')).toEqual([]);
  });

  it('walks the error-class chain first, then default, skipping tried ones', () => {
    expect(plan.next('openai/gpt-4o', 'rate-limited', new Set(['openai/gpt-4o']))).toBe('openai/gpt-4o-mini');
    expect(plan.next('openai/gpt-4o', 'rate-limited', new Set(['openai/gpt-4o', 'openai/gpt-4o-mini']))).toBe('anthropic/claude');
    expect(plan.next('openai/gpt-4o', 'provider-error', new Set())).toBe('anthropic/claude');
    expect(plan.next('openai/gpt-4o', 'context-window', new Set(['google/gemini']))).toBe('anthropic/claude');
    expect(plan.next('openai/gpt-4o', undefined, new Set(['anthropic/claude', 'google/gemini']))).toBeUndefined();
    expect(plan.next('unknown/x', 'provider-error', new Set())).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Random graphs: accepted iff acyclic, judged by a different algorithm (Kahn's topological sort).

const MAPS = ['default', 'rateLimited', 'contextWindow', 'providerError'] as const;
const CLASS_MAP: Record<ErrorClass, (typeof MAPS)[number]> = {
  'rate-limited': 'rateLimited',
  'context-window': 'contextWindow',
  'provider-error': 'providerError',
};

function isAcyclic(n: number, edges: readonly (readonly [number, number])[]): boolean {
  const indeg = new Array(n).fill(0);
  const out: number[][] = Array.from({ length: n }, () => []);
  const seen = new Set<string>();
  for (const [a, b] of edges) {
    if (seen.has(`${a}>${b}`)) continue;
    seen.add(`${a}>${b}`);
    out[a].push(b);
    indeg[b]++;
  }
  const queue = indeg.flatMap((d, i) => (d === 0 ? [i] : []));
  let removed = 0;
  while (queue.length > 0) {
    const v = queue.pop()!;
    removed++;
    for (const w of out[v]) if (--indeg[w] === 0) queue.push(w);
  }
  return removed === n;
}

const graphArb = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), {
      maxLength: 12,
    }),
  }),
);

function toConfig(edges: readonly (readonly [number, number, number])[]): FallbacksConfig {
  const cfg = fb({});
  for (const [m, a, b] of edges) {
    const map = cfg[MAPS[m]];
    (map[`p/d${a}`] ??= []).push(`p/d${b}`);
  }
  return cfg;
}

describe('buildFallbackPlan: properties', () => {
  it('accepts a random graph iff it is acyclic; a reported cycle is a real one', () => {
    fc.assert(
      fc.property(graphArb, ({ n, edges }) => {
        const deps = Array.from({ length: n }, (_, i) => ({ id: `p/d${i}`, providerId: 'p' }));
        const acyclic = isAcyclic(n, edges.map(([, a, b]) => [a, b] as const));
        let error: unknown;
        try {
          buildFallbackPlan(toConfig(edges), deps);
        } catch (e) {
          error = e;
        }
        expect(error === undefined).toBe(acyclic);
        if (error !== undefined) {
          expect(error).toBeInstanceOf(FallbackConfigError);
          const cycle = (error as Error).message.split('fallback cycle: ')[1].split(' → ');
          expect(cycle[0]).toBe(cycle.at(-1));
          const edgeSet = new Set(edges.map(([, a, b]) => `p/d${a}>p/d${b}`));
          for (let i = 0; i + 1 < cycle.length; i++) expect(edgeSet.has(`${cycle[i]}>${cycle[i + 1]}`)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('next() follows the chains, never returns a tried id, and a greedy walk terminates', () => {
    fc.assert(
      fc.property(graphArb, fc.constantFrom<ErrorClass>('rate-limited', 'context-window', 'provider-error'), fc.nat(), ({ n, edges }, cls, start) => {
        // Keep only forward edges (a < b) so the graph is acyclic and the plan builds.
        const dag = edges.filter(([, a, b]) => a < b);
        const deps = Array.from({ length: n }, (_, i) => ({ id: `p/d${i}`, providerId: 'p' }));
        const cfg = toConfig(dag);
        const plan = buildFallbackPlan(cfg, deps);
        let cur = `p/d${start % n}`;
        const tried = new Set([cur]);
        for (let steps = 0; ; steps++) {
          expect(steps).toBeLessThanOrEqual(n);
          const want = [...(cfg[CLASS_MAP[cls]][cur] ?? []), ...(cfg.default[cur] ?? [])].find((id) => !tried.has(id));
          const got = plan.next(cur, cls, tried);
          expect(got).toBe(want);
          if (got === undefined) break;
          expect(tried.has(got)).toBe(false);
          tried.add(got);
          cur = got;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('next() cannot loop even on a cyclic walk order: the tried set grows every step', () => {
    const plan = buildFallbackPlan(fb({ default: { a: ['b', 'c'] }, rateLimited: { b: ['c'] } }), [
      { id: 'a/1', providerId: 'a' },
      { id: 'b/1', providerId: 'b' },
      { id: 'c/1', providerId: 'c' },
    ]);
    const tried = new Set(['a/1']);
    expect(plan.next('a/1', 'rate-limited', tried)).toBe('b/1');
    tried.add('b/1');
    expect(plan.next('b/1', 'rate-limited', tried)).toBe('c/1');
    tried.add('c/1');
    expect(plan.next('c/1', 'rate-limited', tried)).toBeUndefined();
    expect(plan.next('a/1', 'provider-error', tried)).toBeUndefined();
  });
});

describe('leastUnhealthy', () => {
  it('picks the fewest failures, ties to the earlier id, missing counts as 0', () => {
    expect(leastUnhealthy(['a', 'b', 'c'], new Map([['a', 3], ['b', 1], ['c', 1]]))).toBe('b');
    expect(leastUnhealthy(['a', 'b'], { a: 2 })).toBe('b');
    expect(leastUnhealthy(['constructor', 'x'], { x: 1 })).toBe('constructor');
    expect(leastUnhealthy(['a', 'b'], (id) => (id === 'a' ? 0 : 5))).toBe('a');
    expect(leastUnhealthy([], new Map())).toBeUndefined();
  });
});
