import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import type { RouteRequest } from '../../routing/types.js';
import type { RequestSource } from './request-source.js';
import { withStreaming } from './streaming-source.js';

function source(n: number): RequestSource {
  let i = 0;
  return { next: () => (i < n ? ({ id: i, arrivalMs: i++, inputTokens: 1, expectedOutputTokens: 1, qualityTier: 'medium' } as RouteRequest) : undefined) };
}

function drain(s: RequestSource): RouteRequest[] {
  const out: RouteRequest[] = [];
  for (let r = s.next(); r !== undefined; r = s.next()) out.push(r);
  return out;
}

describe('withStreaming', () => {
  it('marks the requested share, from its own stream (the traffic stream is not touched)', () => {
    const n = 20_000;
    const traffic = createRng('traffic');
    const marked = drain(withStreaming(source(n), 0.3, traffic)).filter((r) => r.stream === true).length;
    expect(Math.abs(marked / n - 0.3)).toBeLessThan(3.29 * Math.sqrt((0.3 * 0.7) / n));
    expect(traffic.next()).toBe(createRng('traffic').next());
  });

  it("a request that already says (a trace's stream column) keeps its value, and the others' draws do not move", () => {
    const said = (n: number): RequestSource => {
      const inner = source(n);
      return { next: () => { const r = inner.next(); if (r !== undefined && r.id % 2 === 0) (r as { stream?: boolean }).stream = false; return r; } };
    };
    const mixed = drain(withStreaming(said(1_000), 0.5, createRng('t')));
    const plain = drain(withStreaming(source(1_000), 0.5, createRng('t')));
    expect(mixed.filter((r) => r.id % 2 === 0).every((r) => r.stream === false)).toBe(true);
    expect(mixed.filter((r) => r.id % 2 === 1).map((r) => r.stream)).toEqual(plain.filter((r) => r.id % 2 === 1).map((r) => r.stream));
  });

  it('0 is the source itself; 1 marks every request', () => {
    const s = source(3);
    expect(withStreaming(s, 0, createRng('t'))).toBe(s);
    expect(drain(withStreaming(source(5), 1, createRng('t'))).map((r) => r.stream)).toEqual([true, true, true, true, true]);
  });
});
